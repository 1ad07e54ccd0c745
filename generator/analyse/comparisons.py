"""Corpus → the comparisons the site shows: per-measure rows, theme × region, theme × function,
framework item × document, agency and function responsibilities, and the quantified targets
(generator/analyse/targets.py).

Language-neutral: everything here is ids, counts and references into the model.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

from generator.analyse.related import related_for, related_started
from generator.analyse.targets import corpus_targets
from generator.data.model import Agency, Corpus, Document, Provision, Responsibility
from generator.data.targetmodel import Target


@dataclass
class MeasureRow:
    doc: Document
    provision: Provision
    agencies: list[str]  # canonical ids, in printed order, unique
    lead_agencies: list[str]
    functions: list[str]
    themes: list[str]
    framework: list[str]
    roles: dict[str, str] = field(default_factory=dict)  # agency → effective_role(): lead, supporting, responsible

    @property
    def key(self) -> str:
        return f"{self.doc.id}#{self.provision.anchor}"


@dataclass
class Analysis:
    # Each index is named <what it holds>_by_<key>[_<key>] (or _in_region / _in_or_below_region).
    rows: list[MeasureRow]
    rows_by_theme_region: dict[str, dict[str, list[MeasureRow]]]  # theme → region (issuing) → measure rows
    measure_counts_by_theme_function: dict[str, dict[str, int]]  # theme → agency function → measures
    rows_by_framework_item_doc: dict[str, dict[str, list[MeasureRow]]]  # framework item → document → rows
    rows_and_roles_by_agency: dict[str, list[tuple[MeasureRow, str]]]  # agency → (row, effective_role)
    rows_by_function: dict[str, list[MeasureRow]]  # agency function → rows naming an agency of it
    docs_in_region: dict[str, list[Document]]  # region → documents it issued itself (not those below it)
    targets: list[Target]  # quantified targets of measures and section lead-ins (generator/analyse/targets.py)
    regions_with_documents: list[str] = field(default_factory=list)  # with documents in or below them
    # indexes built once, so pages never scan the whole corpus (that made render quadratic)
    rows_by_doc: dict[str, list[MeasureRow]] = field(default_factory=dict)
    rows_in_or_below_region: dict[str, list[MeasureRow]] = field(default_factory=dict)  # region and the regions below it
    docs_in_or_below_region: dict[str, list[Document]] = field(default_factory=dict)  # region and the regions below it
    # measure key (doc#anchor) → [(related measure key in another document, score)] (analyse/related)
    related: dict[str, list[tuple[str, float]]] = field(default_factory=dict)


_ROLE_RANK = {"responsible": 0, "supporting": 1, "lead": 2}


def effective_role(responsibility: Responsibility, agency_id: str) -> str | None:
    """The one answer to "what is this agency's role in this measure?" (matrices, agency pages, lead
    columns of the downloads): the strongest role printed for any of its units (lead > supporting >
    responsible), except that nobody leads where the document says the order of units means nothing
    (排序不分先后, `unordered`). None when the agency is not among the units."""
    roles = [u.role for u in responsibility.units if u.agency == agency_id]
    if not roles:
        return None
    role = max(roles, key=lambda r: _ROLE_RANK.get(r, 0))
    return "responsible" if role == "lead" and responsibility.unordered else role


class Index(dict):
    """A finished index: a key it lacks reads as empty, as in the defaultdict it was built in, but is not
    added. Rendering reads the indexes page after page; a read that added keys changed what the next page
    saw (a theme page's region filter listed regions without measures once an earlier page had looked
    them up), so a page depended on which pages were rendered before it."""

    def __init__(self, items, empty=list):
        super().__init__(items)
        self.empty = empty

    def __missing__(self, key):
        return self.empty()


def _finished(index: dict, empty=list, inner=None) -> Index:
    """A defaultdict (of defaultdicts, with `inner`) as an Index."""
    if inner is None:
        return Index(index, empty)
    return Index({key: Index(value, inner) for key, value in index.items()}, partial(Index, {}, inner))


def measure_rows(corpus: Corpus) -> list[MeasureRow]:
    rows = []
    for doc in sorted(corpus.documents.values(), key=lambda d: d.id):
        for p in doc.measures:
            units = p.responsibility.units if p.responsibility else []
            agencies = list(dict.fromkeys(u.agency for u in units if u.agency))  # printed order, unique
            roles = {a: effective_role(p.responsibility, a) for a in agencies}
            functions = []
            for a in agencies:
                agency = corpus.agencies.get(a)
                if agency and agency.function not in functions:
                    functions.append(agency.function)
            leads = [a for a in agencies if roles[a] == "lead"]
            rows.append(MeasureRow(doc, p, agencies, leads, functions, [t.id for t in p.themes], list(p.framework), roles))
    return rows


def analyse(corpus: Corpus, reuse: bool = False) -> Analysis:
    """`reuse`: start from what the last call in this process computed for documents and measure texts
    that have not changed (targets, related measures): the preview analyses a new corpus after every save.
    Without it the related measures are worked out in a forked worker meanwhile (nothing is kept for a next call)."""
    related = (lambda: related_for(corpus, reuse)) if reuse else related_started(corpus)
    rows = measure_rows(corpus)
    rows_by_theme_region: dict[str, dict[str, list[MeasureRow]]] = defaultdict(lambda: defaultdict(list))
    measure_counts_by_theme_function: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows_by_framework_item_doc: dict[str, dict[str, list[MeasureRow]]] = defaultdict(lambda: defaultdict(list))
    rows_and_roles_by_agency: dict[str, list[tuple[MeasureRow, str]]] = defaultdict(list)
    rows_by_function: dict[str, list[MeasureRow]] = defaultdict(list)
    for row in rows:
        for theme in row.themes:
            rows_by_theme_region[theme][row.doc.region].append(row)
            for function in row.functions:
                measure_counts_by_theme_function[theme][function] += 1
        for item in row.framework:
            rows_by_framework_item_doc[item][row.doc.id].append(row)
        for agency_id in row.agencies:
            rows_and_roles_by_agency[agency_id].append((row, row.roles[agency_id]))
        for function in row.functions:
            rows_by_function[function].append(row)
    docs_in_region: dict[str, list[Document]] = defaultdict(list)
    for doc in sorted(corpus.documents.values(), key=lambda d: d.id):
        docs_in_region[doc.region].append(doc)
    chains = {region_id: corpus.region_chain(region_id) for region_id in docs_in_region}
    docs_in_or_below_region: dict[str, list[Document]] = defaultdict(list)  # keys: every region with documents in or below it
    for region_id, docs in docs_in_region.items():
        for r in chains[region_id]:
            docs_in_or_below_region[r] += docs
    rows_by_doc: dict[str, list[MeasureRow]] = defaultdict(list)
    rows_in_or_below_region: dict[str, list[MeasureRow]] = defaultdict(list)
    for row in rows:
        rows_by_doc[row.doc.id].append(row)
        for r in chains[row.doc.region]:
            rows_in_or_below_region[r].append(row)
    return Analysis(
        rows, _finished(rows_by_theme_region, inner=list), _finished(measure_counts_by_theme_function, inner=int),
        _finished(rows_by_framework_item_doc, inner=list), _finished(rows_and_roles_by_agency),
        _finished(rows_by_function), _finished(docs_in_region), corpus_targets(corpus.documents.values(), reuse),
        list(docs_in_or_below_region),
        dict(rows_by_doc), dict(rows_in_or_below_region),
        {r: sorted(docs, key=lambda d: d.id) for r, docs in docs_in_or_below_region.items()}, related())


def measure_permalink(doc: Document, provision: Provision, lang: str) -> str:
    """The citable site path of a measure: the same in the cite line, the downloads and correction reports."""
    return f"/{'en/' if lang == 'en' else ''}documents/{doc.id}/#{provision.anchor}"


def agency_label(agency: Agency, lang: str) -> str:
    short = agency.short.get(lang) if agency.short else None
    return short or agency.name.get(lang) or agency.name.zh or agency.id
