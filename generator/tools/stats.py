"""`python -m generator stats`: a per-document table of what the data holds and what is missing."""

from __future__ import annotations

from dataclasses import dataclass

from generator.data.model import Corpus, Document
from generator.data.translation import reference_fields, text_fields


@dataclass
class DocumentStats:
    document: str
    measures: int
    with_responsibility: int
    distinct_agencies: int  # canonical agencies, not counting collective subjects
    collective_subjects: int  # 各地人民政府 …: many agencies, counted apart
    unresolved_units: int
    organisational: int  # measures about carrying the document out (组织实施 …), counted among the measures
    without_theme: int
    text_fields: int
    missing_english: int


def document_stats(corpus: Corpus, doc: Document) -> DocumentStats:
    agencies, collectives, unresolved = set(), set(), 0
    for p in doc.measures:
        for unit in p.responsibility.units if p.responsibility else []:
            if unit.agency and unit.agency in corpus.agencies:
                (collectives if corpus.agencies[unit.agency].is_collective else agencies).add(unit.agency)
            else:
                unresolved += 1
    fields = text_fields(doc)
    return DocumentStats(
        document=doc.id,
        measures=len(doc.measures),
        with_responsibility=sum(1 for p in doc.measures if p.responsibility),
        distinct_agencies=len(agencies),
        collective_subjects=len(collectives),
        unresolved_units=unresolved,
        organisational=sum(1 for p in doc.measures if doc.is_organisational(p)),
        without_theme=sum(1 for p in doc.measures if not p.themes),
        text_fields=len(fields),
        missing_english=sum(1 for _, t in fields + reference_fields(doc) if not t.en),
    )


def reference_missing_english(corpus: Corpus) -> int:
    names = [r.name for r in corpus.regions.values()] + [f.name for f in corpus.functions.values()]
    names += [a.name for a in corpus.agencies.values()]
    names += [t.name for t in corpus.themes.values()] + [t.description for t in corpus.themes.values()]
    return sum(1 for n in names if not n.en)


COLUMNS = [
    ("document", "document"), ("measures", "measures"), ("with_responsibility", "with responsibility"),
    ("distinct_agencies", "distinct agencies"), ("collective_subjects", "collective subjects"),
    ("unresolved_units", "unresolved units"), ("organisational", "of which organisational"),
    ("without_theme", "without theme"), ("text_fields", "text fields"), ("missing_english", "missing English"),
]


def format_table(corpus: Corpus) -> str:
    rows = [document_stats(corpus, doc) for doc in sorted(corpus.documents.values(), key=lambda d: d.id)]
    header = [title for _, title in COLUMNS]
    body = [[str(getattr(r, key)) for key, _ in COLUMNS] for r in rows]
    totals = ["total"] + [str(sum(getattr(r, key) for r in rows)) for key, _ in COLUMNS[1:]]
    widths = [max(len(x) for x in col) for col in zip(header, *body, totals)]

    def fmt(cells):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    lines = [fmt(header), fmt(["-" * w for w in widths])] + [fmt(r) for r in body] + [fmt(totals)]
    lines.append("")
    lines.append(f"reference data: {len(corpus.regions)} regions, {len(corpus.agencies)} agencies, "
                 f"{len(corpus.functions)} functions, {len(corpus.themes)} themes, {len(corpus.glossary)} glossary terms; "
                 f"names without English: {reference_missing_english(corpus)}")
    lines.append(targets_line(corpus))
    return "\n".join(lines)


def targets_line(corpus: Corpus) -> str:
    """Quantified targets per kind and role (the README's table is this line, regenerated)."""
    from generator.analyse.targets import corpus_targets
    from generator.data.targetmodel import counts

    found = corpus_targets(corpus.documents.values())
    c = counts(found)
    return (f"targets: {len(found)}; by kind: " + ", ".join(f"{k} {n}" for k, n in c.by_kind.items())
            + "; by role: " + ", ".join(f"{k} {n}" for k, n in c.by_role.items()))
