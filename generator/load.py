"""YAML files → typed model. Every file is read safely and checked against its JSON Schema (the same
schemas editors get in their editor); every problem is collected with file:line:column, and the
records of files that are structurally sound are built so cross-file checks can still run.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import referencing

from .errors import DataError, ProblemList, lookalikes
from .inputs import input_tree_problems
from .model import (
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
from .parallel import fork_map
from .paths import Project
from .yamlio import LineDict, LineList, load_yaml

REFERENCE_FILES = {
    "regions.yaml": "regions.schema.json",
    "functions.yaml": "functions.schema.json",
    "agencies.yaml": "agencies.schema.json",
    "themes.yaml": "themes.schema.json",
    "glossary.yaml": "glossary.schema.json",
}


@cache
def _schema_registry(schema_dir: str) -> tuple[referencing.Registry, dict]:
    schemas = {}
    for path in sorted(Path(schema_dir).glob("*.schema.json")):
        schemas[path.name] = json.loads(path.read_text(encoding="utf-8"))
    registry = referencing.Registry().with_resources(
        (name, referencing.Resource.from_contents(schema)) for name, schema in schemas.items()
    )
    # Refs inlined once: resolving them per value was a third of validation time at scale.
    return registry, {name: _python_patterns(_inline_refs(schema, name, schemas)) for name, schema in schemas.items()}


def _python_patterns(node: Any) -> Any:
    """The schemas' patterns are ECMA regexes (for editors), where `$` is the end of the text; in
    Python `$` also matches before a final newline, so `id: "x\\n"` would pass. Use \\Z here."""
    if isinstance(node, list):
        return [_python_patterns(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {k: (re.sub(r"(?<!\\)\$", r"\\Z", v) if k == "pattern" and isinstance(v, str) else _python_patterns(v))
            for k, v in node.items()}


def _inline_refs(node: Any, current: str, schemas: dict, depth: int = 0) -> Any:
    """A copy of a schema with every local or cross-file `$ref` replaced by its target (our schemas
    are not recursive; depth guards against a future one)."""
    if depth > 20:
        raise ValueError(f"schema references nest too deep in {current}")
    if isinstance(node, list):
        return [_inline_refs(item, current, schemas, depth) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        file, _, pointer = node["$ref"].partition("#")
        file = file or current
        target = schemas[file]
        for step in [s for s in pointer.split("/") if s]:
            target = target[step]
        resolved = _inline_refs(target, file, schemas, depth + 1)
        siblings = {k: _inline_refs(v, current, schemas, depth) for k, v in node.items() if k != "$ref"}
        return {**siblings, "allOf": [resolved]} if siblings else resolved
    return {k: (v if k == "$defs" else _inline_refs(v, current, schemas, depth)) for k, v in node.items()}


def schema_problems(data: Any, schema_name: str, path: str, project: Project, problems: ProblemList) -> bool:
    """Check data against a schema; report each violation at its line. Returns True when valid."""
    registry, schemas = _schema_registry(str(project.schema))
    validator = jsonschema.Draft202012Validator(schemas[schema_name], registry=registry)
    ok = True
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        ok = False
        line, column = _locate(data, list(error.absolute_path))
        message, fix = _explain(error, data)
        problems.error(path, line, message, fix, column)
    return ok


def _locate(data: Any, route: list) -> tuple[int, int]:
    line, column, node = getattr(data, "line", 0), 0, data
    for step in route:
        if isinstance(node, LineDict) and step in node:
            line, column = node.line_of(step), node.column_of(step)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and step < len(node):
            line, column = node.line_of(step), node.column_of(step)
            node = node[step]
        else:
            break
    return line, column


def _field_path(error: jsonschema.ValidationError) -> str:
    parts = []
    for step in error.absolute_path:
        parts.append(f"[{step}]" if isinstance(step, int) else (("." if parts else "") + str(step)))
    return "".join(parts) or "(top level)"


def _written_bool(data: Any, route: list) -> str | None:
    """How the editor wrote a value YAML read as true/false (`no`, `off` …), if it was one."""
    if not route or not isinstance(_value_at(data, route), bool):
        return None
    parent = _value_at(data, route[:-1])
    return getattr(parent, "written", {}).get(route[-1])


def _value_at(data: Any, route: list) -> Any:
    node = data
    for step in route:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _explain(error: jsonschema.ValidationError, data: Any = None) -> tuple[str, str]:
    where = _field_path(error)
    written = _written_bool(data, list(error.absolute_path))
    if written is not None and error.validator in ("type", "anyOf", "pattern", "enum"):
        return (f"{where}: {written} is read as {str(error.instance).lower()} (YAML reads yes/no/on/off as true/false)",
                f"quote it if you mean the text: '{written}'")
    validator = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        name = extra[0] if extra else "?"
        guess = difflib.get_close_matches(str(name), allowed, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"allowed fields: {', '.join(allowed)}"
        return f"{where}: unknown field '{name}'", hint
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{where}: missing required field '{missing}'", f"add '{missing}:' (use null when the source does not say)"
    if validator == "enum":
        choices = ", ".join(repr(c) for c in error.validator_value)
        guess = difflib.get_close_matches(str(error.instance), [str(c) for c in error.validator_value], n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"use one of {choices}"
        return f"{where}: '{error.instance}' is not an allowed value", hint
    if validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, str) else " or ".join(error.validator_value)
        got = type(error.instance).__name__.replace("str", "text").replace("dict", "mapping").replace("NoneType", "null")
        got = got.replace("LineDict", "mapping").replace("LineList", "list")
        return f"{where}: expected {expected}, found {got}", f"write {'an' if expected[:1] in 'aeiou' else 'a'} {expected} here"
    if validator == "pattern":
        description = schema.get("description", f"the pattern {error.validator_value}")
        return f"{where}: '{error.instance}' is not valid{lookalikes(str(error.instance))}", f"use {description}"
    if validator in ("maxLength", "minLength", "minItems", "maxItems", "minimum"):
        return f"{where}: {error.message}", "shorten or complete this value"
    if validator == "anyOf":
        return (f"{where}: '{error.instance}' is not valid here{lookalikes(str(error.instance))}",
                "check the allowed form in data/schema")
    return f"{where}: {error.message}", "see data/schema for the expected form"


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
                           "move its documents up into data/documents/ (one <id>.yaml per document)")
        elif entry.suffix == ".yaml":
            paths.append(entry)
        elif entry.suffix == ".yml":
            problems.error(rel, 0, "not read: document files end in .yaml", f"rename it to {entry.stem}.yaml")
        else:
            problems.error(rel, 0, "not a document file: data/documents/ holds only <id>.yaml files",
                           "move it elsewhere (seeds go in seeds/)")
    return paths


def load_corpus(project: Project, only_documents: list[Path] | None = None) -> tuple[Corpus, ProblemList]:
    """Load everything; never raises for data problems — they come back in the ProblemList."""
    problems = ProblemList()
    corpus = Corpus()
    refused = input_tree_problems(project)
    if refused:  # read nothing while a link or device is among the inputs
        problems.extend(refused)
        corpus.unavailable.update(["regions", "functions", "agencies", "themes", "glossary", "frameworks", "documents"])
        return corpus, problems
    read_checked(project.templates / "strings.yaml", STRINGS_SCHEMA, project, problems)
    for filename, schema in REFERENCE_FILES.items():
        path = project.data / filename
        data = read_checked(path, schema, project, problems)
        if data is None:
            corpus.unavailable.add(filename.removesuffix(".yaml"))
            continue
        rel = project.relative(path)
        for i, item in enumerate(data):
            where = Where(rel, data.line_of(i))
            _add(corpus, filename, item, where, problems)
    for path in sorted((project.data / "frameworks").glob("*.yaml")):
        data = read_checked(path, "framework.schema.json", project, problems)
        if data is None:
            corpus.unavailable.add("frameworks")
        else:
            fw = _framework(data, Where(project.relative(path), 1))
            corpus.frameworks[fw.id] = fw
    doc_paths = only_documents if only_documents is not None else document_paths(project, problems)
    for doc, id_line, found in fork_map(lambda path: _load_document(path, project), doc_paths):
        problems.extend(found)
        if doc is None:
            continue
        if doc.id in corpus.documents:
            first = corpus.documents[doc.id].where
            problems.error(doc.where.path, id_line, f"document id '{doc.id}' is already used by {first.path}",
                           "give each document its own id (and file name)")
            continue
        corpus.documents[doc.id] = doc
    return corpus, problems


def _load_document(path: Path, project: Project) -> tuple[Document | None, int, list]:
    """One document file → (document or None, line of its id, problems); independent of the others."""
    problems = ProblemList()
    data = read_checked(path, "document.schema.json", project, problems)
    if data is None:
        return None, 0, problems.problems
    return _document(data, Where(project.relative(path), 1)), data.line_of("id"), problems.problems


def read_checked(path: Path, schema: str, project: Project, problems: ProblemList):
    """A data file read safely (limits, line numbers) and checked against its schema; None, with the
    problems recorded, when it is missing, empty, not YAML or invalid."""
    rel = project.relative(path)
    if not path.exists():
        problems.error(rel, 0, "file is missing", f"create it (see data/schema/{schema})")
        return None
    try:
        data = load_yaml(path)
    except DataError as exc:
        for p in exc.problems:
            problems.error(rel, p.line, p.message, p.fix, p.column)
        return None
    if data is None:
        problems.error(rel, 1, "file is empty", f"fill it in (see data/schema/{schema})")
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
                       "ids must be unique: rename or merge the two entries")
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
                     data.get("date"), parts, items, where)


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
