"""Printed numbering labels on pages: a measure's label path (三、（一）) and its English form ((1), 3.).
Used by the pages, the citations and the feeds alike."""

from __future__ import annotations

from functools import lru_cache

from generator.data.model import Document, Provision
from generator.data.numbering import match_label


def label_path_text(doc: Document, provision: Provision, lang: str) -> str:
    """The printed labels from the outermost part down (三、（一）/ 3. (1)): a label alone is ambiguous
    where numbering restarts in every part; unnumbered parts appear where the labels repeat.

    Kept on the document per provision and language: every page that names a measure asks for it (267,000
    times per language at 100×, a tenth of the render). A document is not changed once loaded (an edit
    loads a new one), and what the text is made of is the document's structure (its provisions' ids,
    parents and labels) and the provision's own fields: the document and the provision are read here
    either way, so the render cache's trace of the page (site/render_deps) is the same."""
    known = doc.label_texts
    key = (provision.id, lang)
    text = known.get(key)
    if text is None or known.get((key, "of")) is not provision:
        labels = [(english_label(p.label, p.id) if lang == "en" else p.label) if p.label else doc.part_label(p, lang)
                  for p in doc.labelled_path(provision)]
        text = known[key] = ("" if lang == "zh" else " ").join(labels) or provision.id
        known[(key, "of")] = provision  # (a duplicated id names two provisions)
    return text


def english_label(label: str | None, provision_id: str = "") -> str:
    """（三） → (3), 二、 → 2., 12. stays: English pages show numbering without Chinese numerals."""
    return _english_label(label) if label else ""


@lru_cache(maxsize=4096)  # a few hundred distinct labels, asked for on every page that names a measure
def _english_label(label: str) -> str:
    if not label:
        return ""
    parsed = match_label(label)
    if not parsed:
        return label
    n = parsed.value
    return {"cn-comma": f"{n}.", "cn-paren": f"({n})", "arabic-paren": f"({n})", "arabic-dot": f"{n}.",
            "chapter": f"Chapter {n}", "article": f"Article {n}", "circled": f"({n})"}.get(parsed.scheme, label)
