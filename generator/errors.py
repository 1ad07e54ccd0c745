"""One error vocabulary for every stage.

Stages never print or exit: they collect `Problem`s (file, line, column, what is wrong,
how to fix it) and the CLI reports them all at once. A stage that cannot go on raises a
`GeneratorError` carrying its problems; nothing else is allowed to escape to the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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
        return text


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
