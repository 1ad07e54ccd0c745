"""Safe YAML reading with line numbers, and the one canonical YAML style we write.

Reading: only the safe constructors (no `!!python/object`), duplicate keys are errors (PyYAML
silently keeps the last one), and every mapping and list remembers the line of each entry so
later stages can say `file:line` for any field.

Writing: block style, keys in the order the model gives, UTF-8 (Chinese stays readable),
long strings never folded, so diffs stay line-per-field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.data.inputs import read_bounded
from generator.data.textcheck import character_problems, value_problems
from generator.errors import DataError, Problem

SCHEMA_LINE_PREFIX = "# yaml-language-server: $schema="
MAX_FILE_BYTES = 5 * 1024 * 1024  # a data file larger than this is a mistake, not a document


class LineDict(dict):
    """A dict that knows the source line of itself and of each key."""

    line: int = 0
    key_lines: dict
    key_columns: dict
    written: dict  # key → the source text of a yes/no value (`no`, `off` …), for messages

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def column_of(self, key: str) -> int:
        return self.key_columns.get(key, 0)


class LineList(list):
    """A list that knows the source line of itself and of each item."""

    line: int = 0
    item_lines: list
    item_columns: list

    def column_of(self, index: int) -> int:
        return self.item_columns[index] if 0 <= index < len(self.item_columns) else 0

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


# libyaml's parser when PyYAML was built with it (the wheels are): ~10x faster than pure Python.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):
    """Safe loader that records lines and rejects duplicate keys."""

    duplicate_keys: list


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.key_columns = {}
    result.written = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain word", key_node.start_mark
            )
        if key in result:
            loader.duplicate_keys.append((str(key), key_node.start_mark.line + 1, key_node.start_mark.column + 1))
        result[key] = loader.construct_object(value_node, deep=True)
        if isinstance(result[key], bool):  # `region: no` is False to YAML: keep what the editor wrote
            result.written[key] = value_node.value
        result.key_lines[key] = key_node.start_mark.line + 1
        result.key_columns[key] = key_node.start_mark.column + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    result.item_columns = [child.start_mark.column + 1 for child in node.value]
    return result


def _construct_timestamp_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Dates stay ISO strings: the model validates them, and YAML's own date objects
    # would silently accept `2020-02-30` as an error message rather than a field problem.
    return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def read_text(path: Path, raw: bytes | None = None) -> str:
    """Read a data file as UTF-8 text, turning every failure into a DataError with the path: only a
    regular file (no link, device or pipe), its size checked on the open file before reading.
    `raw`: the file's bytes when the caller has read them already (the load cache hashes them)."""
    if raw is None:
        raw = read_bounded(path, MAX_FILE_BYTES)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", errors="replace")) + 1
        raise DataError(
            Problem(str(path), line, column, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                    "save the file as UTF-8", code="E-YAML-ENCODING")
        ) from None


# Limits enforced on the event stream, before anything is built: an 800-byte alias bomb expands to
# a billion nodes, and libyaml's own time grows with the square of flow nesting.
MAX_DEPTH = 40  # a document nests about 8 deep
MAX_ALIASES = 10_000
MIN_EXPANSION_ALLOWED = 100_000  # expanded nodes always allowed; beyond, at most 4x the nodes written


def _check_events(text: str, path: Path) -> None:
    """Walk the parser's events once (linear, nothing built) and refuse nesting deeper than MAX_DEPTH,
    more than MAX_ALIASES aliases, or aliases that expand the file far beyond its written size."""
    parser = _SafeBase(text)
    try:
        stack: list[list] = []  # per open collection: [anchor, expanded size]
        sizes: dict[str, int] = {}  # anchor → expanded size of the node it names
        written = expanded = aliases = 0

        def close(anchor: str | None, size: int) -> None:
            if anchor:
                sizes[anchor] = size
            if stack:
                stack[-1][1] += size

        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                written += 1
                stack.append([event.anchor, 1])
                if len(stack) > MAX_DEPTH:
                    raise DataError(_at(path, event.start_mark, f"nesting deeper than {MAX_DEPTH} levels",
                                        "flatten the structure: data files nest only a few levels", "E-YAML-LIMIT"))
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, size = stack.pop()
                close(anchor, size)
            elif isinstance(event, yaml.ScalarEvent):
                written += 1
                close(event.anchor, 1)
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                size = sizes.get(event.anchor, 1)
                expanded += size
                if aliases > MAX_ALIASES or expanded > max(MIN_EXPANSION_ALLOWED, 4 * written):
                    raise DataError(_at(path, event.start_mark,
                                        f"aliases (*{event.anchor}) expand the file to over {expanded:,} nodes",
                                        "write the values out instead of repeating anchors (&name / *name)", "E-YAML-LIMIT"))
                close(None, size)
    finally:
        parser.dispose()


def _at(path: Path, mark, message: str, fix: str, code: str) -> Problem:
    return Problem(str(path), mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, message, fix, code=code)


def load_yaml(path: Path, text: str | None = None) -> Any:
    """Parse one YAML file safely; raise DataError with file:line:column on any problem."""
    if text is None:
        text = read_text(path)
    problems = character_problems(text, path)
    if problems:
        raise DataError(problems)
    loader = _LineLoader(text)
    loader.duplicate_keys = []
    try:
        _check_events(text, path)
        data = loader.get_single_data()
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        what = exc.problem or "unsupported YAML construct"
        if "could not determine a constructor" in what:
            what = f"unsupported YAML tag {what.split('for the tag', 1)[-1].strip()}"
        raise DataError(
            Problem(str(path), mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, what,
                    "remove the tag: data files hold only plain text, numbers, lists and mappings",
                    code="E-YAML-TAG" if "tag" in what else "E-YAML-SYNTAX")
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        fix = "fix the YAML syntax at this position"
        at_tab = mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"
        if at_tab or "\t" in problem or "tab" in problem:
            fix = "indent with spaces, not tabs (this is a tab character)"
        raise DataError(
            Problem(str(path), mark.line + 1 if mark else 0, mark.column + 1 if mark else 0,
                    f"YAML syntax error: {problem}", fix, code="E-YAML-SYNTAX")
        ) from None
    finally:
        loader.dispose()
    if loader.duplicate_keys:
        raise DataError(
            [
                Problem(str(path), line, col, f"duplicate key '{key}'",
                        "keep one entry for this key and delete the other", code="E-YAML-DUPLICATE-KEY")
                for key, line, col in loader.duplicate_keys
            ]
        )
    problems = value_problems(data, str(path))
    if problems:
        raise DataError(problems)
    return data


class _CanonicalDumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _represent_dict(dumper: yaml.SafeDumper, value: dict) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items())


_CanonicalDumper.add_representer(str, _represent_str)
_CanonicalDumper.add_representer(LineDict, _represent_dict)
_CanonicalDumper.add_representer(dict, _represent_dict)
_CanonicalDumper.add_representer(LineList, _CanonicalDumper.represent_list)


def dump_yaml(data: Any, schema: str | None = None) -> str:
    """Serialise data in the project's canonical style (optionally with a schema comment line)."""
    body = yaml.dump(
        data,
        Dumper=_CanonicalDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
        indent=2,
    )
    header = f"{SCHEMA_LINE_PREFIX}{schema}\n" if schema else ""
    return header + body


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that a crash never leaves half of it behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
