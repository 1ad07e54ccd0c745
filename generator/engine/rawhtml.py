"""Markdown extension for generated pages: their bodies are raw HTML with Markdown headings only, so
hand the HTML to Python-Markdown's stash untouched instead of letting its HTML block parser re-read it.

Python-Markdown would pass the same HTML through anyway (raw HTML blocks go to the stash verbatim),
but finding where each block ends costs it half of the site build at scale (html.parser over every
tag). Only pages that start with GENERATED_MARK (generator/files.py) are touched; hand-written pages are ordinary Markdown.

Fail-closed: on a generated page Markdown sees only headings (lines starting with `#`, whose text the
renderer escaped with `md_escape`) and blank lines. Any other line joins the raw-HTML run, so even a
line that does not start with `<` (which the renderer never writes, see `render.check_page_lines`) is
never parsed as Markdown: data on a generated page cannot become a link or an attribute list.
"""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor

from generator.files import GENERATED_MARK  # written by the site stage (site/render)


class _StashGeneratedHtml(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        start = next((i for i, line in enumerate(lines) if line.strip()), None)
        if start is None or lines[start] != GENERATED_MARK:
            return lines
        out: list[str] = []
        block: list[str] = []

        def flush() -> None:
            if block:
                out.extend(["", self.md.htmlStash.store("\n".join(block)), ""])
                block.clear()

        for line in lines[start + 1:]:
            if line.strip() and not line.startswith("#"):
                block.append(line)
            else:  # a blank line or a Markdown heading ends the HTML run
                flush()
                out.append(line)
        flush()
        return out


class GeneratedHtmlExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        # after whitespace normalisation (30), before the HTML block parser (20)
        md.preprocessors.register(_StashGeneratedHtml(md), "generated_html", 25)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's entry point
    return GeneratedHtmlExtension(**kwargs)
