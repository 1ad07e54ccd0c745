"""`python -m generator ingest`: seeds → draft YAML files, refusing (or merging) where YAML exists."""

from __future__ import annotations

from pathlib import Path

from generator.data.inputs import MAX_SEED_BYTES, read_bounded
from generator.data.yamlio import dump_yaml, load_yaml, write_atomic
from generator.errors import DataError, IngestError, Problem
from generator.ingest import ingest_bytes, merge
from generator.paths import Project

DOCUMENT_SCHEMA = "../schema/document.schema.json"


def known_regions(project: Project) -> list[dict]:
    path = project.data / "regions.yaml"
    if not path.exists():
        return []
    data = load_yaml(path)
    return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []


def ingest_seed(project: Project, seed: Path, doc_id: str | None = None, mode: str = "refuse") -> list[str]:
    """Ingest one seed; mode is "refuse" (default), "merge" or "missing-only". Returns report lines."""
    seed = Path(seed)
    if not seed.is_absolute() and (project.root / seed).exists():
        seed = project.root / seed  # seeds/x.html is the project's seed (--root), whatever the working directory
    doc_id = doc_id or seed.stem
    target = project.documents / f"{doc_id}.yaml"
    if target.exists() and mode == "missing-only":
        return []
    try:  # a regular file under the size limit, checked on the open file (no link, device or pipe)
        raw = read_bounded(seed, MAX_SEED_BYTES, project.relative(seed))
    except DataError as exc:
        raise IngestError(exc.problems) from None
    result = ingest_bytes(raw, project.relative(seed), doc_id, known_regions(project))
    document = result.document
    report = [f"{project.relative(target)}: drafted from {project.relative(seed)}"] + ["  " + r for r in result.report]
    if target.exists():
        if mode != "merge":
            raise IngestError(
                Problem(project.relative(target), 0, 0, "a YAML for this seed already exists and may hold editorial work",
                        "re-run with --merge to keep translations, themes and agency resolutions, or delete the file to start over",
                        code="E-INGEST-EXISTS")
            )
        try:
            existing = load_yaml(target)
        except DataError as exc:
            raise IngestError(exc.problems) from None
        document, merge_report = merge(document, existing if isinstance(existing, dict) else {})
        report.append(f"  merged: kept {len(merge_report.kept)} editorial fields")
        report += ["  NOT carried over: " + line for line in merge_report.dropped]
    write_atomic(target, dump_yaml(document, schema=DOCUMENT_SCHEMA))
    return report
