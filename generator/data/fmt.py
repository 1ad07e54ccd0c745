"""`make fmt` / `python -m generator fmt [--check]`: one canonical YAML style for every data file.

Canonical = the schema line, then the file's leading comment block kept verbatim, then the data as
`yamlio.dump_yaml` writes it. Comments anywhere else would be lost by a rewrite, so `fmt` refuses
such files (move the remark into a `note` field) instead of dropping them silently. `--check` lists
every non-canonical file with a diff and exits 1 (the tests run it: congress-legislators' lint).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from generator.data.yamlio import SCHEMA_LINE_PREFIX, dump_yaml, load_yaml, read_text, write_atomic
from generator.errors import DataError, ProblemList
from generator.paths import Project

_COMMENT = re.compile(r"^\s*#")


def schema_for(project: Project, path: Path) -> str:
    rel = path.relative_to(project.data)
    if rel.parts[0] == "documents":
        return "../schema/document.schema.json"
    if rel.parts[0] == "frameworks":
        return "../schema/framework.schema.json"
    return f"schema/{rel.stem}.schema.json"


def data_files(project: Project) -> list[Path]:
    return sorted(p for p in project.data.rglob("*.yaml") if "schema" not in p.relative_to(project.data).parts)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def canonical(project: Project, path: Path, problems: ProblemList) -> tuple[str, str] | None:
    """(current text, canonical text), or None when the file cannot be formatted safely."""
    rel = project.relative(path)
    try:
        text = read_text(path)
        data = load_yaml(path, text)
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    lines = text.splitlines()
    body_start = next((i for i, line in enumerate(lines) if not _COMMENT.match(line)), len(lines))
    header = [line.rstrip() for line in lines[:body_start] if not line.startswith(SCHEMA_LINE_PREFIX)]
    stray = [n for n, line in enumerate(lines, start=1) if n > body_start and _COMMENT.match(line)]
    if stray:
        problems.error(rel, stray[0], f"comment inside the data (lines {', '.join(map(str, stray[:5]))}) would be lost by formatting",
                       "move the remark into a note: field (or into the file's leading comment block)", column=1, code="E-FMT-COMMENT")
        return None
    body = dump_yaml(_plain(data), schema=schema_for(project, path))
    first, rest = body.split("\n", 1)
    return text, "\n".join([first, *header, rest]) if header else body


def fmt(project: Project, check: bool, only: list[Path] | None = None) -> tuple[list[str], ProblemList]:
    """Rewrite (or, with check, diff) every data file, or only the given ones; returns (diffs or
    changed files, problems)."""
    problems = ProblemList()
    out: list[str] = []
    for path in [Path(p).resolve() for p in only] if only else data_files(project):
        result = canonical(project, path, problems)
        if result is None:
            continue
        current, wanted = result
        if current == wanted:
            continue
        rel = project.relative(path)
        if check:
            diff = difflib.unified_diff(current.splitlines(), wanted.splitlines(), f"{rel} (committed)", f"{rel} (canonical)",
                                        lineterm="", n=1)
            out.append("\n".join(list(diff)[:40]))
            problems.error(rel, 1, "not in canonical form", "run `make fmt`", column=1, code="E-FMT-NOT-CANONICAL")
        else:
            write_atomic(path, wanted)
            out.append(f"formatted {rel}")
    return out, problems

