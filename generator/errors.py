"""One error vocabulary for every stage.

Stages never print or exit: they collect `Problem`s (file, line, column, what is wrong,
how to fix it) and the CLI reports them all at once. A stage that cannot go on raises a
`GeneratorError` carrying its problems; nothing else is allowed to escape to the user.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# Characters a terminal or an editor does not show as themselves: controls, line and paragraph
# separators, format characters (zero-width, bidi overrides). Messages show them as <U+XXXX>, so a
# value that differs from another only by one of them (or moves the rest of the line) is visible.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")
_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED",
                  0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE",
                  0x7F: "DELETE", 0x85: "NEXT LINE"}


def code_point(char: str) -> str:
    """U+202E RIGHT-TO-LEFT OVERRIDE: a character named so a reader can find it."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "CONTROL CHARACTER")
    return f"U+{ord(char):04X} {name}"


def visible(text: str) -> str:
    """Text for a message: invisible characters shown as <U+XXXX>."""
    return _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def lookalikes(text: str) -> str:
    """For a value that should be ASCII (an id): its non-ASCII characters named, e.g.
    ' (contains U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I)'; '' when there are none."""
    odd = sorted({c for c in text if ord(c) > 127}, key=text.index)[:3]
    return f" (contains {', '.join(code_point(c) for c in odd)})" if odd else ""


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int = 0
    column: int = 0
    message: str = ""
    fix: str = ""
    severity: str = "error"  # "error" fails the run, "warning" does not

    def format(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.fix:
            text += f" — {self.fix}"
        return visible(text)  # one line, and nothing in it hidden from the reader


class GeneratorError(Exception):
    """Base of every error the project raises on purpose; carries the problems found."""

    def __init__(self, problems: list[Problem] | Problem | str, path: str = ""):
        if isinstance(problems, str):
            problems = [Problem(path=path or "-", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    def __reduce__(self):
        # raised inside a forked worker (generator.parallel), it must arrive with its problems intact
        return type(self), (self.problems,)


class IngestError(GeneratorError):
    """A seed text cannot be turned into a draft document."""


class DataError(GeneratorError):
    """The YAML data does not load or does not validate."""


class BuildError(GeneratorError):
    """Rendering or building the site failed."""


@dataclass
class ProblemList:
    """Collects problems from a stage so one run reports all of them."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str | Path, line: int, message: str, fix: str = "", column: int = 0) -> None:
        self.problems.append(Problem(str(path), line or 0, column or 0, message, fix, "error"))

    def warning(self, path: str | Path, line: int, message: str, fix: str = "", column: int = 0) -> None:
        self.problems.append(Problem(str(path), line or 0, column or 0, message, fix, "warning"))

    def extend(self, other: ProblemList | list[Problem]) -> None:
        self.problems.extend(other.problems if isinstance(other, ProblemList) else other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_if_errors(self, exc_type: type[GeneratorError] = DataError) -> None:
        if self.errors:
            raise exc_type(sorted(self.problems))

    def __bool__(self) -> bool:
        return bool(self.problems)
