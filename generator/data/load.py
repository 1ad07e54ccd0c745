"""YAML files → typed model. Every file is read safely and checked against its JSON Schema (`schemacheck`, the same
schemas editors get in their editor); every problem is collected with file:line:column, and the
records of files that are structurally sound are built so cross-file checks can still run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.data.fingerprints import document_fingerprints
from generator.data.inputs import input_tree_problems, read_bounded
from generator.data.load_cache import MISS, LoadCache
from generator.data.model import (
    Agency,
    ChromeLine,
    Corpus,
    Document,
    Framework,
    FrameworkItem,
    FrontLine,
    Function,
    GlossaryTerm,
    Provision,
    Reference,
    Region,
    Responsibility,
    Text,
    Theme,
    ThemeRef,
    UnitRef,
    Where,
)
from generator.data.schemacheck import schema_problems
from generator.data.yamlio import MAX_FILE_BYTES, LineDict, LineList, load_yaml, read_text
from generator.errors import DataError, ProblemList
from generator.files import content_key
from generator.parallel import fork_map
from generator.paths import Project

REFERENCE_FILES = {
    "regions.yaml": "regions.schema.json",
    "functions.yaml": "functions.schema.json",
    "agencies.yaml": "agencies.schema.json",
    "themes.yaml": "themes.schema.json",
    "glossary.yaml": "glossary.schema.json",
}


def _text(value: Any, default_source: str | None = None, default_reviewed: bool = False) -> Text | None:
    if not isinstance(value, dict):
        return None
    en = value.get("en") or None
    return Text(
        zh=value.get("zh") or None,
        en=en,
        en_source=(value.get("en_source") or default_source) if en else None,
        en_reviewed=bool(value.get("en_reviewed", default_reviewed)) if en else False,
    )


def _name(value: Any) -> Text:
    return _text(value) or Text(None, None)


STRINGS_SCHEMA = "strings.schema.json"


def load_strings(project: Project) -> dict:
    """templates/strings.yaml, checked like any data file (safe YAML with limits, no duplicate keys,
    its JSON Schema); raises DataError with path:line:column."""
    problems = ProblemList()
    strings = read_checked(project.templates / "strings.yaml", STRINGS_SCHEMA, project, problems)
    problems.raise_if_errors()
    return strings


def document_paths(project: Project, problems: ProblemList) -> list[Path]:
    """data/documents/*.yaml; anything else there is reported, not silently skipped."""
    paths = []
    folder = project.documents
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        rel = project.relative(entry)
        if entry.name.startswith("."):
            continue  # editor and atomic-write temporaries
        if entry.is_dir():
            problems.error(rel, 0, "a folder inside data/documents/ is not read",
                           "move its documents up into data/documents/ (one <id>.yaml per document)", code="E-FILE-STRAY")
        elif entry.suffix == ".yaml":
            paths.append(entry)
        elif entry.suffix == ".yml":
            problems.error(rel, 0, "not read: document files end in .yaml", f"rename it to {entry.stem}.yaml", code="E-FILE-STRAY")
        else:
            problems.error(rel, 0, "not a document file: data/documents/ holds only <id>.yaml files",
                           "move it elsewhere (seeds go in seeds/)", code="E-FILE-STRAY")
    return paths


def load_corpus(project: Project, only_documents: list[Path] | None = None,
                cache: LoadCache | None = None) -> tuple[Corpus, ProblemList]:
    """Load everything; never raises for data problems — they come back in the ProblemList. With a
    `cache`, files whose read key is in .build/load-cache are not parsed or schema-checked again."""
    cache = cache or LoadCache(project, enabled=False)
    problems = ProblemList()
    corpus = Corpus()
    refused = input_tree_problems(project)
    if refused:  # read nothing while a link or device is among the inputs
        problems.extend(refused)
        corpus.unavailable.update(["regions", "functions", "agencies", "themes", "glossary", "frameworks", "documents"])
        return corpus, problems
    files = [(project.templates / "strings.yaml", STRINGS_SCHEMA)]  # checked here, read by the site stage
    files += [(project.data / name, schema) for name, schema in REFERENCE_FILES.items()]
    files += [(path, "framework.schema.json") for path in sorted((project.data / "frameworks").glob("*.yaml"))]
    listed = ProblemList()  # reported after the reference files' problems, as when it listed them afterwards
    doc_paths = only_documents if only_documents is not None else document_paths(project, listed)
    read, loaded = _load_files(project, files, doc_paths, cache)
    problems.extend(read[0][1])
    for (path, schema), (data, found) in list(zip(files, read, strict=True))[1:]:
        problems.extend(found)
        rel = project.relative(path)
        if schema == "framework.schema.json":
            if data is None:
                corpus.unavailable.add("frameworks")
            else:
                fw = _framework(data, Where(rel, 1))
                corpus.frameworks[fw.id] = fw
        elif data is None:
            corpus.unavailable.add(path.stem)
        else:
            for i, item in enumerate(data):
                _add(corpus, path.name, item, Where(rel, data.line_of(i)), problems)
    problems.extend(listed.problems)
    for doc, id_line, found in loaded:
        problems.extend(found)
        if doc is None:
            continue
        if doc.id in corpus.documents:
            first = corpus.documents[doc.id].where
            problems.error(doc.where.path, id_line, f"document id '{doc.id}' is already used by {first.path}",
                           "give each document its own id (and file name)", code="E-ID-DUPLICATE")
            continue
        corpus.documents[doc.id] = doc
    return corpus, problems


DOCUMENT_SCHEMA = "document.schema.json"


def _load_files(project: Project, files: list[tuple[Path, str]], doc_paths: list[Path], cache: LoadCache) -> tuple[list, list]:
    """Each of `files` (path, schema) as (data or None, problems), and each document as (document or None,
    line of its id, problems), in order: from the cache where the bytes were loaded before, the others
    parsed side by side, reference files and documents in one pool (at 100× the agency register alone
    is as much YAML as dozens of documents, and it was parsed while the other core waited)."""
    todo: list[tuple] = []
    read: list = []
    for n, (path, schema) in enumerate(files):
        rel = project.relative(path)
        raw, key = _read_key(path, schema, project, cache)
        if n and cache.enabled:  # the reference files' keys are in every document's checks' key
            cache.reference_keys.append(key or f"unreadable {rel}")
        read.append(cache.get("read", rel, key))
        if read[-1] is MISS:
            todo.append((False, len(read) - 1, path, schema, raw, key))
    loaded: list = []
    for path in doc_paths:
        rel = project.relative(path)
        raw, key = _read_key(path, DOCUMENT_SCHEMA, project, cache)
        if key:
            cache.document_keys[rel] = key
        loaded.append(cache.get("read", rel, key))
        if loaded[-1] is MISS:
            todo.append((True, len(loaded) - 1, path, DOCUMENT_SCHEMA, raw, key))

    def load(item: tuple) -> tuple:
        is_document, _, path, schema, raw, key = item
        if is_document:
            done = _parse_document(path, project, raw)
        else:
            found = ProblemList()
            done = (read_checked(path, schema, project, found, raw), found.problems), None
        cache.put("read", project.relative(path), key, done[0])  # stored by the worker: the parent would pickle it again
        return done

    for (is_document, index, path, _, raw, key), (result, fingerprints) in zip(todo, fork_map(load, todo), strict=True):
        cache.remember("read", project.relative(path), key, result)
        if fingerprints is not None:  # for dataset.snapshot, which would parse the file again
            cache.fingerprints[project.relative(path)] = (content_key(raw) if cache.enabled else None, fingerprints)
        (loaded if is_document else read)[index] = result
    return read, loaded


def _read_key(path: Path, schema: str, project: Project, cache: LoadCache) -> tuple[bytes | None, str | None]:
    """The file's bytes and its cache key; (None, None) when the cache is off or the file cannot be
    read (the uncached load reports why)."""
    if not cache.enabled:
        return None, None
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except DataError:
        return None, None
    return raw, cache.read_key(project.relative(path), schema, raw)


def _load_document(path: Path, project: Project, raw: bytes | None = None) -> tuple[Document | None, int, list]:
    """One document file → (document or None, line of its id, problems); independent of the others."""
    return _parse_document(path, project, raw)[0]


def _parse_document(path: Path, project: Project, raw: bytes | None = None) -> tuple[tuple[Document | None, int, list], tuple | None]:
    """`_load_document`'s result and the file's release fingerprints (None when it did not load)."""
    problems = ProblemList()
    data = read_checked(path, DOCUMENT_SCHEMA, project, problems, raw=raw)
    if data is None:
        return (None, 0, problems.problems), None
    fingerprints = document_fingerprints(data)  # before _document, from the YAML exactly as parsed
    return (_document(data, Where(project.relative(path), 1)), data.line_of("id"), problems.problems), fingerprints


def read_checked(path: Path, schema: str, project: Project, problems: ProblemList, raw: bytes | None = None):
    """A data file read safely (limits, line numbers) and checked against its schema; None, with the
    problems recorded, when it is missing, empty, not YAML or invalid. `raw`: its bytes, already read
    (`_load_files` keeps the (data, problems) of bytes read before in the load cache)."""
    rel = project.relative(path)
    if raw is None and not path.exists():
        problems.error(rel, 0, "file is missing", f"create it (see data/schema/{schema})", code="E-FILE-MISSING")
        return None
    try:
        data = load_yaml(path, read_text(path, raw))
    except DataError as exc:
        for p in exc.problems:
            problems.error(rel, p.line, p.message, p.fix, p.column, code=p.code)
        return None
    if data is None:
        problems.error(rel, 1, "file is empty", f"fill it in (see data/schema/{schema})", code="E-FILE-EMPTY")
        return None
    if not schema_problems(data, schema, rel, project, problems):
        return None
    return data


def _add(corpus: Corpus, filename: str, item: dict, where: Where, problems: ProblemList) -> None:
    if filename == "glossary.yaml":
        note = item.get("note")
        if isinstance(note, dict):
            note = note.get("en")
        corpus.glossary.append(GlossaryTerm(item["zh"], item["en"], list(item.get("accept") or []), note, where,
                                            list(item.get("exclude") or []), list(item.get("avoid") or [])))
        return
    table = {"regions.yaml": corpus.regions, "functions.yaml": corpus.functions,
             "agencies.yaml": corpus.agencies, "themes.yaml": corpus.themes}[filename]
    if item["id"] in table:
        problems.error(where.path, where.line, f"duplicate id '{item['id']}' (first at line {table[item['id']].where.line})",
                       "ids must be unique: rename or merge the two entries", code="E-ID-DUPLICATE")
        return
    if filename == "regions.yaml":
        record = Region(item["id"], _name(item["name"]), item["level"], item.get("parent"), item.get("code"),
                        list(item.get("aliases") or []), where)
    elif filename == "functions.yaml":
        record = Function(item["id"], _name(item["name"]), where)
    elif filename == "agencies.yaml":
        record = Agency(item["id"], _name(item["name"]), _text(item.get("short")), item["jurisdiction"],
                        item["function"], item["kind"], item.get("parent"), list(item.get("aliases") or []), where,
                        _text(item.get("note")))
    else:
        record = Theme(item["id"], _name(item["name"]), _name(item["description"]), item.get("framework_item"), where)
    table[item["id"]] = record


def _framework(data: dict, where: Where) -> Framework:
    parts, items = [], []
    for part in data["parts"]:
        parts.append((part["id"], _name(part["name"])))
        for item in part["items"]:
            items.append(FrameworkItem(item["id"], part["id"], _name(item["name"]), item.get("theme"),
                                       _text(item.get("text"))))
    return Framework(data["id"], _name(data["title"]), data.get("number"), _text(data.get("issuer")),
                     data.get("date"), parts, items, where, data.get("url"))


def _document(data: LineDict, where: Where) -> Document:
    tr = data.get("translation") or {}
    source, reviewed = tr.get("source"), bool(tr.get("reviewed", False))

    def text(value):
        return _text(value, source, reviewed)

    src = data.get("source") or {}
    dates = data.get("dates") or {}
    unordered_from = data.get("unordered_units_from")
    provisions: list[Provision] = []
    items: LineList = data["provisions"]
    unordered = False
    for i, raw in enumerate(items):
        line = items.line_of(i)
        if unordered_from and raw["id"] == unordered_from:
            unordered = True
        resp = None
        if raw.get("responsibility"):
            r = raw["responsibility"]
            units = r["units"]
            resp = Responsibility(
                r["printed"], r.get("label"), r.get("note"),
                [UnitRef(u["name"], u["role"], u.get("agency"), units.line_of(j)) for j, u in enumerate(units)],
                unordered=unordered, printed_with=r.get("printed_with"),
            )
        themes = raw.get("themes") or LineList()
        overrides = raw.get("targets") or LineList()
        not_themes = raw.get("themes_not") or LineList()
        parent = raw["id"].rsplit(".", 1)[0] if "." in raw["id"] else None
        provisions.append(Provision(
            id=raw["id"], label=raw.get("label"), kind=raw["kind"], heading=text(raw.get("heading")),
            text=text(raw.get("text")), responsibility=resp,
            themes=[ThemeRef(t["id"], t.get("why"), themes.line_of(j)) for j, t in enumerate(themes)],
            framework=list(raw.get("framework") or []), notes=raw.get("notes"), line=line,
            depth=raw["id"].count("."), parent=parent,
            deadline=text({k: v for k, v in raw["deadline"].items() if k != "printed_with"}) if raw.get("deadline") else None,
            deadline_printed_with=(raw.get("deadline") or {}).get("printed_with"),
            targets=[dict(o, line=overrides.line_of(j)) for j, o in enumerate(overrides)],
            themes_not=[ThemeRef(t["id"], t.get("why"), not_themes.line_of(j)) for j, t in enumerate(not_themes)],
        ))
    return Document(
        id=data["id"], region=data.get("region"), title=text(data.get("title")), issuer=text(data.get("issuer")),
        issuer_note=text(data.get("issuer_note")), doc_number=data.get("doc_number"),
        issued=dates.get("issued"), published=dates.get("published"), seed=src.get("seed"),
        seed_sha256=src.get("sha256"), publisher=text(src.get("publisher")), url=src.get("url"),
        implements=[Reference(r.get("title"), r.get("number"), r.get("en")) for r in data.get("implements") or []],
        cites=[Reference(r.get("title"), r.get("number"), r.get("en")) for r in data.get("cites") or []],
        unordered_units_from=unordered_from, translation_source=source, translation_reviewed=reviewed,
        front=[FrontLine(f["line"], f["role"], text(f["text"]) or Text(None)) for f in data.get("front") or []],
        chrome=[ChromeLine(c["line"], c["reason"], c["text"]) for c in data.get("chrome") or []],
        preamble=text(data.get("preamble")), closing=text(data.get("closing")),
        provisions=provisions, where=where, key_lines=dict(data.key_lines),
        issuers=[t for t in (text(v) for v in data.get("issuers") or []) if t],
        adopted=dates.get("adopted"), adopted_by=text(data.get("adopted_by")), effective=dates.get("effective"),
        archive_url=src.get("archive_url"), transcribed_from=text(src.get("transcribed_from")),
        editorial_title=text(data.get("editorial_title")),
    )
