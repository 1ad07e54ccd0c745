"""Which documents implement each framework and which answer each of its items (issue 12).

`coverage` is the ONE computation of "how many documents answer an item": the framework pages, the
framework matrix and the themes index all print its numbers, so they cannot disagree. A measure names
framework items by their bare id; which framework an id belongs to follows from what the document
implements (its `implements:` references, matched by document number or title).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.analyse.comparisons import Analysis
from generator.data.model import Corpus, Document, Framework


def _references_framework(doc: Document, fw: Framework) -> bool:
    """The document's `implements:` names this framework: same document number, or its title in full."""
    for ref in doc.implements:
        if fw.number and ref.number and ref.number.strip() == fw.number.strip():
            return True
        if fw.title.zh and ref.title and fw.title.zh in ref.title:
            return True
    return False


def implemented_frameworks(corpus: Corpus, doc: Document) -> list[str]:
    """Ids of the frameworks a document implements. A document that links framework items but whose
    references name no known framework is read as implementing every framework that has all its items
    (with one framework: that one), so its links are never dropped."""
    named = [fw.id for fw in corpus.frameworks.values() if _references_framework(doc, fw)]
    if named:
        return named
    linked = {item for p in doc.measures for item in p.framework}
    if not linked:
        return []
    return [fw.id for fw in corpus.frameworks.values() if linked <= {item.id for item in fw.items}]


@dataclass
class Coverage:
    """Which documents implement each framework and which answer each of its items."""
    implementers: dict[str, list[str]] = field(default_factory=dict)  # framework id → document ids
    answering: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (framework, item) → document ids

    def count(self, fw_id: str, item_id: str) -> int:
        return len(self.answering.get((fw_id, item_id), []))


def coverage(corpus: Corpus, analysis: Analysis) -> Coverage:
    result = Coverage()
    implements = {doc.id: implemented_frameworks(corpus, doc) for doc in corpus.documents.values()}
    for fw in corpus.frameworks.values():
        result.implementers[fw.id] = sorted(d for d, fws in implements.items() if fw.id in fws)
        for item in fw.items:
            docs = analysis.rows_by_framework_item_doc.get(item.id, {})
            result.answering[(fw.id, item.id)] = sorted(d for d, rows in docs.items() if rows and fw.id in implements[d])
    return result
