"""The seed file → the text ingest works on, whatever form the document came in.

A `.txt` seed is its own text. A web page (`.html`/`.htm`) or Word file (`.docx`) is reduced to an
*extracted text*: one line per paragraph or table cell, produced the same way every time from the
same bytes, so the seed check can re-extract it and prove nothing was lost. Site furniture is
recorded as chrome lines of that text; task tables are recognised and their structure kept.
Anything else gets a clear refusal that says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from generator.errors import IngestError, Problem
from generator.ingest.decode import decode_seed
from generator.ingest.tables import Grid, TaskTable, clean_cell, linearize

TEXT_SUFFIXES = (".txt",)
WEB_SUFFIXES = (".html", ".htm")
WORD_SUFFIXES = (".docx",)
SEED_SUFFIXES = TEXT_SUFFIXES + WEB_SUFFIXES + WORD_SUFFIXES


@dataclass
class Extracted:
    text: str
    encoding: str
    chrome: dict[int, str] = field(default_factory=dict)  # line → why it is page furniture
    tables: list[TaskTable] = field(default_factory=list)
    kind: str = "text"  # text | web page | Word file


class TextBuilder:
    """Accumulates the extracted text line by line, with chrome reasons and task tables."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.chrome: dict[int, str] = {}
        self.tables: list[TaskTable] = []

    def emit(self, text: str, chrome: str | None = None) -> int:
        """Append text (one line per line of it, blank ones dropped); return the first line's number."""
        first = len(self.lines) + 1
        for line in clean_cell(text).split("\n"):
            if not line:
                continue
            self.lines.append(line)
            if chrome:
                self.chrome[len(self.lines)] = chrome
        return first

    def grid(self, grid: Grid, chrome: str | None = None) -> None:
        """A table: a task list keeps its structure; any other table is read cell by cell."""
        table = None if chrome else linearize(grid, self.emit)
        if table is not None:
            self.tables.append(table)
            return
        for r, row in enumerate(grid.rows):
            for c in range(len(row)):
                cell = grid.origin(r, c)
                if cell is not None and cell.col == c:
                    self.emit(cell.text, chrome)

    def result(self, encoding: str, kind: str) -> Extracted:
        return Extracted("\n".join(self.lines) + "\n", encoding, self.chrome, self.tables, kind)


def extract(raw: bytes, path: str) -> Extracted:
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in WEB_SUFFIXES:
        from generator.ingest.webpage import extract_web_page

        return extract_web_page(raw, path)
    if suffix in WORD_SUFFIXES:
        from generator.ingest.wordfile import extract_word_file

        return extract_word_file(raw, path)
    if suffix == ".pdf":
        raise IngestError(Problem(path, 0, 0, "PDF files are not read (a PDF may be a scan without text)",
                                  "save the document from its web page (.html) or as Word (.docx) or plain text (.txt)",
                                  code="E-INGEST-FORMAT"))
    if suffix == ".doc" or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(Problem(path, 0, 0, "this is an old binary Word file (.doc) or an encrypted document",
                                  "open it in Word or LibreOffice, remove any password, and save it as .docx", code="E-INGEST-FORMAT"))
    if raw.startswith(b"PK\x03\x04"):
        raise IngestError(Problem(path, 0, 0, f"this is a zip package (a Word .docx?) named '{suffix}', not a text",
                                  "if it is a Word file, name it .docx; otherwise save the document as .txt or .html",
                                  code="E-INGEST-FORMAT"))
    if suffix not in TEXT_SUFFIXES:
        raise IngestError(Problem(path, 0, 0, f"'{suffix or '(no extension)'}' files are not read",
                                  "give the document as .txt, .html/.htm or .docx", code="E-INGEST-FORMAT"))
    text, encoding = decode_seed(raw, path)
    return Extracted(text, encoding)
