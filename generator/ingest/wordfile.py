"""A Word file (.docx) → extracted text: body paragraphs and tables in document order (python-docx).

Merged cells appear in python-docx as the same cell repeated; they are read once, with their span,
so a task table's merged task cell groups the rows below it as on paper.
"""

from __future__ import annotations

import io

from generator.errors import IngestError, Problem
from generator.ingest.sources import Extracted, TextBuilder
from generator.ingest.tables import build_grid


def extract_word_file(raw: bytes, path: str) -> Extracted:
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(Problem(path, 0, 0, "this Word file is encrypted or in the old .doc format",
                                  "open it in Word or LibreOffice, remove any password, and save it as .docx", code="E-INGEST-FORMAT"))
    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
    # A damaged package fails in many ways (zip, missing parts, broken XML): each is the same advice.
    except Exception as exc:  # noqa: BLE001
        raise IngestError(Problem(path, 0, 0, f"this .docx file is damaged or not a Word document ({type(exc).__name__})",
                                  "open it in Word or LibreOffice and save it again as .docx", code="E-INGEST-FORMAT")) from None
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    builder = TextBuilder()
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            builder.emit(Paragraph(child, document).text)
        elif tag == "tbl":
            builder.grid(build_grid(_rows(Table(child, document))))
    return builder.result("docx", "Word file")


def _rows(table) -> list[list[tuple[str, int, int]]]:
    """(text, rowspan, colspan) per cell as written, from python-docx's repeated merged cells."""
    seen_rows: list[list] = [[c._tc for c in row.cells] for row in table.rows]
    texts: list[list[tuple[str, int, int]]] = []
    for r, row in enumerate(table.rows):
        cells = row.cells
        out = []
        c = 0
        while c < len(cells):
            tc = cells[c]._tc
            colspan = 1
            while c + colspan < len(cells) and cells[c + colspan]._tc is tc:
                colspan += 1
            if r > 0 and c < len(seen_rows[r - 1]) and seen_rows[r - 1][c] is tc:
                c += colspan  # continues a vertical merge from above: already read
                continue
            rowspan = 1
            while r + rowspan < len(seen_rows) and c < len(seen_rows[r + rowspan]) and seen_rows[r + rowspan][c] is tc:
                rowspan += 1
            out.append(("\n".join(p.text for p in cells[c].paragraphs), rowspan, colspan))
            c += colspan
        texts.append(out)
    return texts
