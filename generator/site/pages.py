"""Which pages the site has: the page list (language-neutral), long lists split into numbered pages, and
where each paged item landed (so other pages can link to it). Computed once per build, before any
page is rendered; nothing here knows a language or a template's markup."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.analyse.comparisons import Analysis
from generator.analyse.coverage import Coverage, coverage
from generator.data.model import Corpus
from generator.site.framework_pages import plan_framework_pages

# Long lists (measures of a function, targets, theme comparisons, agencies, framework rows) are split
# into pages of about this many items, so no page grows with the corpus (issue: scale).
LIST_LIMIT = 300
EXPLORER_CHUNK = 1000  # explorer rows per JSON file: the page itself stays the same size at any scale


@dataclass
class Page:
    path: str  # markdown path inside the language folder, e.g. documents/tianjin.md
    template: str
    context: dict = field(default_factory=dict)
    nav_section: str | None = None  # key in strings.yaml of its nav section; None = not in nav

    @property
    def url(self) -> str:
        """Directory URL inside the language root, e.g. documents/tianjin/ ('' for the home page)."""
        stem = self.path[:-3]
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"


@dataclass
class Pager:
    number: int  # 1-based
    urls: list[str]  # every page of the list, as Page.url

    @property
    def total(self) -> int:
        return len(self.urls)


def chunk(items: list, weight=lambda item: 1, limit: int = LIST_LIMIT) -> list[list]:
    """Consecutive runs of items whose weights add up to at most limit (a heavier item gets a run of
    its own, never split). Always at least one (possibly empty) run."""
    runs: list[list] = [[]]
    load = 0
    for item in items:
        w = weight(item)
        if runs[-1] and load + w > limit:
            runs.append([])
            load = 0
        runs[-1].append(item)
        load += w
    return runs


def paged_path(path: str, number: int) -> str:
    """themes/hukou.md, 3 → themes/hukou/page-3.md; matrices/index.md, 2 → matrices/page-2.md."""
    if number == 1:
        return path
    stem = path[: -len("/index.md")] if path.endswith("/index.md") else path[: -len(".md")]
    return f"{stem}/page-{number}.md"


@dataclass
class SitePlan:
    """Everything about the pages that every page may need to know, fixed before rendering starts."""
    pages: list[Page]
    located: dict[tuple, str]  # (list name, key, item id) → URL of the page that shows the item
    region_pages: set[str]  # regions that have a page (breadcrumbs link only to those)
    agencies_by_jurisdiction: dict[str, list]  # agencies with at least one measure, in register order
    agencies_by_function: dict[str, list]
    collective_agencies: set[str]  # collective subjects (各地人民政府 …): never counted as one agency
    coverage: Coverage  # which documents implement each framework and answer each item (analyse/coverage)
    related: dict  # measure key → [(MeasureRow, score)]: related measures in other documents (analyse/related)


def plan_pages(corpus: Corpus, analysis: Analysis) -> SitePlan:
    c, a = corpus, analysis
    by_jurisdiction: dict[str, list] = {}
    by_function: dict[str, list] = {}
    for agency in c.agencies.values():
        if agency.id in a.rows_and_roles_by_agency:
            by_jurisdiction.setdefault(agency.jurisdiction, []).append(agency)
            by_function.setdefault(agency.function, []).append(agency)
    located: dict[tuple, str] = {}

    def paginated(path: str, template: str, items: list, context: dict, nav_section: str | None = None,
                  weight=lambda item: 1, limit: int = LIST_LIMIT, locate: tuple | None = None,
                  item_id=lambda item: item) -> list[Page]:
        """One Page per run of items (see chunk); each gets `items` and a `pager`. With locate=(list, key),
        records which page shows each item, for links from elsewhere."""
        runs = chunk(items, weight, limit)
        paths = [paged_path(path, n) for n in range(1, len(runs) + 1)]
        urls = [Page(p, template).url for p in paths]
        out = []
        for n, (p, run) in enumerate(zip(paths, runs), 1):
            out.append(Page(p, template, {**context, "items": run, "pager": Pager(n, urls)}, nav_section if n == 1 else None))
            for item in run if locate else []:
                located[(*locate, item_id(item))] = urls[n - 1]
        return out

    docs = sorted(c.documents.values(), key=lambda d: d.id)
    # every region with documents, and the provinces of cities with documents (Zhejiang for Wenzhou)
    regions = sorted((c.regions[r] for r in a.regions_with_documents if r in c.regions and c.regions[r].level != "national"),
                     key=lambda reg: (reg.code or "", reg.id))
    own_regions = [reg for reg in regions if reg.id in a.docs_in_region]  # regions that issued documents
    framework_docs = [d for d in docs if any(p.framework for p in d.measures)]
    pages = [
        # the home page names the latest dozen documents (newest issued first), not the whole corpus
        Page("index.md", "home.md.j2", {"docs": docs, "regions": regions, "latest": sorted(
            docs, key=lambda d: (d.issued or "", d.id), reverse=True)[:12]}, "home"),
        Page("regions/index.md", "regions_index.md.j2", {"regions": regions}, "regions"),
        Page("compare.md", "compare.md.j2", {}, "compare"),  # its data: compare/*.json (site/compare_pages.py)
        Page("explorer.md", "explorer.md.j2", {"chunks": len(chunk(a.rows, limit=EXPLORER_CHUNK))}, "explorer"),
        Page("data.md", "data.md.j2", {}, "data"),
        Page("glossary.md", "glossary.md.j2", {"terms": sorted(c.glossary, key=lambda t: (t.en.casefold(), t.zh))}, "glossary"),
    ]
    # Theme pages first: other pages link to a region's column on them, wherever it landed.
    for t in c.themes.values():
        pages += paginated(f"themes/{t.id}.md", "theme.md.j2", own_regions, {"theme": t, "regions": regions},
                           weight=lambda reg, t=t: 1 + 3 * len(a.rows_by_theme_region[t.id].get(reg.id, [])),  # measures in full
                           locate=("theme", t.id), item_id=lambda reg: reg.id)
    # the coverage table has a column per region: past 40 regions it pages by region
    pages += paginated("themes/index.md", "themes_index.md.j2", own_regions,
                       {"themes": list(c.themes.values()), "regions": regions}, "themes", limit=40)
    # documents by region (division code) and date, not by their English ids
    by_region_date = sorted(docs, key=lambda d: (c.regions[d.region].code or "" if d.region in c.regions else "", d.issued or "", d.id))
    pages += paginated("documents/index.md", "documents_index.md.j2", by_region_date, {"docs": docs}, "documents")
    pages += paginated("agencies/index.md", "agencies_index.md.j2", regions, {"regions": regions}, "agencies",
                       weight=lambda reg: 1 + len(by_jurisdiction.get(reg.id, [])))
    # framework rows are a dozen cells wide: a third as many per page
    pages += paginated("matrices/index.md", "matrices_index.md.j2", framework_docs, {"docs": docs, "regions": regions},
                       "matrices", limit=LIST_LIMIT // 3)
    pages += paginated("targets.md", "targets.md.j2", a.targets, {}, "targets")
    framework_coverage = coverage(c, a)
    pages += plan_framework_pages(c, a, framework_coverage, by_region_date, paginated)  # /framework/ and its items
    # Detail pages are reached from their index pages: a nav listing every one would not scale.
    pages += [Page(f"regions/{r.id}.md", "region.md.j2", {"region": r}) for r in regions]
    pages += [Page(f"documents/{d.id}.md", "document.md.j2", {"doc": d}) for d in docs]
    used_agencies = [c.agencies[x] for x in sorted(a.rows_and_roles_by_agency) if x in c.agencies]
    pages += [Page(f"agencies/{ag.id}.md", "agency.md.j2", {"agency": ag}, None) for ag in used_agencies]
    used_functions = [c.functions[f] for f in sorted(a.rows_by_function) if f in c.functions]
    for f in used_functions:
        pages += paginated(f"functions/{f.id}.md", "function.md.j2", a.rows_by_function[f.id], {"function": f})
    pages += [Page(f"matrices/{d.id}.md", "matrix_document.md.j2", {"doc": d}) for d in docs]
    rows = {row.key: row for row in a.rows}
    related = {key: [(rows[other], score) for other, score in found if other in rows] for key, found in a.related.items()}
    return SitePlan(pages, located, {reg.id for reg in regions}, by_jurisdiction, by_function,
                    {ag.id for ag in c.agencies.values() if ag.is_collective}, framework_coverage, related)
