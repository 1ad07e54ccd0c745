"""Corpus → the comparisons the site shows: per-measure rows, theme × region, theme × function,
framework item × document, agency and function responsibilities, quantified targets.

Language-neutral: everything here is ids, counts and references into the model.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .model import Agency, Corpus, Document, Provision


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
class Target:
    doc: Document
    provision: Provision
    kind: str  # percentage | count | money | time-limit | deadline
    value: str  # as printed
    sentence: str  # the Chinese sentence it came from


@dataclass
class Analysis:
    rows: list[MeasureRow]
    by_theme_region: dict[str, dict[str, list[MeasureRow]]]
    by_theme_function: dict[str, dict[str, int]]
    by_framework_doc: dict[str, dict[str, list[MeasureRow]]]
    by_agency: dict[str, list[tuple[MeasureRow, str]]]
    by_function: dict[str, list[MeasureRow]]
    by_region: dict[str, list[Document]]
    targets: list[Target]
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
                    by_region, extract_targets(rows), list(docs_by_region), dict(rows_by_doc), dict(rows_by_region),
                    {r: sorted(docs, key=lambda d: d.id) for r, docs in docs_by_region.items()})


def measure_permalink(doc: Document, provision: Provision, lang: str) -> str:
    """The citable site path of a measure: the same in the cite line, the downloads and correction reports."""
    return f"/{'en/' if lang == 'en' else ''}documents/{doc.id}/#{provision.anchor}"


def agency_label(agency: Agency, lang: str) -> str:
    short = agency.short.get(lang) if agency.short else None
    return short or agency.name.get(lang) or agency.name.zh or agency.id


# Quantified commitments. Each pattern names what it captures; numbers may be Arabic or 万-scaled.
_NUM = r"\d+(?:\.\d+)?"
TARGET_PATTERNS = [
    ("percentage", re.compile(rf"{_NUM}%(?:\s*[-—–~至]\s*{_NUM}%)?|{_NUM}\s*[-—–~]\s*{_NUM}%")),
    ("money", re.compile(rf"{_NUM}(?:\s*[-—–~]\s*{_NUM})?\s*(?:万|亿)?元")),
    ("time-limit", re.compile(
        rf"{_NUM}\s*个?工作日|满\s*{_NUM}\s*年|{_NUM}\s*年(?:以上|以内|内)|(?:期限)?不超过\s*{_NUM}\s*年")),
    ("deadline", re.compile(
        rf"(?:到|至|在)\s*{_NUM}\s*年(?:末|底|前)?|{_NUM}\s*年\s*\d+\s*月\s*\d+\s*日至\s*{_NUM}\s*年\s*\d+\s*月\s*\d+\s*日")),
    ("count", re.compile(rf"{_NUM}(?:\s*[-—–~]\s*{_NUM})?\s*万?\s*(?:人次|人|名|家|项|期|套|所|个|次)")),
]
_SENTENCE = re.compile(r"[^。；;]*[。；;]?")


def extract_targets(rows: list[MeasureRow]) -> list[Target]:
    targets = []
    for row in rows:
        text = row.provision.text.zh if row.provision.text and row.provision.text.zh else ""
        for sentence in (s for s in _SENTENCE.findall(text) if s.strip()):
            taken: list[tuple[int, int]] = []
            for kind, pattern in TARGET_PATTERNS:
                for m in pattern.finditer(sentence):
                    if any(m.start() < e and s < m.end() for s, e in taken):
                        continue  # a longer, earlier kind already claimed these characters
                    if kind == "count" and re.fullmatch(r"[12]\d{3}\s*(个|次)", m.group(0)):
                        continue
                    taken.append((m.start(), m.end()))
                    targets.append(Target(row.doc, row.provision, kind, m.group(0).strip(), sentence.strip()))
        deadline = row.provision.deadline
        if deadline and deadline.zh:  # a task table's 完成时限 column: the deadline as printed
            targets.append(Target(row.doc, row.provision, "deadline", deadline.zh, deadline.zh))
    return targets
