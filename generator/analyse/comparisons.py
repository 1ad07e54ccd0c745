"""Corpus → the comparisons the site shows: per-measure rows, theme × region, theme × function,
framework item × document, agency and function responsibilities, and the quantified targets
(extracted in generator/analyse/targets.py).

Language-neutral: everything here is ids, counts and references into the model.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator.analyse.targets import Target, corpus_targets
from generator.data.model import Agency, Corpus, Document, Provision


@dataclass
class MeasureRow:
    doc: Document
    provision: Provision
    agencies: list[str]  # canonical ids, in printed order, unique
    lead_agencies: list[str]
    functions: list[str]
    themes: list[str]
    framework: list[str]
    roles: dict[str, str] = field(default_factory=dict)  # agency → its strongest printed role: lead, supporting, responsible

    @property
    def key(self) -> str:
        return f"{self.doc.id}#{self.provision.anchor}"


@dataclass
class Analysis:
    rows: list[MeasureRow]
    by_theme_region: dict[str, dict[str, list[MeasureRow]]]
    by_theme_function: dict[str, dict[str, int]]
    by_framework_doc: dict[str, dict[str, list[MeasureRow]]]
    by_agency: dict[str, list[tuple[MeasureRow, str]]]
    by_function: dict[str, list[MeasureRow]]
    by_region: dict[str, list[Document]]
    targets: list[Target]  # quantified targets of measures and section lead-ins (generator/analyse/targets.py)
    regions_with_documents: list[str] = field(default_factory=list)
    # indexes built once, so pages never scan the whole corpus (that made render quadratic)
    rows_by_doc: dict[str, list[MeasureRow]] = field(default_factory=dict)
    rows_by_region: dict[str, list[MeasureRow]] = field(default_factory=dict)  # region and the regions below it
    docs_by_region: dict[str, list[Document]] = field(default_factory=dict)  # region and the regions below it


def measure_rows(corpus: Corpus) -> list[MeasureRow]:
    rows = []
    for doc in sorted(corpus.documents.values(), key=lambda d: d.id):
        for p in doc.measures:
            agencies, leads = [], []
            for unit in p.responsibility.units if p.responsibility else []:
                if unit.agency and unit.agency not in agencies:
                    agencies.append(unit.agency)
                if unit.role == "lead" and unit.agency and not p.responsibility.unordered:
                    leads.append(unit.agency)
            functions = []
            for a in agencies:
                agency = corpus.agencies.get(a)
                if agency and agency.function not in functions:
                    functions.append(agency.function)
            rank = {"lead": 2, "supporting": 1}
            roles: dict[str, str] = {}
            for unit in p.responsibility.units if p.responsibility else []:
                if unit.agency and rank.get(unit.role, 0) >= rank.get(roles.get(unit.agency, ""), -1):
                    roles[unit.agency] = unit.role
            rows.append(MeasureRow(doc, p, agencies, leads, functions, [t.id for t in p.themes], list(p.framework), roles))
    return rows


def analyse(corpus: Corpus) -> Analysis:
    rows = measure_rows(corpus)
    by_theme_region: dict[str, dict[str, list[MeasureRow]]] = defaultdict(lambda: defaultdict(list))
    by_theme_function: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_framework_doc: dict[str, dict[str, list[MeasureRow]]] = defaultdict(lambda: defaultdict(list))
    by_agency: dict[str, list[tuple[MeasureRow, str]]] = defaultdict(list)
    by_function: dict[str, list[MeasureRow]] = defaultdict(list)
    for row in rows:
        for theme in row.themes:
            by_theme_region[theme][row.doc.region].append(row)
            for function in row.functions:
                by_theme_function[theme][function] += 1
        for item in row.framework:
            by_framework_doc[item][row.doc.id].append(row)
        roles = {}
        for unit in row.provision.responsibility.units if row.provision.responsibility else []:
            if unit.agency:
                roles.setdefault(unit.agency, unit.role)
        for agency_id in row.agencies:
            by_agency[agency_id].append((row, roles.get(agency_id, "responsible")))
        for function in row.functions:
            by_function[function].append(row)
    by_region: dict[str, list[Document]] = defaultdict(list)
    for doc in sorted(corpus.documents.values(), key=lambda d: d.id):
        by_region[doc.region].append(doc)
    chains = {region_id: corpus.region_chain(region_id) for region_id in by_region}
    docs_by_region: dict[str, list[Document]] = defaultdict(list)  # keys: every region with documents in or below it
    for region_id, docs in by_region.items():
        for r in chains[region_id]:
            docs_by_region[r] += docs
    rows_by_doc: dict[str, list[MeasureRow]] = defaultdict(list)
    rows_by_region: dict[str, list[MeasureRow]] = defaultdict(list)
    for row in rows:
        rows_by_doc[row.doc.id].append(row)
        for r in chains[row.doc.region]:
            rows_by_region[r].append(row)
    return Analysis(rows, by_theme_region, by_theme_function, by_framework_doc, by_agency, by_function,
                    by_region, corpus_targets(corpus.documents.values()), list(docs_by_region), dict(rows_by_doc), dict(rows_by_region),
                    {r: sorted(docs, key=lambda d: d.id) for r, docs in docs_by_region.items()})


def measure_permalink(doc: Document, provision: Provision, lang: str) -> str:
    """The citable site path of a measure: the same in the cite line, the downloads and correction reports."""
    return f"/{'en/' if lang == 'en' else ''}documents/{doc.id}/#{provision.anchor}"


def agency_label(agency: Agency, lang: str) -> str:
    short = agency.short.get(lang) if agency.short else None
    return short or agency.name.get(lang) or agency.name.zh or agency.id
