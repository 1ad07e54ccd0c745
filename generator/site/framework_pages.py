"""View data of the framework pages (issue 12): `/framework/` (each framework in data/frameworks/, its
parts and items, how many documents answer each item, the implementation timeline) and one page per
item (`/framework/<framework-id>/<item>/`), one block per document.

`coverage` is the ONE computation of "how many documents answer an item": the framework pages, the
framework matrix and the themes index all print its numbers, so they cannot disagree.

A measure names framework items by their bare id (`framework: ['6']`); which framework an id belongs to
follows from what the document implements (its `implements:` references, matched by document number or
title), so a second framework (a provincial document that city documents implement) is added as data alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.analyse.comparisons import MeasureRow
from generator.analyse.coverage import Coverage, implemented_frameworks
from generator.data.model import Document, Framework, FrameworkItem


@dataclass
class ItemBlock:
    """One document on an item page: its measures for the item, or why it has none."""
    doc: Document
    status: str  # "answers" | "not-addressed" | "other" (implements another document, or none known)
    rows: list[MeasureRow]


def item_blocks(coverage: Coverage, analysis, fw: Framework, item: FrameworkItem, docs: list[Document]) -> list[ItemBlock]:
    """Documents that answer the item first, then those that implement the framework but leave
    the item out, then the others; each group in the documents index's order."""
    implementers = set(coverage.implementers.get(fw.id, []))
    rows = analysis.rows_by_framework_item_doc.get(item.id, {})
    blocks = []
    for doc in docs:
        if doc.id not in implementers:
            blocks.append(ItemBlock(doc, "other", []))
        elif rows.get(doc.id):
            blocks.append(ItemBlock(doc, "answers", rows[doc.id]))
        else:
            blocks.append(ItemBlock(doc, "not-addressed", []))
    order = {"answers": 0, "not-addressed": 1, "other": 2}
    return sorted(blocks, key=lambda b: order[b.status])  # stable: keeps the documents' order


def plan_framework_pages(corpus, analysis, coverage: Coverage, docs_in_order: list[Document], paginated) -> list:
    """The framework index and the item pages (each paged: a block per document, at any scale)."""
    from generator.site.pages import LIST_LIMIT, Page

    pages = [Page("framework/index.md", "framework.md.j2", {"frameworks": list(corpus.frameworks.values())}, "framework")]
    for fw in corpus.frameworks.values():
        for item in fw.items:
            blocks = item_blocks(coverage, analysis, fw, item, docs_in_order)
            # a document's measures are printed in full: a third as many per page as list entries
            pages += paginated(f"framework/{fw.id}/{item.id}.md", "framework_item.md.j2", blocks,
                               {"fw": fw, "item": item}, weight=lambda b: 1 + 3 * len(b.rows), limit=LIST_LIMIT)
    return pages


class FrameworkHelpers:
    """Renderer mixin: the framework pages' data (self.corpus, self.analysis come from Renderer)."""

    @property
    def framework_coverage(self) -> Coverage:
        return self.site.plan.coverage  # computed once per build (site/pages.py)

    def other_language_name(self, name):
        """A framework name in the other language too (the pages name parts and items in both), marked."""
        from markupsafe import Markup

        from generator.site.escaping import escape_html

        other = name.zh if self.lang == "en" else name.en
        if not other:
            return Markup("")
        lang = "zh-Hans" if self.lang == "en" else "en"
        return Markup(f'<span class="other-language" lang="{lang}">({escape_html(other)})</span>')

    def documents_without_framework_links(self) -> int:
        """Documents that are no row of the framework matrix (none of their measures links an item). From
        the analysis's index and the documents' ids: reading every measure's links made the matrices page
        depend on every measure (the render cache renders it again after any measure's edit)."""
        linked = {doc_id for per_doc in self.analysis.rows_by_framework_item_doc.values() for doc_id in per_doc}
        return sum(1 for doc_id in self.corpus.documents if doc_id not in linked)

    def framework_item_url(self, fw_id: str, item_id: str) -> str:
        return f"framework/{fw_id}/{item_id}/"

    def framework_item_href(self, fw_id: str, item_id: str) -> str:
        return self.href(self.framework_item_url(fw_id, item_id))

    def framework_items_of(self, item_ids, doc: Document | None = None) -> list[tuple[Framework, FrameworkItem]]:
        """(framework, item) for bare item ids, in the frameworks' order; with doc, only in the frameworks
        that document implements (item ids repeat across frameworks)."""
        found = []
        implemented = set(implemented_frameworks(self.corpus, doc)) if doc is not None else set()
        for fw in self.corpus.frameworks.values():
            if implemented and fw.id not in implemented:
                continue
            for item in fw.items:
                if item.id in item_ids:
                    found.append((fw, item))
        return found

    # ---- implementation timeline (generator/timeline.py) -------------------------------------------
    TIMELINE_LIMIT = 100  # entries drawn on one page; the rest are in documents.csv (lag_days columns)

    def timeline_of(self, fw: Framework, doc_ids: list[str] | None = None):
        """(dated lags, undated lags, longest lag in days) of the documents implementing fw (or of doc_ids
        among them), each list cut at TIMELINE_LIMIT so the page stays bounded."""
        from generator.analyse.timeline import framework_timeline

        if not fw.date:  # no national date: no lag to show (and no document is "undated" because of it)
            return [], [], 1, 0
        implementers = self.framework_coverage.implementers.get(fw.id, [])
        ids = implementers if doc_ids is None else [d for d in doc_ids if d in set(implementers)]
        dated, undated = framework_timeline(self.corpus, fw, ids)
        longest = max([x.high for x in dated] + [1])
        return dated[: self.TIMELINE_LIMIT], undated[: self.TIMELINE_LIMIT], longest, len(dated) + len(undated)

    @staticmethod
    def percent(days: int | None, longest: int) -> str:
        """Bar width for a lag: a share of the longest lag drawn (negative lags draw no bar)."""
        return f"{max(0, days or 0) / max(longest, 1) * 100:.1f}"

    def lag_text(self, x) -> str:
        unit = self.t("timeline_days")
        if x.days is not None:
            return f"{x.days} {unit}"
        return f"{x.low}–{x.high} {unit}"
