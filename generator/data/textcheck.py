"""Characters that have no place in data: control characters (a newline only inside multi-line texts),
line/paragraph separators, bidi overrides and zero-width characters. They hide text, reorder what an
editor sees (Trojan Source), make two ids look equal, or end a line where a reader sees none.

Two passes, both linear: the raw file first (every literal occurrence, with its line and column, even
in comments), then the loaded values (occurrences written as escapes like "\u202e", and newlines in
single-line fields), at the line and column of the field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.errors import Problem, code_point

# Never allowed, anywhere in a file: C0 controls but tab, newline and the CR of a CRLF; DEL and the C1
# controls (NEXT LINE among them); line/paragraph separators; bidi controls; zero-width characters.
_NEVER = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
_RAW_FORBIDDEN = re.compile(f"[{_NEVER}]|\r(?!\n)")
_VALUE_FORBIDDEN = re.compile(f"[{_NEVER}\t\r]")
_VALUE_FORBIDDEN_ONE_LINE = re.compile(f"[{_NEVER}\t\r\n]")
# Fields whose texts may run over several paragraphs (the renderer splits them at newlines); any
# string at most two keys below one of these (text.zh, notes). A responsibility statement printed in a
# task table's two columns (牵头单位 | 配合单位) keeps the line break between its cells.
MULTILINE_FIELDS = frozenset({"text", "preamble", "closing", "note", "notes", "printed"})
REPORT_AT_MOST = 20  # per file: the first few show the problem; thousands would bury every other file


def _fix(char: str) -> str:
    if char == "\t":
        return "replace the tab with a space"
    if char in "\n\r":
        return "this field is one line: remove the line break"
    return "delete it (retype the text around it if unsure where it is)"


def character_problems(text: str, path: Path | str) -> list[Problem]:
    """Literal forbidden characters in the raw text, each at its line and column."""
    problems: list[Problem] = []
    line, line_start, counted_to = 1, 0, 0
    for match in _RAW_FORBIDDEN.finditer(text):
        if len(problems) == REPORT_AT_MOST:
            problems.append(Problem(str(path), 0, 0, "more characters like these follow", "fix the ones above first",
                                    code="E-TEXT-INVISIBLE"))
            break
        # line numbers counted incrementally from the previous match: linear overall
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        line_start = text.rfind("\n", 0, match.start()) + 1
        char = match.group()[0]
        problems.append(Problem(str(path), line, match.start() - line_start + 1,
                                f"invisible or control character {code_point(char)}", _fix(char), code="E-TEXT-INVISIBLE"))
    return problems


def value_problems(data: Any, path: str) -> list[Problem]:
    """Forbidden characters in loaded values and keys (written as escapes), at the field's position."""
    problems: list[Problem] = []
    # (node, route of its parent, its key or index there, the parent, the parent's line and column); a
    # node's own route and position are worked out only when it is a collection or a problem (most values
    # are clean texts: the walk visits every value of every file); iterative, in the order of a stack
    stack: list[tuple[Any, tuple, Any, Any, int, int]] = [(data, (), None, None, getattr(data, "line", 1), 1)]
    while stack and len(problems) < REPORT_AT_MOST:
        node, parent_route, key, parent, line, column = stack.pop()
        if isinstance(node, str):
            if _VALUE_FORBIDDEN_ONE_LINE.search(node) is None:
                continue  # nothing either pattern could find
            route = (*parent_route, key)
            line, column = _position(parent, key, line, column)
            keys = [step for step in route[-3:] if isinstance(step, str)]
            multiline = any(step in MULTILINE_FIELDS for step in keys[-2:])
            _scan(node, route, line, column, multiline, path, problems)
            continue
        if not isinstance(node, dict | list):
            continue
        route = parent_route if parent is None else (*parent_route, key)
        line, column = _position(parent, key, line, column)
        if isinstance(node, dict):
            for child_key, value in node.items():
                if isinstance(child_key, str) and _VALUE_FORBIDDEN_ONE_LINE.search(child_key):
                    kline, kcol = _position(node, child_key, line, column)
                    _scan(child_key, (*route, child_key), kline, kcol, False, path, problems)
                stack.append((value, route, child_key, node, line, column))
        else:
            for index, value in enumerate(node):
                stack.append((value, route, index, node, line, column))
    return problems


def _position(parent: Any, key: Any, line: int, column: int) -> tuple[int, int]:
    """The line and column of parent[key] where the parent records them, else the parent's own."""
    if parent is None:
        return line, column
    return (parent.line_of(key) if hasattr(parent, "line_of") else line,
            parent.column_of(key) if hasattr(parent, "column_of") else column)


def _scan(value: str, route: tuple, line: int, column: int, multiline: bool, path: str, problems: list) -> None:
    match = (_VALUE_FORBIDDEN if multiline else _VALUE_FORBIDDEN_ONE_LINE).search(value)
    if match:
        char = match.group()
        problems.append(Problem(path, line, column, f"{field_name(route)}: {code_point(char)} in the value "
                                f"(character {match.start() + 1})", _fix(char), code="E-TEXT-IN-VALUE"))


def field_name(route: tuple) -> str:
    parts: list[str] = []
    for step in route:
        parts.append(f"[{step}]" if isinstance(step, int) else (("." if parts else "") + str(step)))
    return "".join(parts) or "(top level)"
