"""Generated pages in the engine: a Markdown extension that passes their HTML through unparsed, and a MkDocs
hook that gives them the table of contents Markdown would have found.

Their bodies are HTML only (headings included), so the whole body goes to Python-Markdown's stash in one
piece and comes out as it went in.

Python-Markdown would pass raw HTML through anyway, but finding where each HTML block ends (html.parser
over every tag), and then running its block, inline and table-of-contents passes over what is left, was
a third of the engine's time at scale. Only pages that start with GENERATED_MARK (generator/files.py)
are touched; hand-written pages are ordinary Markdown. Markdown therefore finds no headings on a generated
page: the site stage lists them in the page's front matter (`toc`: level, id, title as HTML), and
`on_page_content` (this file is also one of the build's hooks) makes them the page's table of contents, as
Markdown's toc extension would have, and gives MkDocs every id on the page to validate links against.

Fail-closed: nothing of a generated page is ever parsed as Markdown, whatever a line holds, so data on
a generated page cannot become a link, an attribute list or a heading.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.extensions.toc import nest_toc_tokens
from markdown.preprocessors import Preprocessor
from markdown.util import ETX, STX
from mkdocs.structure.toc import get_toc

from generator.files import GENERATED_MARK  # written by the site stage (site/render)


class _TakeGeneratedHtml(Preprocessor):
    """First of all: a generated page's body is taken aside, and only its mark line goes on (Markdown's
    whitespace normalisation, a regex over the whole page, then has one line to normalise)."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.generated_body = None
        start = next((i for i, line in enumerate(lines) if line.strip()), None)
        if start is None or lines[start] != GENERATED_MARK:
            return lines
        # of what the normalisation does, only this matters for HTML passed through: the characters that
        # delimit Markdown's placeholders cannot come from the page
        self.md.generated_body = "\n".join(lines[start + 1:]).strip("\n").replace(STX, "").replace(ETX, "")
        return [GENERATED_MARK]


class _StashGeneratedHtml(Preprocessor):
    """After the normalisation: the body taken aside goes to the stash in one piece."""

    def run(self, lines: list[str]) -> list[str]:
        body = getattr(self.md, "generated_body", None)
        if body is None:
            return lines
        self.md.generated_body = None
        return [self.md.htmlStash.store(body)] if body else []


class GeneratedHtmlExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        # around whitespace normalisation (30), before MkDocs' anchor finder (21) and the HTML block parser
        # (20): none of them sees the page
        md.preprocessors.register(_TakeGeneratedHtml(md), "generated_html_take", 40)
        md.preprocessors.register(_StashGeneratedHtml(md), "generated_html", 29)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's entry point
    return GeneratedHtmlExtension(**kwargs)


# ---- the MkDocs hook -------------------------------------------------------------------------------------

_IDS = re.compile(r'\sid="([^"]+)"')

def on_page_content(html, page, config, files, **kwargs):
    headings = page.meta.get("toc") if isinstance(page.meta, dict) else None
    if isinstance(headings, list):  # a generated page (hand-written pages have Markdown headings)
        tokens = [{"level": level, "id": anchor, "name": title} for level, anchor, title in headings]
        page.toc = get_toc(nest_toc_tokens(tokens))
        # every id on the page (all ours: the site stage writes them), so that a hand-written page may link to
        # a measure's or a section's anchor and MkDocs' strict validation finds it
        page.present_anchor_ids = set(page.present_anchor_ids or ()) | set(_IDS.findall(html))
    return html
