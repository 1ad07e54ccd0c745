"""One error vocabulary for every stage.

Stages never print or exit: they collect `Problem`s (file, line, column, what is wrong,
how to fix it, and a stable code from `CODES`) and the CLI reports them all at once. A stage that
cannot go on raises a `GeneratorError` carrying its problems; nothing else is allowed to escape to
the user.
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


# Every problem has a stable code: tests and tools (new-document's checklist, resolve) match on it,
# never on the wording, which may improve; the editing guide (docs/{zh,en}/editing.md) explains each
# one (a test keeps the three lists equal). E- problems fail the run, W- ones do not.
CODES: dict[str, str] = {
    # reading a file (inputs, textcheck, yamlio)
    "E-INPUT-UNREADABLE": "a file or folder cannot be read",
    "E-INPUT-LINK": "a symbolic link in the input tree",
    "E-INPUT-NOT-FILE": "a device, pipe, socket or folder where a file belongs",
    "E-INPUT-TOO-BIG": "a file over the size limit",
    "E-TEXT-INVISIBLE": "an invisible, control or bidi character in the file",
    "E-TEXT-IN-VALUE": "such a character written as an escape, or a line break in a one-line field",
    "E-YAML-ENCODING": "the file is not UTF-8",
    "E-YAML-SYNTAX": "not valid YAML at that position",
    "E-YAML-TAG": "a YAML tag (!!python/…, !ENV …), which is never allowed",
    "E-YAML-DUPLICATE-KEY": "a key written twice in one mapping",
    "E-YAML-LIMIT": "nesting or aliases beyond the reader's limits",
    # structure (load: JSON Schema)
    "E-SCHEMA-UNKNOWN-FIELD": "a field the schema does not know (often a typo)",
    "E-SCHEMA-REQUIRED": "a required field is missing",
    "E-SCHEMA-ENUM": "a value outside the fixed list",
    "E-SCHEMA-TYPE": "a value of the wrong type (text, list, mapping …)",
    "E-SCHEMA-YES-NO": "yes/no/on/off read by YAML as true/false",
    "E-SCHEMA-PATTERN": "a value not in the required form (ids, dates, URLs …)",
    "E-SCHEMA-SIZE": "a value or list too long, too short or too small",
    "E-SCHEMA-INVALID": "any other departure from data/schema",
    "E-FILE-MISSING": "a required data file is missing",
    "E-FILE-EMPTY": "a data file is empty",
    "E-FILE-STRAY": "a file or folder in data/documents/ that is not a document",
    "E-ID-DUPLICATE": "an id used twice",
    # references between files (validate)
    "E-REF-REGION": "an unknown region id",
    "E-REF-AGENCY": "an unknown agency id",
    "E-REF-FUNCTION": "an unknown function id",
    "E-REF-THEME": "an unknown theme id",
    "E-REF-FRAMEWORK-ITEM": "an unknown framework item",
    "E-AGENCY-SECTION": "an internal section without a parent agency",
    "E-AGENCY-ALIAS-CLASH": "one alias claimed by two agencies of a jurisdiction",
    # documents (validate)
    "E-DOC-ID": "the document id differs from the file name",
    "E-DOC-REGION-EMPTY": "the document has no region yet",
    "E-DOC-NO-MEASURES": "the document has no measures",
    "E-DOC-UNORDERED-FROM": "unordered_units_from names no provision",
    "E-PROVISION-DUPLICATE": "a provision id used twice in a document",
    "E-PROVISION-ORDER": "a provision before (or without) its parent",
    "E-PROVISION-LABEL": "a provision id that does not follow its printed label",
    "E-MEASURE-NO-THEME": "a measure without a theme",
    "E-UNIT-UNRESOLVED": "a printed unit without agency:",
    "E-UNIT-NOT-ALIAS": "a printed unit that is no alias in the document's region",
    "E-UNIT-OTHER-REGION": "a unit resolved to an agency of another region",
    "W-UNIT-ALIAS-MISMATCH": "a unit resolved to another agency than its alias names",
    "E-DATE-INVALID": "a date that does not exist",
    "E-DATE-IMPLAUSIBLE": "a date before 1949 or in the future",
    "E-DATE-ORDER": "dates.published before dates.issued",
    "W-THEME-SHARED-EVIDENCE": "a measure lacks a theme that a measure sharing its evidence carries",
    "W-TARGET-NO-SUBJECT": "a quantified target without an English subject",
    "E-TARGET-SPAN": "a target override whose span is not in the text",
    "E-TARGET-INCOMPLETE": "a target override that adds a target without kind, values or unit",
    "W-TARGET-STALE-DROP": "a target override that drops a target no longer extracted",
    # English (translation)
    "E-EN-MISSING": "a text without English",
    "E-EN-CHINESE-LEFT": "English that still contains Chinese",
    "E-EN-QUANTITY": "a number of the Chinese missing from the English",
    "E-EN-GLOSSARY": "a glossary term not rendered as the glossary says",
    "E-EN-GLOSSARY-AVOID": "a rendering the glossary rules out",
    # seeds (seedcheck)
    "W-SEED-NO-DOCUMENT": "a seed without a document YAML",
    "E-SEED-NO-DOCUMENT": "build: a seed without a document YAML (ingest it first)",
    "E-SEED-MISSING": "the document's seed file is missing",
    "E-SEED-UNREADABLE": "the document's seed file cannot be read or ingested",
    "E-SEED-DRIFT": "the document's Chinese differs from its seed",
    # canonical form (fmt)
    "E-FMT-NOT-CANONICAL": "a data file not in canonical form",
    "E-FMT-COMMENT": "a comment inside the data, which formatting would lose",
    # dataset and releases (dataset)
    "E-DATASET-LICENCE": "a licence that is not an SPDX identifier",
    "E-RELEASE-HISTORY": "data/releases.json unreadable or out of order",
    "E-RELEASE-VERSION": "the version is lower, already released, or not after the last release",
    "E-RELEASE-UNRELEASED": "the version in data/dataset.yaml has not been released",
    "E-RELEASE-DATA-CHANGED": "the data differs from the release data/dataset.yaml names",
    "E-RELEASE-DATE": "the release date differs from the recorded one",
    "E-RELEASE-CHANGELOG": "data/CHANGELOG.md differs from the release history",
    "E-RELEASE-CITATION": "CITATION.cff differs from data/dataset.yaml",
    # commands (new-region, resolve, ingest)
    "E-ARGUMENT": "a command-line argument is not valid",
    "E-REGION-EXISTS": "new-region: the region already exists",
    "E-RESOLVE-NO-AGENCY-LINE": "resolve: a unit block without an agency: line to fill",
    "E-INGEST-EXISTS": "ingest: a YAML for the seed already exists",
    "E-INGEST-FORMAT": "ingest: a file type that is not read (PDF, .doc, damaged .docx …)",
    "E-INGEST-EMPTY": "ingest: the seed is empty",
    "E-INGEST-BINARY": "ingest: the seed is a binary file",
    "E-INGEST-ENCODING": "ingest: the seed's encoding cannot be detected",
    "E-INGEST-NO-PROVISIONS": "ingest: no numbered provisions or task table found",
    "E-INGEST-STRUCTURE": "ingest: text that cannot be placed in the numbering",
    "E-SYNTH-REGIONS": "synth: no new regions of a document's level left for the scale asked",
    # building and previewing (build, engine, site, serve)
    "E-SETTING": "an environment setting (SITE_URL, CORRECTIONS_URL, SOURCE_DATE_EPOCH) is not valid",
    "E-SITECONFIG": "mkdocs.yml holds something not allowed",
    "E-BUILD-LOCKED": "another build is running in this checkout",
    "E-BUILD-OUTPUT": "the output folder cannot be written or replaced",
    "E-BUILD-NO-SITE": "no built site where one is needed",
    "E-BUILD-MKDOCS": "the engine's build (mkdocs, or properdocs with ENGINE=properdocs) failed",
    "E-ENGINE": "ENGINE names no known engine, or one that is not installed",
    "E-BUILD-SEARCH": "the search index could not be built",
    "E-TEMPLATE": "a template or interface string is wrong or missing",
    "E-DOCS-COLLISION": "a hand-written page collides with a generated page",
    "E-INTERNAL": "a bug in the generator",
}


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int = 0
    column: int = 0
    message: str = ""
    fix: str = ""
    severity: str = "error"  # "error" fails the run, "warning" does not
    code: str = ""  # a key of CODES; E- for errors, W- for warnings

    def __post_init__(self):
        # a code that is not in CODES, or whose letter contradicts the severity, is a bug, found by the tests
        if self.code and (self.code not in CODES or self.code[0] != self.severity[0].upper()):
            raise ValueError(f"problem code {self.code!r} is not a {self.severity} code of CODES")

    def format(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.fix:
            text += f" — {self.fix}"
        if self.code:  # at the end, like a compiler's [-Wflag]: the message reads on, the code is greppable
            text += f" [{self.code}]"
        return visible(text)  # one line, and nothing in it hidden from the reader


class GeneratorError(Exception):
    """Base of every error the project raises on purpose; carries the problems found."""

    def __init__(self, problems: list[Problem] | Problem | str, path: str = "", code: str = ""):
        if isinstance(problems, str):
            problems = [Problem(path=path or "-", message=problems, code=code)]
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

    def error(self, path: str | Path, line: int, message: str, fix: str = "", column: int = 0, *, code: str) -> None:
        self.problems.append(Problem(str(path), line or 0, column or 0, message, fix, "error", code))

    def warning(self, path: str | Path, line: int, message: str, fix: str = "", column: int = 0, *, code: str) -> None:
        self.problems.append(Problem(str(path), line or 0, column or 0, message, fix, "warning", code))

    def codes(self) -> set[str]:
        return {p.code for p in self.problems}

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
