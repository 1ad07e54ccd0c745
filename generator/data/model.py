"""Typed records: the only thing the stages after `load` share.

Built from YAML that has already passed its JSON Schema, so constructors trust field types;
each record keeps the file and line it came from so later checks can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

# The fixed vocabularies of the data: the JSON Schemas' enums, as types (tests/test_model_enums.py keeps
# the two equal, so a value added to a schema is added here and to the code that handles it).
RegionLevel = Literal["national", "province", "prefecture", "county"]
AgencyKind = Literal["agency", "section", "institution", "collective", "coordination"]
TranslationSource = Literal["editorial", "official", "machine"]
FrontRole = Literal["title", "notice_title", "addressees", "notice_body", "issuer", "seal", "date", "disclosure",
                    "doc_number", "print_line", "red_header", "adoption"]
ProvisionKind = Literal["part", "section", "group", "measure", "organisational", "general"]
UnitRole = Literal["lead", "supporting", "responsible"]


# part headings under which measures are about implementation, not policy
ORGANISATIONAL_HEADING = re.compile(r"组织实施|组织保障|工作要求")


@dataclass(frozen=True)
class Where:
    path: str
    line: int = 0


@dataclass
class Text:
    zh: str | None
    en: str | None = None
    en_source: TranslationSource | None = None  # effective provenance (field override, else document default)
    en_reviewed: bool = False

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)

    def get(self, lang: str) -> str | None:
        return self.en if lang == "en" else self.zh


@dataclass
class Region:
    id: str
    name: Text
    level: RegionLevel
    parent: str | None
    code: str | None
    aliases: list[str]
    where: Where


@dataclass
class Function:
    id: str
    name: Text
    where: Where


@dataclass
class Agency:
    id: str
    name: Text
    short: Text | None
    jurisdiction: str
    function: str
    kind: AgencyKind
    parent: str | None
    aliases: list[str]
    where: Where
    note: Text | None = None  # the editors' note on the resolution, in both languages

    @property
    def is_collective(self) -> bool:
        return self.kind == "collective"


@dataclass
class Theme:
    id: str
    name: Text
    description: Text
    framework_item: str | None
    where: Where


@dataclass
class FrameworkItem:
    id: str
    part: str
    name: Text
    theme: str | None
    text: Text | None = None  # the item's published text, where an editor has filled it in


@dataclass
class Framework:
    id: str
    title: Text
    number: str | None
    issuer: Text | None
    date: str | None
    parts: list[tuple[str, Text]]
    items: list[FrameworkItem]
    where: Where
    url: str | None = None  # the official publication, where the items' text is published


@dataclass
class GlossaryTerm:
    zh: str
    en: str
    accept: list[str]
    note: str | None
    where: Where
    exclude: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)  # renderings no English may use (old or wrong ones)


@dataclass
class UnitRef:
    name: str  # as printed
    role: UnitRole
    agency: str | None
    line: int = 0


# "…等部门按职责分工", "…等有关单位": the printed list names some units and leaves the rest open
OPEN_LIST = re.compile(r"等(?:有关|相关|其他|各)?(?:部门|单位|处室|科室|机构)")


@dataclass
class Responsibility:
    printed: str
    label: str | None
    note: str | None
    units: list[UnitRef]
    unordered: bool = False  # the document says the order of units implies no lead
    printed_with: str | None = None  # a merged table cell: printed once, with this measure

    @property
    def open_ended(self) -> bool:
        """The printed list ends in 等部门 …: units beyond those printed share the responsibility, so no
        download or page may present the printed units as the whole list."""
        return bool(OPEN_LIST.search(self.printed) or OPEN_LIST.search(self.note or ""))


@dataclass
class ThemeRef:
    id: str
    why: str | None
    line: int = 0


@dataclass
class Provision:
    id: str
    label: str | None
    kind: ProvisionKind
    heading: Text | None
    text: Text | None
    responsibility: Responsibility | None
    themes: list[ThemeRef]
    framework: list[str]
    notes: str | None
    line: int
    depth: int = 0
    parent: str | None = None
    deadline: Text | None = None  # 完成时限 as printed (task tables)
    deadline_printed_with: str | None = None  # a merged deadline cell: printed once, with this measure
    targets: list[dict] = field(default_factory=list)  # the editors' target overrides (data/targetoverrides.py), each with its line
    themes_not: list[ThemeRef] = field(default_factory=list)  # themes the editors decided do not apply, with why

    @property
    def is_measure(self) -> bool:
        return self.kind == "measure"

    @property
    def anchor(self) -> str:
        """Stable HTML anchor, e.g. m-2-16-44."""
        return "m-" + self.id.replace(".", "-")


@dataclass
class FrontLine:
    line: int
    role: FrontRole
    text: Text


@dataclass
class ChromeLine:
    line: int
    reason: str
    text: str


@dataclass
class Reference:
    title: str | None
    number: str | None
    en: str | None = None


@dataclass
class Document:
    id: str
    region: str | None
    title: Text | None
    issuer: Text | None
    issuer_note: Text | None
    doc_number: str | None
    issued: str | None
    published: str | None
    seed: str | None
    seed_sha256: str | None
    publisher: Text | None
    url: str | None  # the official publication's URL, where recorded
    implements: list[Reference]
    cites: list[Reference]
    unordered_units_from: str | None
    translation_source: TranslationSource | None
    translation_reviewed: bool
    front: list[FrontLine]
    chrome: list[ChromeLine]
    preamble: Text | None
    closing: Text | None
    provisions: list[Provision]
    where: Where
    key_lines: dict = field(default_factory=dict)  # top-level field → line, for messages
    issuers: list[Text] = field(default_factory=list)  # a joint document's signing bodies, lead first
    adopted: str | None = None
    adopted_by: Text | None = None
    effective: str | None = None
    # a descriptive title written by the editors where the source prints none (shown in brackets)
    editorial_title: Text | None = None
    _by_id: dict | None = field(default=None, repr=False, compare=False)
    archive_url: str | None = None  # an archived copy of the page the text was taken from
    transcribed_from: Text | None = None  # where the seed text was copied from, when the seed shows it
    _path_counts: tuple | None = field(default=None, repr=False, compare=False)
    # the pages' label path texts (site/labels.label_path_text), made once per provision and language
    label_texts: dict = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    @property
    def measures(self) -> list[Provision]:
        return [p for p in self.provisions if p.is_measure]

    def labelled_path(self, provision: Provision) -> list[Provision]:
        """The enclosing provisions and the provision itself, outermost first, those with a printed label:
        三、 then （一） name Tianjin's 3.1 where （一） alone names five items. Where the printed labels alone
        repeat within the document (Wenzhou's two lists both print 一、…十、), the unlabelled parts above are
        kept too, named by `part_label`, so that one path names one place only."""
        chain = [*self.ancestors(provision), provision]
        printed = [p for p in chain if p.label]
        if self._printed_path_counts().get(tuple(p.label for p in printed), 0) > 1:
            return [p for p in chain if p.label or p is not provision]
        if not printed and not provision.is_measure:
            return chain  # an unnumbered part is named by its position: 第一部分
        return printed

    def _printed_path_counts(self) -> dict[tuple, int]:
        if self._path_counts is None or self._path_counts[0] != len(self.provisions):
            counts: dict[tuple, int] = {}
            for p in self.provisions:
                key = tuple(q.label for q in (*self.ancestors(p), p) if q.label)
                if key:
                    counts[key] = counts.get(key, 0) + 1
            self._path_counts = (len(self.provisions), counts)
        return self._path_counts[1]

    def part_label(self, provision: Provision, lang: str) -> str:
        """The label of a provision: as printed, else (a part the source leaves unnumbered) its position
        among its siblings: 第二部分 / Part 2 — stated as our numbering, not the source's."""
        if provision.label:
            return provision.label
        siblings = [p for p in self.provisions if p.parent == provision.parent and p.depth == provision.depth]
        n = next((i for i, p in enumerate(siblings, 1) if p is provision), 0)
        return f"Part {n}" if lang == "en" else f"第{_chinese_ordinal(n)}部分"

    def label_path(self, provision: Provision) -> str:
        """The Chinese label path as the downloads print it, e.g. 三、（一） or 第二部分一、."""
        return "".join(self.part_label(p, "zh") for p in self.labelled_path(provision))

    def is_organisational(self, provision: Provision) -> bool:
        """A measure about carrying the document out (组织实施, 组织保障, 工作要求 …) rather than a policy
        change: it sits under a part so headed. Such measures count (the national framework numbers them,
        items 14–16) and are marked, so a comparison can leave them out."""
        return provision.kind == "organisational" or any(
            p.heading and ORGANISATIONAL_HEADING.search(p.heading.zh or "") for p in self.ancestors(provision))

    def provision(self, provision_id: str) -> Provision | None:
        """By id (indexed on first use: every measure list looks up its measures' parents)."""
        if self._by_id is None or len(self._by_id) != len(self.provisions):
            self._by_id = {}
            for p in self.provisions:
                self._by_id.setdefault(p.id, p)  # the first of a duplicated id, as a scan would find
        return self._by_id.get(provision_id)

    def ancestors(self, provision: Provision) -> list[Provision]:
        """Enclosing parts/groups, outermost first."""
        chain, pid = [], provision.parent
        while pid:
            parent = self.provision(pid)
            if parent is None:
                break
            chain.insert(0, parent)
            pid = parent.parent
        return chain


def _chinese_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (parts are few; past 99 the Arabic number)."""
    digits = "零一二三四五六七八九"
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


@dataclass
class Corpus:
    regions: dict[str, Region] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    frameworks: dict[str, Framework] = field(default_factory=dict)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    # reference tables that failed to load: checks against them are skipped (no cascades of errors)
    unavailable: set[str] = field(default_factory=set)
    # data/dataset.yaml and what the site may state about the version (generator.data.dataset), set by validate
    dataset: object | None = None
    site_version: object | None = None
    _alias_index: dict | None = field(default=None, repr=False, compare=False)

    def agency_by_alias(self, region_id: str, name: str) -> str | None:
        """The agency of exactly this jurisdiction that prints as `name` (indexed once: every unit asks)."""
        if self._alias_index is None:
            self._alias_index = {}
            for agency in self.agencies.values():
                for alias in agency.aliases:
                    self._alias_index.setdefault((agency.jurisdiction, alias), agency.id)
        return self._alias_index.get((region_id, name))

    def region_chain(self, region_id: str | None) -> list[str]:
        """The region and its ancestors, nearest first."""
        chain = []
        while region_id and region_id in self.regions and region_id not in chain:
            chain.append(region_id)
            region_id = self.regions[region_id].parent
        return chain

    def measures(self):
        for doc in self.documents.values():
            for p in doc.measures:
                yield doc, p
