"""The one rule for text on generated pages: data never becomes markup.

Generated pages are HTML only, and the engine's Markdown extension (`engine/rawhtml`) hands them to the
page unparsed. Their lines still matter: a staged page is a text file with front matter that tools read
line by line, and a line break inside a data string would let data start a line (a Markdown heading, a
`---`) if a page ever reached a parser that reads lines. Every data string therefore goes
through `escape_html`, which HTML-escapes it AND turns every character that anything downstream may
treat as a line break into a numeric character reference. A browser renders `&#10;` as the whitespace
it stands for, but in the page source data can never start a line: the page's line structure comes
from the templates alone.
"""

from __future__ import annotations

import html
import re

# Every character Python (str.splitlines), Python-Markdown (\r → \n), YAML or a browser may treat
# as the end of a line.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_AS_REFERENCES = str.maketrans({c: f"&#{ord(c)};" for c in LINE_BREAKS})


# What escape_html changes: most values (Chinese text, names, numbers) have none of it and are returned
# as they are (str.translate with a table walks a non-ASCII string a character at a time: it was the
# largest single cost of rendering at 100×).
_TO_ESCAPE = re.compile("[&<>\"'" + LINE_BREAKS + "]")


def escape_html(value: str) -> str:
    """Text for an HTML context (element content or a quoted attribute) on a generated page."""
    if _TO_ESCAPE.search(value) is None:
        return value
    return html.escape(value, quote=True).translate(_AS_REFERENCES)


def has_line_break(value: str) -> bool:
    return any(c in value for c in LINE_BREAKS)
