"""A saved web page → extracted text: the declared charset, blocks as lines, site furniture as chrome.

Navigation, headers, footers, breadcrumbs, share bars and the info table of government sites
(索引号 | 发布机构 | 成文日期 …) become chrome lines, so they are kept verbatim but never read as
the document. Scripts, styles and other non-text elements hold no text of the page and are skipped.
"""

from __future__ import annotations

import re

from generator.errors import IngestError, Problem
from generator.ingest.decode import decode_seed
from generator.ingest.sources import Extracted, TextBuilder
from generator.ingest.tables import build_grid, column_roles

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
# Chinese encodings are read with their superset, so a page that says gb2312 but uses GBK characters reads.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "svg", "select", "button", "input",
         "textarea", "form"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "center",
           "blockquote", "pre", "dd", "dt", "dl", "tr", "td", "th", "tbody", "thead", "table", "main", "title",
           "hr", "address", "figure", "figcaption", "caption"}
_CHROME_TAGS = {"nav": "site navigation", "header": "site header", "footer": "site footer", "aside": "sidebar"}
# class/id words of page furniture on government sites
_CHROME_NAMES = [
    (re.compile(r"(bread|crumb|position|location|weizhi|dqwz)", re.I), "breadcrumb"),
    (re.compile(r"(share|fenxiang|bdshare)", re.I), "share bar"),
    (re.compile(r"(foot|bottom|copyright|banquan)", re.I), "site footer"),
    (re.compile(r"(^|[-_ ])(nav|menu|header|top|head|topbar|logo|search|sidebar|related|xgxx|xglj)([-_ ]|$)", re.I),
     "site navigation"),
    (re.compile(r"(print|close|tool|fontsize|zihao)", re.I), "page tool"),
]
_INFO_WORDS = ("索引号", "发布机构", "主题分类", "成文日期", "发文机关", "发布日期", "公开方式", "信息分类")


def decode_page(raw: bytes, path: str) -> tuple[str, str]:
    """The page's text by its declared charset (BOM first); undeclared pages are detected like seeds."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    m = _CHARSET.search(raw[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        codec = _SUPERSET.get(declared, declared)
        try:
            return raw.decode(codec), declared
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: fall back to detection below
    return decode_seed(raw, path)


def extract_web_page(raw: bytes, path: str) -> Extracted:
    import lxml.html
    from lxml import etree

    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(Problem(path, 0, 0, "this is a binary file, not a web page",
                                  "save the page from the browser as 'Web page, HTML only' and try again", code="E-INGEST-BINARY"))
    text, encoding = decode_page(raw, path)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a str with an encoding declaration
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(Problem(path, 0, 0, f"the web page could not be read ({exc})",
                                  "save the page again from the browser as 'Web page, HTML only'", code="E-INGEST-FORMAT")) from None
    builder = TextBuilder()
    title = root.find(".//title")
    if title is not None and (title.text or "").strip():
        builder.emit(title.text, "web page title (<title>)")
    body = root.find("body")
    _walk(body if body is not None else root, builder, None, [])
    return builder.result(encoding, "web page")


def _chrome_reason(el) -> str | None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _CHROME_TAGS:
        return _CHROME_TAGS[tag]
    names = " ".join(filter(None, [el.get("class"), el.get("id")]))
    if names:
        for pattern, reason in _CHROME_NAMES:
            if pattern.search(names):
                return reason
    return None


def _walk(el, builder: TextBuilder, chrome: str | None, line: list[str]) -> None:
    """Depth-first: inline text accumulates in `line`; a block boundary or <br> ends the line."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP or not tag:  # comments and processing instructions have a callable tag
        _tail(el, builder, chrome, line)
        return
    chrome = chrome or _chrome_reason(el)
    block = tag in _BLOCKS
    if tag == "table":
        _flush(builder, chrome, line)
        _table(el, builder, chrome)
        _tail(el, builder, chrome, line)
        return
    if block:
        _flush(builder, chrome, line)
    if tag == "br":
        _flush(builder, chrome, line)
    if el.text:
        line.append(el.text)
    for child in el:
        _walk(child, builder, chrome, line)
    if block:
        _flush(builder, chrome, line)
    _tail(el, builder, chrome, line)


def _tail(el, builder, chrome, line) -> None:
    if el.tail:
        line.append(el.tail)


def _flush(builder: TextBuilder, chrome: str | None, line: list[str]) -> None:
    if line:
        builder.emit("".join(line), chrome)
        line.clear()


def _cell_text(cell) -> str:
    """A cell's text with its <br> and paragraph breaks as line breaks."""
    sub = TextBuilder()
    parts: list[str] = []
    if cell.text:
        parts.append(cell.text)
    for child in cell:
        _walk(child, sub, None, parts)
    _flush(sub, None, parts)
    return "\n".join(sub.lines)


def _table(el, builder: TextBuilder, chrome: str | None) -> None:
    rows = []
    for tr in el.iter("tr"):
        if _owning_table(tr) is not el:
            continue  # a row of a nested table
        cells = []
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            cells.append((_cell_text(cell), _span(cell.get("rowspan")), _span(cell.get("colspan"))))
        rows.append(cells)
    text = "".join("".join(c[0] for c in r) for r in rows)
    if chrome is None and sum(text.count(w) for w in _INFO_WORDS) >= 2:
        chrome = "document information table"
    grid = build_grid(rows)
    if chrome is None and _is_layout(rows, grid):
        # A layout table (the whole page in cells): read its cells as ordinary blocks.
        for tr in el.iter("tr"):
            if _owning_table(tr) is el:
                for cell in tr:
                    if isinstance(cell.tag, str) and cell.tag in ("td", "th"):
                        _walk(cell, builder, chrome, [])
        return
    builder.grid(grid, chrome)


def _is_layout(rows, grid) -> bool:
    """A table that holds the page (long multi-line cells) rather than a list of tasks."""
    return not any(column_roles(row) for row in grid.rows[:4]) and any(
        "\n" in text and len(text) > 200 for r in rows for text, _, _ in r)


def _owning_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1
