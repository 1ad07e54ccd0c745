"""Printed numbering labels on pages: a measure's label path (三、（一）) and its English form ((1), 3.).
Used by the pages, the citations and the feeds alike."""

from __future__ import annotations

from functools import lru_cache

from generator.data.model import Document, Provision
from generator.data.numbering import match_label


def label_path_text(doc: Document, provision: Provision, lang: str) -> str:
    """The printed labels from the outermost part down (三、（一）/ 3. (1)): a label alone is ambiguous
    where numbering restarts in every part; unnumbered parts appear where the labels repeat."""
    labels = [(english_label(p.label, p.id) if lang == "en" else p.label) if p.label else doc.part_label(p, lang)
              for p in doc.labelled_path(provision)]
    return ("" if lang == "zh" else " ").join(labels) or provision.id


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
