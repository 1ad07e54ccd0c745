"""The seed is the evidence: prove that a seed-backed document still holds every character of it.

For a web page or Word file "the seed" is its extracted text (ingest.sources), which ingest
reproduces exactly from the same bytes. Every non-whitespace character of the seed must land in exactly one place, in order:
  - a `chrome` entry (dropped page furniture) or a `front` entry, at its recorded line, or
  - the body stream: preamble, then each provision's label + heading + text + printed
    responsibility, then the closing.
A seed edited after ingest is reported with the provisions whose Chinese no longer matches it.
"""

from __future__ import annotations

from pathlib import Path

from generator.data.inputs import MAX_SEED_BYTES, read_bounded
from generator.data.model import Document
from generator.errors import DataError, GeneratorError, ProblemList
from generator.ingest import ingest_bytes, squeeze
from generator.ingest.lines import split_lines
from generator.paths import Project


def body_pieces(doc: Document) -> list[tuple[str, str]]:
    """(where, text) in reading order for everything that is not chrome or front matter."""
    pieces = []
    if doc.preamble and doc.preamble.zh:
        pieces.append(("preamble", doc.preamble.zh))
    for p in doc.provisions:
        # a merged table cell (printed_with) is printed once, with the first measure it covers
        deadline = p.deadline and not p.deadline_printed_with and p.deadline.zh
        for part, value in (("label", p.label), ("heading", p.heading and p.heading.zh),
                            ("text", p.text and p.text.zh),
                            ("responsibility", p.responsibility and p.responsibility.printed),
                            ("deadline", deadline)):
            if value:
                pieces.append((f"provision {p.id} {part}", value))
    if doc.closing and doc.closing.zh:
        pieces.append(("closing", doc.closing.zh))
    return pieces


def check_seed(doc: Document, project: Project, problems: ProblemList, regions: list[dict] | None = None) -> None:
    if not doc.seed:
        return
    path = doc.where.path
    seed_path = project.root / doc.seed
    if not seed_path.exists() and not seed_path.is_symlink():
        problems.error(path, doc.line_of("source"), f"seed file {doc.seed} is missing", "restore the seed or correct source.seed",
                       code="E-SEED-MISSING")
        return
    try:  # a regular file under the size limit, checked on the open file (no link, device or pipe)
        raw = read_bounded(seed_path, MAX_SEED_BYTES, doc.seed)
    except DataError as exc:
        problems.error(path, doc.line_of("source"), f"seed file {doc.seed}: {exc.problems[0].message}", exc.problems[0].fix,
                       code="E-SEED-UNREADABLE")
        return
    try:
        reference = ingest_bytes(raw, doc.seed, doc.id, regions)
    except GeneratorError as exc:
        for p in exc.problems:
            problems.error(path, doc.line_of("source"), f"seed {doc.seed} no longer ingests: {p.message}", p.fix, code="E-SEED-UNREADABLE")
        return
    lines = {line.number: line.text for line in split_lines(reference.text)}
    placed: set[int] = set()
    for kind, entries in (("chrome", [(c.line, c.text) for c in doc.chrome]),
                          ("front", [(f.line, f.text.zh or "") for f in doc.front])):
        for number, text in entries:
            if squeeze(lines.get(number, "")) != squeeze(text):
                problems.error(path, doc.line_of(kind), f"{kind} entry for seed line {number} does not match the seed "
                               f"(seed has: {lines.get(number, '(no such line)')[:40]!r})",
                               "re-run `python -m generator ingest --merge` for this seed", code="E-SEED-DRIFT")
            placed.add(number)
    seed_body = squeeze("".join(text for number, text in sorted(lines.items()) if number not in placed))
    ours = squeeze("".join(text for _, text in body_pieces(doc)))
    if seed_body == ours:
        return
    drifted = _drifted_provisions(doc, reference.document)
    at = next((i for i, (a, b) in enumerate(zip(seed_body, ours)) if a != b), min(len(seed_body), len(ours)))
    context = seed_body[max(0, at - 12): at + 12]
    detail = f"; provisions that differ: {', '.join(drifted)}" if drifted else ""
    drifted_ids = {entry.split()[0] for entry in drifted}  # entries read "2.5 text"
    first = next((p.line for p in doc.provisions if p.id in drifted_ids), 0)
    problems.error(path, first or doc.line_of("provisions"),
                   f"the Chinese text no longer matches seed {doc.seed} (first difference at character {at}, "
                   f"seed reads …{context}…){detail}",
                   "the seed is the evidence: restore the Chinese from the seed, or if the seed was corrected, "
                   "re-run `python -m generator ingest --merge " + doc.seed + "`", code="E-SEED-DRIFT")


def _drifted_provisions(doc: Document, draft: dict) -> list[str]:
    fresh = {p["id"]: p for p in draft["provisions"]}
    drifted = []
    for p in doc.provisions:
        f = fresh.get(p.id)
        if f is None:
            drifted.append(f"{p.id} (not in the seed)")
            continue
        for key, ours in (("heading", p.heading and p.heading.zh), ("text", p.text and p.text.zh)):
            theirs = (f.get(key) or {}).get("zh")
            if squeeze(ours or "") != squeeze(theirs or ""):
                drifted.append(f"{p.id} {key}")
        printed = (f.get("responsibility") or {}).get("printed")
        if squeeze(printed or "") != squeeze(p.responsibility.printed if p.responsibility else ""):
            drifted.append(f"{p.id} responsibility")
    ours_ids = {p.id for p in doc.provisions}
    drifted += [f"{pid} (only in the seed)" for pid in fresh if pid not in ours_ids]
    return drifted


def seed_paths(project: Project) -> list[Path]:
    """Every seed ingest can read: texts, saved web pages, Word files."""
    from generator.ingest.sources import SEED_SUFFIXES

    return sorted(p for p in project.seeds.iterdir() if p.suffix.lower() in SEED_SUFFIXES) if project.seeds.is_dir() else []
