"""View data of the side-by-side page `/compare/?docs=a,b` (issue 12).

The page itself carries no document data, so its size does not grow with the corpus: beside it, per
language, `compare/index.json` lists the documents, framework items and themes, and one
`compare/doc-<id>.json` per document holds its measures in full with their units as printed. The
page's script (docs/assets/compare.js) loads only the chosen documents' files and aligns them: rows by
framework item, then by theme (a measure's first theme) for measures no item covers.

All values are data as text: the script sets them with textContent and href, never as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial

from generator.data.model import Document

MAX_COMPARED = 4


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class CompareHelpers:
    """Renderer mixin (self.corpus, self.analysis, self.lang, href, plain … come from Renderer)."""

    # ---- related measures (generator/related.py), shown under each measure on its document page ----
    def related_index(self) -> dict:
        """Measure key → [(MeasureRow, score)], computed once per build (site/pages.py)."""
        return self.site.plan.related

    def related_of(self, doc: Document, provision) -> list:
        return self.related_index().get(f"{doc.id}#{provision.anchor}", [])

    def compare_default(self) -> list[str]:
        """The two most recently issued documents (documents without a stated date come last)."""
        docs = sorted(self.corpus.documents.values(), key=lambda d: (d.issued or "", d.id), reverse=True)
        dated = [d for d in docs if d.issued] + [d for d in docs if not d.issued]
        return [d.id for d in dated[:2]]

    def compare_href(self, doc_ids: list[str]) -> str:
        """Link to /compare/ with a choice of documents (at most four, as the page allows)."""
        return self.href("compare/") + "?docs=" + ",".join(doc_ids[:MAX_COMPARED])

    def theme_compare_docs(self, theme_id: str) -> list[str]:
        """The documents with most measures under a theme (at most four), for a theme page's compare link."""
        counts: dict[str, int] = {}
        for rows in self.analysis.rows_by_theme_region.get(theme_id, {}).values():
            for row in rows:
                counts[row.doc.id] = counts.get(row.doc.id, 0) + 1
        return [d for d, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_COMPARED]]

    def _text_paragraphs(self, text) -> tuple[list[str], bool]:
        """A text's paragraphs in the page language, and whether it is the Chinese shown for lack of English."""
        if not text:
            return [], False
        value = text.get(self.lang) if self.lang == "zh" or text.en else text.zh
        fallback = self.lang == "en" and not text.en
        return [part for part in (value or "").split("\n") if part.strip()], fallback

    def compare_document(self, doc: Document) -> dict:
        measures = []
        for row in self.analysis.rows_by_doc.get(doc.id, []):
            p = row.provision
            paragraphs, fallback = self._text_paragraphs(p.text)
            units = []
            resp = p.responsibility
            for unit in resp.units if resp else []:
                agency = self.corpus.agencies.get(unit.agency or "")
                units.append([unit.name, unit.role if unit.role in ("lead", "supporting") else "",
                              self.agency_name(agency.id) if agency else "",
                              self.href(f"agencies/{agency.id}/") if agency else ""])
            measures.append({
                "a": p.anchor, "label": self.label_path(doc, p),
                "heading": self.plain(p.heading) if p.heading else "",
                "text": paragraphs, "zh": fallback,
                "resp": (resp.label or "") if resp else "", "units": units, "open": bool(resp and resp.open_ended),
                "fw": list(p.framework), "themes": [t.id for t in p.themes],
                "href": self.href(self.measure_url(doc, p)),
            })
        return {"id": doc.id, "title": self.doc_title(doc), "region": self.region_name(doc.region),
                "issued": doc.issued or "", "href": self.href(f"documents/{doc.id}/"), "measures": measures}

    def compare_files(self) -> list[tuple[str, Callable[[], str]]]:
        """(file name, a function making its JSON text) of the files beside the compare page, in the page's
        language: each is made on its own, so an edit makes again only the index and the edited document's
        file (the render cache traces each file's reads)."""
        files = [("index.json", self._compare_index)]
        files += [(f"doc-{doc_id}.json", partial(self._compare_document_file, doc_id)) for doc_id in sorted(self.corpus.documents)]
        return files

    def _compare_document_file(self, doc_id: str) -> str:
        return _dumps(self.compare_document(self.corpus.documents[doc_id]))

    def _compare_index(self) -> str:
        docs = sorted(self.corpus.documents.values(),
                      key=lambda d: (self.region_name(d.region) if self.lang == "en" else self.sort_key(self.region_name(d.region)),
                                     d.issued or "", d.id))
        items = []
        for fw in self.corpus.frameworks.values():
            for item in fw.items:
                items.append({"id": item.id, "name": f"{item.id}. {self.plain(item.name)}",
                              "href": self.framework_item_href(fw.id, item.id)})
        themes = [{"id": t.id, "name": self.plain(t.name), "href": self.href(f"themes/{t.id}/")}
                  for t in self.corpus.themes.values()]
        index = {"docs": [{"id": d.id, "title": self.doc_title(d), "region": self.region_name(d.region),
                           "issued": d.issued or ""} for d in docs],
                 "items": items, "themes": themes, "default": self.compare_default()}
        return _dumps(index)
