"""Model + analysis → Markdown pages for both languages, and the generated MkDocs config.

Safety: templates are rendered with autoescaping *and* a finalizer, so every value that comes
from data goes through `escaping.escape_html` (HTML-escaped, line breaks as character references)
unless a helper here deliberately returns Markup built the same way. Page bodies are raw-HTML blocks
(Markdown leaves them alone, so `[x](javascript:…)` or `**` in data stays text), and since data never
carries a line break into the page it can never start a line Markdown would parse; only section
headings are Markdown (for the table of contents), and they go through `md`, which also
backslash-escapes Markdown syntax. `check_page_lines` refuses any other kind of line.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import charts
from .analyse import Analysis, MeasureRow, agency_label, analyse, measure_permalink
from .compare_pages import CompareHelpers
from .errors import BuildError, Problem
from .escaping import escape_html, md_escape
from .export import CODEBOOK
from .framework_pages import FrameworkHelpers
from .inputs import require_regular_inputs
from .load import load_strings
from .model import Corpus, Document, Provision, Text
from .parallel import fork_map
from .paths import Project
from .rawhtml import GENERATED_MARK
from .reuse import ReuseHelpers

LANGS = ("zh", "en")
_CN_NUMERALS = "零一二三四五六七八九十"
# Long lists (measures of a function, targets, theme comparisons, agencies, framework rows) are split
# into pages of about this many items, so no page grows with the corpus (issue: scale).
LIST_LIMIT = 300
# Hand-written pages kept out of the readers' navigation (linked from the footer instead).
FOOTER_ONLY = {"editing"}
EXPLORER_CHUNK = 1000  # explorer rows per JSON file: the page itself stays the same size at any scale


def _finalize(value):
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup(escape_html(str(value)))


def _join(values, separator: str = "") -> Markup:
    """Jinja's `join` with our escaping (its own escapes items with markupsafe, which keeps line breaks)."""
    def one(value) -> str:
        return str(value) if isinstance(value, Markup) else escape_html(str(value))
    return Markup(one(separator).join(one(v) for v in values))


# A generated page's lines: blank, a raw-HTML line, or a Markdown heading (`## text {#anchor}`).
_PAGE_LINE = re.compile(r"(?:|<.*|#{1,6} .*)")


def check_page_lines(body: str, template: str) -> None:
    """Every line of a generated page is blank, raw HTML or a heading, so Markdown never parses
    anything else (a template that writes other Markdown is refused here, naming its line)."""
    for number, line in enumerate(body.split("\n"), 1):
        if not _PAGE_LINE.fullmatch(line.strip()):
            raise BuildError(Problem(f"templates/pages/{template}", 0, 0,
                                     f"rendered line {number} is neither raw HTML nor a heading: {line[:60]!r}",
                                     "wrap text in an HTML element; generated pages use Markdown for headings only"))


def label_path_text(doc: Document, provision: Provision, lang: str) -> str:
    """The printed labels from the outermost part down (三、（一）/ 3. (1)): a label alone is ambiguous
    where numbering restarts in every part; unnumbered parts appear where the labels repeat."""
    labels = [(english_label(p.label, p.id) if lang == "en" else p.label) if p.label else doc.part_label(p, lang)
              for p in doc.labelled_path(provision)]
    return ("" if lang == "zh" else " ").join(labels) or provision.id


def english_label(label: str | None, provision_id: str) -> str:
    """（三） → (3), 二、 → 2., 12. stays: English pages show numbering without Chinese numerals."""
    from .ingest.lines import match_label

    if not label:
        return ""
    parsed = match_label(label)
    if not parsed:
        return label
    n = parsed.value
    return {"cn-comma": f"{n}.", "cn-paren": f"({n})", "arabic-paren": f"({n})", "arabic-dot": f"{n}.",
            "chapter": f"Chapter {n}", "article": f"Article {n}", "circled": f"({n})"}.get(parsed.scheme, label)


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


class Renderer(ReuseHelpers, FrameworkHelpers, CompareHelpers):
    def __init__(self, project: Project, corpus: Corpus, analysis: Analysis | None = None):
        self.project = project
        self.corpus = corpus
        self.analysis = analysis or analyse(corpus)
        self.strings = load_strings(project)  # checked like data: schema, limits, escaped on output
        self.dataset_version = corpus.site_version  # None when the data names no version
        self.env = Environment(
            loader=FileSystemLoader(str(project.templates / "pages")),
            autoescape=True, finalize=_finalize, undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        )
        self.env.filters["md"] = lambda v: Markup(md_escape(str(v or "")))
        self.env.filters["join"] = _join
        self.env.filters["e"] = self.env.filters["escape"] = lambda v: _finalize(v)
        self.env.tests["in_list"] = lambda seq, item: item in seq
        self.lang = "zh"
        self.page: Page | None = None
        self.title: str | None = None
        self.region_pages: set[str] = set()  # set by pages()
        self.located: dict[tuple, str] = {}  # (list name, key, item id) → URL of the page that shows it
        # where readers report errors (an issue tracker's "new issue" URL); no link when unset
        self.corrections_url = os.environ.get("CORRECTIONS_URL", "").strip() or None
        if self.corrections_url and not re.match(r"https?://[^\s\"'<>]+$", self.corrections_url):
            raise BuildError(Problem("CORRECTIONS_URL", 0, 0, f"not an http(s) URL: {self.corrections_url[:80]!r}",
                                     "set it to the issue tracker's new-issue page, e.g. https://…/issues/new"))
        # agencies with at least one measure, in register order
        self.agencies_by_jurisdiction: dict[str, list] = {}
        self.agencies_by_function: dict[str, list] = {}
        # collective subjects (各地人民政府 …) are never counted as one agency
        self.collective_agencies = {a.id for a in self.corpus.agencies.values() if a.is_collective}
        for agency in self.corpus.agencies.values():
            if agency.id in self.analysis.by_agency:
                self.agencies_by_jurisdiction.setdefault(agency.jurisdiction, []).append(agency)
                self.agencies_by_function.setdefault(agency.function, []).append(agency)

    # ---- helpers exposed to templates -------------------------------------------------------
    def h1(self, title: str) -> Markup:
        """The page's H1. The title is also recorded for the front matter, already HTML-escaped,
        because Material prints page titles unescaped in <title> and the header."""
        pager = self.page.context.get("pager") if self.page else None
        if pager and pager.number > 1:
            title += f"（第 {pager.number} 页）" if self.lang == "zh" else f" (page {pager.number})"
        self.title = title
        return Markup("# " + md_escape(title))

    def colon(self) -> str:
        return "：" if self.lang == "zh" else ": "

    def t(self, key: str) -> str:
        entry = self.strings.get(key)
        if entry is None:
            raise BuildError(Problem("templates/strings.yaml", 0, 0, f"missing interface string '{key}'", "add it in both languages"))
        return entry[self.lang]

    def tx(self, text: Text | None, fallback_key: str = "not_stated") -> Markup:
        """A data text in the page language (escaped); English pages fall back to marked Chinese."""
        if not text or not (text.zh or text.en):
            return Markup(f'<span class="not-stated">{escape_html(self.t(fallback_key))}</span>')
        if self.lang == "en" and not text.en:
            return Markup(f'<span lang="zh-Hans" class="untranslated">{escape_html(text.zh)}</span>')
        return Markup(escape_html(text.get(self.lang) or text.zh or ""))

    def plain(self, text: Text | None, fallback_key: str = "not_stated") -> str:
        if not text or not (text.zh or text.en):
            return self.t(fallback_key)
        return (text.get(self.lang) or text.zh or "") if self.lang == "en" else (text.zh or text.en or "")

    def original(self, value: str | None) -> Markup:
        """Chinese shown on purpose (文号, names as printed): marked as Chinese on English pages."""
        if not value:
            return Markup(escape_html(self.t("not_stated")))
        if self.lang == "en":
            return Markup(f'<span lang="zh-Hans">{escape_html(value)}</span>')
        return Markup(escape_html(value))

    def paragraphs(self, value: str | None) -> Markup:
        if not value:
            return Markup("")
        return Markup("".join(f"<p>{escape_html(part)}</p>" for part in value.split("\n") if part.strip()))

    def href(self, target: str, root_file: bool = False) -> str:
        """Relative link from the current page to a page URL (or, with root_file, a site-root file)."""
        anchor = ""
        if "#" in target:
            target, anchor = target.split("#", 1)
            anchor = "#" + anchor
        here = (("en/" if self.lang == "en" else "") + self.page.url).rstrip("/") or "."
        there = target if root_file else ("en/" if self.lang == "en" else "") + target
        rel = posixpath.relpath(there.rstrip("/") or ".", here)
        if not root_file and (target.endswith("/") or target == ""):
            rel = rel.rstrip("/") + "/" if rel != "." else "./"
        return rel + anchor

    def chinese_original_href(self) -> str:
        """From an English page to the same page in Chinese."""
        here = ("en/" + self.page.url).rstrip("/")
        return posixpath.relpath(self.page.url.rstrip("/") or ".", here).rstrip("/") + "/"

    def provenance(self, doc: Document) -> str:
        who = {"editorial": ("编辑部译", "editorial translation"), "official": ("官方译文", "official translation"),
               "machine": ("机器翻译", "machine translation")}.get(doc.translation_source or "", ("未注明", "not stated"))
        checked = ("经第二人校对", "reviewed by a second editor") if doc.translation_reviewed else ("未经校对", "not yet reviewed")
        i = 0 if self.lang == "zh" else 1
        return f"{who[i]}，{checked[i]}" if i == 0 else f"{who[i]}, {checked[i]}"

    def label(self, provision: Provision) -> str:
        return english_label(provision.label, provision.id) if self.lang == "en" else (provision.label or "")

    def label_path(self, doc: Document, provision: Provision) -> str:
        return label_path_text(doc, provision, self.lang)

    def doc_title(self, doc: Document) -> str:
        """The printed title; else the editors' descriptive title in brackets (marked editorial in the
        data, never passed off as the source's); else a bracketed description from the region."""
        if doc.title and (doc.title.zh or doc.title.en):
            return self.plain(doc.title)
        if doc.editorial_title and (doc.editorial_title.zh or doc.editorial_title.en):
            name = self.plain(doc.editorial_title)
            return f"〔{name}〕" if self.lang == "zh" else f"[{name}]"
        region = self.region_name(doc.region)
        return f"〔{region}政策文件（原文未注明标题）〕" if self.lang == "zh" else f"[{region} policy document, untitled in the source]"

    def region_name(self, region_id: str | None) -> str:
        region = self.corpus.regions.get(region_id or "")
        return self.plain(region.name) if region else self.t("not_stated")

    def agency_name(self, agency_id: str, full: bool = False) -> str:
        agency = self.corpus.agencies.get(agency_id)
        if not agency:
            return agency_id
        return self.plain(agency.name) if full else agency_label(agency, self.lang)

    def function_name(self, function_id: str) -> str:
        function = self.corpus.functions.get(function_id)
        return self.plain(function.name) if function else function_id

    def theme_name(self, theme_id: str) -> str:
        theme = self.corpus.themes.get(theme_id)
        return self.plain(theme.name) if theme else theme_id

    def measure_title(self, doc: Document, provision: Provision) -> str:
        """How a measure is named in lists: its label and heading, else the start of its text."""
        heading = self.plain(provision.heading, "not_stated") if provision.heading else ""
        if not heading and provision.text:
            text = self.plain(provision.text)
            heading = text[:60] + ("…" if len(text) > 60 else "")
        return f"{self.label_path(doc, provision)} {heading}".strip()

    # ---- charts ---------------------------------------------------------------------------------
    def documents_in(self, region_id: str) -> list[Document]:
        """Documents of a region and of the regions below it."""
        return self.analysis.docs_by_region.get(region_id, [])

    def tile_map(self) -> Markup:
        by_code = {r.code: r for r in self.corpus.regions.values() if r.code}
        tiles = []
        for code, short_zh, short_en, col, row in charts.PROVINCE_TILES:
            region = by_code.get(code)
            own = len(self.analysis.by_region.get(region.id, [])) if region else 0
            cities = []
            if region:
                for child in sorted(self.corpus.regions.values(), key=lambda r: r.code or ""):
                    if child.parent == region.id and self.analysis.by_region.get(child.id):
                        cities.append((self.plain(child.name).removesuffix("市") if self.lang == "zh" else self.plain(child.name),
                                       self.href(f"regions/{child.id}/"), len(self.analysis.by_region[child.id])))
            has_page = region is not None and (own or cities)
            tiles.append({"code": code, "col": col, "row": row, "documents": own, "cities": cities,
                          "short": short_zh if self.lang == "zh" else short_en,
                          "name": self.plain(region.name) if region else (short_zh if self.lang == "zh" else short_en),
                          "href": self.href(f"regions/{region.id}/") if has_page else None})
        caption = ("本库收录文件的省级地区（方块）与城市" if self.lang == "zh"
                   else "Province-level regions (tiles) and cities with documents in the corpus")
        return charts.tile_map(tiles, self.lang, caption, self.href("data/regions.csv", root_file=True))

    def function_bars(self, rows: list[MeasureRow], scope: str) -> Markup:
        counts: dict[str, int] = {}
        for row in rows:
            for f in row.functions:
                counts[f] = counts.get(f, 0) + 1
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        data = [(self.function_name(f), n, self.href(f"functions/{f}/")) for f, n in ordered]
        caption = (f"{scope}：各职能类别承担的措施数" if self.lang == "zh" else f"{scope}: measures by agency function")
        return charts.bar_table(data, caption, self.t("function_label"), self.t("measures"),
                                self.href("data/measures.csv", root_file=True), "measures.csv",
                                empty=f"{caption}{self.colon()}{self.t('no_units_printed')}")

    def region_bars(self, theme_id: str, regions) -> Markup:
        data = [(self.plain(reg.name), len(self.analysis.by_theme_region[theme_id].get(reg.id, [])),
                 self.theme_region_href(theme_id, reg.id))
                for reg in regions if reg.id in self.analysis.by_region]
        caption = ("各地区本主题措施数" if self.lang == "zh" else "Measures under this theme by region")
        return charts.bar_table(data, caption, self.t("region"), self.t("measures"),
                                self.href("data/measures.csv", root_file=True), "measures.csv")

    def rows_of(self, doc: Document | None = None, region_id: str | None = None) -> list[MeasureRow]:
        if doc is not None:
            return self.analysis.rows_by_doc.get(doc.id, [])
        return self.analysis.rows_by_region.get(region_id, [])

    @staticmethod
    def heat(count: int, maximum: int) -> str:
        return charts.heat_class(count, maximum)

    @staticmethod
    def share(count: int, total: int) -> str:
        return charts.share_class(count, total)

    def share_legend(self, whole: str) -> Markup:
        return charts.share_legend(self.lang, whole)

    def sort_key(self, text: str) -> str:
        """Alphabetical order for the page's language: Chinese by pinyin (as Chinese dictionaries and
        indexes order it), English case-insensitively. Never by an English id."""
        if self.lang == "zh":
            from pypinyin import lazy_pinyin

            return " ".join(lazy_pinyin(text)).casefold()
        return text.casefold()

    def by_initial(self, terms) -> list[tuple[str, list]]:
        """Glossary terms in the page language's order, grouped by initial letter (pinyin for Chinese)."""
        key = (lambda t: self.sort_key(t.zh)) if self.lang == "zh" else (lambda t: self.sort_key(t.en))
        groups: dict[str, list] = {}
        for term in sorted(terms, key=lambda t: (key(t), t.zh)):
            initial = key(term)[:1].upper()
            groups.setdefault(initial if initial.isalpha() and initial.isascii() else "#", []).append(term)
        return list(groups.items())

    def regions_by_code(self, region_ids) -> list[str]:
        """Region ids in division-code order (north to south, province before its cities), not by slug."""
        return sorted(region_ids, key=lambda rid: (self.corpus.regions[rid].code or "" if rid in self.corpus.regions else "", rid))

    def functions_by_count(self) -> list[str]:
        """Agency functions, most measures first: an order that reads the same in both languages
        (sorting by id would order Chinese names by their English slugs)."""
        return sorted(self.analysis.by_function, key=lambda f: (-len(self.analysis.by_function[f]), f))

    def own_measures(self, region_id: str) -> int:
        """Measures of the documents a region issued itself (not its cities')."""
        return sum(len(self.analysis.rows_by_doc.get(d.id, [])) for d in self.analysis.by_region.get(region_id, []))

    def short_measure_title(self, doc: Document, provision: Provision, limit: int = 28) -> str:
        """A measure's heading (or the start of its text), cut at a word or character boundary for matrix rows."""
        title = self.plain(provision.heading) if provision.heading else (self.plain(provision.text) if provision.text else "")
        if len(title) <= limit:
            return title
        cut = title[:limit]
        if self.lang == "en" and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        return cut.rstrip("，,;；、 ") + "…"

    @staticmethod
    def document_themes(doc: Document) -> list[str]:
        seen: list[str] = []
        for p in doc.measures:
            seen += [t.id for t in p.themes if t.id not in seen]
        return seen

    @staticmethod
    def heading_marks(provision: Provision) -> Markup:
        """## for parts and sections, ### below: the table of contents shows the document outline."""
        return Markup("##" if provision.depth == 0 else "###")

    @staticmethod
    def anchor(name: str) -> Markup:
        """Markdown attr_list anchor for a heading (ids are ours, never data)."""
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
            raise BuildError(Problem("templates", 0, 0, f"bad anchor id {name!r}", "use lowercase ASCII ids"))
        return Markup("{#" + name + "}")

    @staticmethod
    def count_with(rows, attribute: str, value) -> int:
        """How many rows have `value` in their list attribute (e.g. agencies)."""
        return sum(1 for row in rows if value in getattr(row, attribute))

    def context_heading(self, doc: Document, provision: Provision) -> str:
        """The nearest enclosing heading, to name a measure that has only a number (Jilin's tasks)."""
        for parent in reversed(doc.ancestors(provision)):
            if parent.heading:
                return f"{self.label(parent)} {self.plain(parent.heading)}".strip()
        return ""

    def measure_url(self, doc: Document, provision: Provision) -> str:
        return f"documents/{doc.id}/#{provision.anchor}"

    def permalink(self, doc: Document, provision: Provision) -> str:
        return measure_permalink(doc, provision, self.lang)

    def correction_href(self, doc: Document, provision: Provision) -> str:
        """A pre-filled report: which measure (permalink), what the reader should add."""
        from urllib.parse import urlencode

        permalink = self.permalink(doc, provision)
        title = f"{doc.id} {provision.id}: " + ("更正" if self.lang == "zh" else "correction")
        body = (f"页面：{permalink}\n原文出处（种子文件行或原网页）：\n问题与建议的修改：\n" if self.lang == "zh" else
                f"Page: {permalink}\nWhere the source says it (seed line or source web page):\nWhat is wrong and the proposed fix:\n")
        separator = "&" if "?" in self.corrections_url else "?"
        return self.corrections_url + separator + urlencode({"title": title, "body": body})

    def theme_region_href(self, theme_id: str, region_id: str) -> str:
        """Link to a region's column on a theme page, on whichever page of the theme it landed."""
        url = self.located.get(("theme", theme_id, region_id), f"themes/{theme_id}/")
        return self.href(f"{url}#r-{region_id}")

    def pager_links(self, pager: Pager | None) -> Markup:
        """Numbered links between the pages of a long list (nothing when it fits on one page)."""
        if not pager or pager.total < 2:
            return Markup("")
        label = f"第 {pager.number} / {pager.total} 页" if self.lang == "zh" else f"Page {pager.number} of {pager.total}"
        items = []
        for n, url in enumerate(pager.urls, 1):
            if n == pager.number:
                items.append(f'<li><span aria-current="page">{n}</span></li>')
            else:
                items.append(f'<li><a href="{escape_html(self.href(url))}">{n}</a></li>')
        return Markup(f'<nav class="pager" aria-label="{escape_html(label)}"><span>{escape_html(label)}</span>'
                      f'<ol>{"".join(items)}</ol></nav>')

    def explorer_chunks(self) -> list[tuple[str, str]]:
        """The explorer's rows as JSON files (name, text) beside its page, in this language: one array
        per measure [region, level, themes, functions, agencies, title, href, units, text, framework, document,
        measure, open-ended] (see ReuseHelpers.explorer_extra), plus the agency names
        the chunk uses (region and theme names are in the page's filter menus)."""
        files = []
        for n, run in enumerate(chunk(self.analysis.rows, limit=EXPLORER_CHUNK), 1):
            names: dict[str, str] = {}
            rows = []
            for row in run:
                region = self.corpus.regions.get(row.doc.region)
                for agency_id in row.agencies:
                    names.setdefault(agency_id, self.agency_name(agency_id))
                rows.append([row.doc.region, region.level if region else "", row.themes, row.functions, row.agencies,
                             self.measure_title(row.doc, row.provision), self.href(self.measure_url(row.doc, row.provision)),
                             *self.explorer_extra(row)])
            payload = {"agencies": dict(sorted(names.items())), "rows": rows}
            files.append((f"rows-{n}.json", json.dumps(payload, ensure_ascii=False, separators=(",", ":"))))
        return files

    def paginated(self, path: str, template: str, items: list, context: dict, nav_section: str | None = None,
                  weight=lambda item: 1, limit: int = LIST_LIMIT, locate: tuple | None = None,
                  item_id=lambda item: item) -> list[Page]:
        """One Page per run of items (see chunk); each gets `items` and a `pager`. With locate=(list, key),
        records which page shows each item, for links from elsewhere."""
        runs = chunk(items, weight, limit)
        paths = [paged_path(path, n) for n in range(1, len(runs) + 1)]
        urls = [Page(p, template).url for p in paths]
        pages = []
        for n, (p, run) in enumerate(zip(paths, runs), 1):
            pages.append(Page(p, template, {**context, "items": run, "pager": Pager(n, urls)}, nav_section if n == 1 else None))
            for item in run if locate else []:
                self.located[(*locate, item_id(item))] = urls[n - 1]
        return pages

    # ---- what a search engine and a lost reader see ------------------------------------------------
    # Index pages by template: (section key in strings.yaml, its URL, what the page shows in zh / en).
    SECTIONS = {
        "regions_index.md.j2": ("regions", "regions/", "收录文件的各地区，及其文件数和措施数",
                "the regions in the corpus with their documents and measure counts"),
        "documents_index.md.j2": ("documents", "documents/", "全部政策文件：地区、发文机关、文号、日期和措施数",
                "every policy document with its region, issuer, number, date and measure count"),
        "themes_index.md.j2": ("themes", "themes/", "主题 × 地区：各地区文件中每个主题的措施数",
                "themes × regions: how many measures of each region's documents carry each theme"),
        "agencies_index.md.j2": ("agencies", "agencies/", "责任单位按职能类别和所属地区归类",
                "the responsible agencies by function and by jurisdiction"),
        "matrices_index.md.j2": ("matrices", "matrices/", "主题 × 职能类别，以及各文件对应国家意见条目的矩阵",
                "themes × agency functions, and which national items each document answers"),
        "targets.md.j2": ("targets", "targets/", "从措施原文中提取的量化目标，附原文句子",
                "quantified targets taken from the measure texts, with their source sentences"),
        "compare.md.j2": ("compare", "compare/", "任选两到四份文件，按国家意见条目和主题逐行并排比较措施全文和责任单位",
                "any two to four documents side by side, row by row by national framework item and theme, measures in full with agencies"),
        "explorer.md.j2": ("explorer", "explorer/", "按地区、层级、主题、职能和关键词筛选全部措施",
                "filter every measure by region, level, theme, agency function and keyword"),
        "data.md.j2": ("data", "data/", "全部数据的 CSV 和 JSON 下载及字段说明",
                "CSV and JSON downloads of all the data, with a codebook"),
        "framework.md.j2": ("framework", "framework/", "国家意见的各部分和条目，每一条目有多少份文件作出回应",
                "the national framework's parts and items, and how many documents answer each"),
        "glossary.md.j2": ("glossary", "glossary/", "译文中固定术语和项目名称的译法与说明",
                "the fixed English renderings of recurring terms and programme names, with notes"),
    }

    def page_label(self, page: Page) -> str:
        """The page's own name in breadcrumbs (its title without the page number)."""
        ctx = page.context
        if "doc" in ctx and page.template == "document.md.j2":
            return self.doc_title(ctx["doc"])
        if page.template == "matrix_document.md.j2":
            return self.doc_title(ctx["doc"])
        if page.template == "framework_item.md.j2":
            return f"{ctx['item'].id}. {self.plain(ctx['item'].name)}"
        for key, getter in (("region", lambda r: self.plain(r.name)), ("theme", lambda t: self.plain(t.name)),
                            ("agency", lambda ag: self.agency_name(ag.id, full=True)),
                            ("function", lambda f: self.function_name(f.id))):
            if key in ctx:
                return getter(ctx[key])
        section = self.SECTIONS.get(page.template)
        return self.t(section[0]) if section else self.title or ""

    def crumbs(self, page: Page) -> list[tuple[str, str | None]]:
        """Home › section › (region) › this page: links relative to the page; the last has no link."""
        if page.template == "home.md.j2":
            return []
        ctx, here = page.context, self.page_label(page)
        trail: list[tuple[str, str | None]] = [(self.t("home"), self.href(""))]
        region_link = lambda rid: [(self.region_name(rid), self.href(f"regions/{rid}/"))] if rid in self.region_pages else []  # noqa: E731
        t = page.template
        if t in self.SECTIONS:
            key, url = self.SECTIONS[t][:2]
            pager = ctx.get("pager")
            if pager and pager.number > 1:
                trail.append((here, self.href(url)))
                here = self.title or here
        elif t == "region.md.j2":
            trail.append((self.t("regions"), self.href("regions/")))
            trail += region_link(ctx["region"].parent)
        elif t == "document.md.j2":
            trail.append((self.t("documents"), self.href("documents/")))
            trail += region_link(ctx["doc"].region)
        elif t == "matrix_document.md.j2":
            trail.append((self.t("matrices"), self.href("matrices/")))
            trail.append((self.doc_title(ctx["doc"]), self.href(f"documents/{ctx['doc'].id}/")))
            here = self.t("matrices")
        elif t == "theme.md.j2":
            trail.append((self.t("themes"), self.href("themes/")))
        elif t == "framework_item.md.j2":
            trail.append((self.t("framework"), self.href("framework/")))
        elif t == "agency.md.j2":
            trail.append((self.t("agencies"), self.href("agencies/")))
            trail += region_link(ctx["agency"].jurisdiction)
        elif t == "function.md.j2":
            trail.append((self.t("agencies"), self.href("agencies/")))
            trail.append((self.t("functions"), self.href("agencies/#by-function")))
        if t in ("theme.md.j2", "function.md.j2", "framework_item.md.j2") and ctx.get("pager") and ctx["pager"].number > 1:
            trail.append((here, self.href(ctx["pager"].urls[0])))
            here = self.title or here
        return trail + [(here, None)]

    def description(self, page: Page) -> str:
        """A meta description unique to the page: what it is, where from, and what it shows."""
        zh, ctx, t = self.lang == "zh", page.context, page.template
        sep = "。" if zh else ". "
        if t == "home.md.j2":
            text = ("中国各地促进劳动力和人才社会性流动政策文件的双语比较：逐条结构化的措施，按地区、主题和责任单位比较，可引用、可下载"
                    if zh else "A bilingual comparison of Chinese regional policies on the social mobility of labour and talent: "
                    "every measure structured, compared by region, theme and responsible agency, citable and downloadable")
        elif t in self.SECTIONS:
            text = f"{self.title}{'：' if zh else ': '}{self.SECTIONS[t][2 if zh else 3]}"
        elif t in ("document.md.j2", "matrix_document.md.j2"):
            doc = ctx["doc"]
            n = len(doc.measures)
            parts = [self.region_name(doc.region)]
            if doc.issuer and (doc.issuer.zh or doc.issuer.en):
                parts.append(self.plain(doc.issuer))
            if doc.issued:
                parts.append(doc.issued)
            if t == "document.md.j2":
                what = (f"全文逐条结构化，{n} 条措施，附责任单位和主题" if zh else
                        f"the full text measure by measure ({n} measures) with responsible agencies and themes, "
                        "in an English reference translation beside the Chinese original")
            else:
                what = (f"措施 × 责任单位矩阵（{n} 条措施）：哪个单位负责哪条措施" if zh else
                        f"measures × responsible agencies ({n} measures): which agency carries which measure")
            where = f"（{'，'.join(parts)}）" if zh else f" ({', '.join(parts)})"
            text = f"{self.doc_title(doc)}{where}{sep}{what if zh else what[0].upper() + what[1:]}"
        elif t == "region.md.j2":
            region = ctx["region"]
            docs, rows = len(self.documents_in(region.id)), len(self.rows_of(region_id=region.id))
            name, level = self.plain(region.name), self.t("level_" + region.level)
            text = (f"{name}（{level}）：{docs} 份政策文件、{rows} 条措施，按主题和职能类别统计" if zh else
                    f"{name} ({level}): {docs} policy documents and {rows} measures, counted by theme and agency function")
        elif t == "theme.md.j2":
            text = (f"{self.title}：各地区文件中本主题的措施对比" if zh else
                    f"{self.title}: the measures under this theme in each region's documents, side by side")
        elif t == "agency.md.j2":
            agency = ctx["agency"]
            n = len(self.analysis.by_agency.get(agency.id, []))
            where = self.region_name(agency.jurisdiction)
            text = (f"{self.title}（{where}）在政策文件中负责的 {n} 条措施" if zh else
                    f"{self.title} ({where}): the {n} measures it is responsible for in the policy documents")
        elif t == "function.md.j2":
            text = (f"{self.title}：该职能类别的机构负责的措施" if zh else
                    f"{self.title}: the measures carried by agencies of this function")
        else:
            text = self.title or ""
        return text

    # ---- pages ------------------------------------------------------------------------------
    def pages(self) -> list[Page]:
        c, a = self.corpus, self.analysis
        docs = sorted(c.documents.values(), key=lambda d: d.id)
        # every region with documents, and the provinces of cities with documents (Zhejiang for Wenzhou)
        regions = sorted((c.regions[r] for r in a.regions_with_documents if r in c.regions and c.regions[r].level != "national"),
                         key=lambda reg: (reg.code or "", reg.id))
        own_regions = [reg for reg in regions if reg.id in a.by_region]  # regions that issued documents
        self.region_pages = {reg.id for reg in regions}  # regions that have a page (breadcrumbs link them)
        framework_docs = [d for d in docs if any(p.framework for p in d.measures)]
        pages = [
            # the home page names the latest dozen documents (newest issued first), not the whole corpus
            Page("index.md", "home.md.j2", {"docs": docs, "regions": regions, "latest": sorted(
                docs, key=lambda d: (d.issued or "", d.id), reverse=True)[:12]}, "home"),
            Page("regions/index.md", "regions_index.md.j2", {"regions": regions}, "regions"),
            Page("compare.md", "compare.md.j2", {}, "compare"),  # data in compare/*.json (compare_pages.py)
            Page("explorer.md", "explorer.md.j2", {"chunks": len(chunk(a.rows, limit=EXPLORER_CHUNK))}, "explorer"),
            Page("data.md", "data.md.j2", {"codebook": CODEBOOK}, "data"),
            Page("glossary.md", "glossary.md.j2", {"terms": sorted(c.glossary, key=lambda t: (t.en.casefold(), t.zh))}, "glossary"),
        ]
        # Theme pages first: other pages link to a region's column on them, wherever it landed.
        for t in c.themes.values():
            pages += self.paginated(f"themes/{t.id}.md", "theme.md.j2", own_regions, {"theme": t, "regions": regions},
                                    weight=lambda reg, t=t: 1 + 3 * len(a.by_theme_region[t.id].get(reg.id, [])),  # measures in full
                                    locate=("theme", t.id), item_id=lambda reg: reg.id)
        # the coverage table has a column per region: past 40 regions it pages by region
        pages += self.paginated("themes/index.md", "themes_index.md.j2", own_regions,
                                {"themes": list(c.themes.values()), "regions": regions}, "themes", limit=40)
        # documents by region (division code) and date, not by their English ids
        by_region_date = sorted(docs, key=lambda d: (c.regions[d.region].code or "" if d.region in c.regions else "", d.issued or "", d.id))
        pages += self.paginated("documents/index.md", "documents_index.md.j2", by_region_date, {"docs": docs}, "documents")
        pages += self.paginated("agencies/index.md", "agencies_index.md.j2", regions, {"regions": regions}, "agencies",
                                weight=lambda reg: 1 + len(self.agencies_by_jurisdiction.get(reg.id, [])))
        # framework rows are a dozen cells wide: a third as many per page
        pages += self.paginated("matrices/index.md", "matrices_index.md.j2", framework_docs, {"docs": docs, "regions": regions},
                                "matrices", limit=LIST_LIMIT // 3)
        pages += self.paginated("targets.md", "targets.md.j2", a.targets, {}, "targets")
        pages += self.framework_pages(by_region_date)  # /framework/ and its item pages (framework_pages.py)
        # Detail pages are reached from their index pages: a nav listing every one would not scale.
        pages += [Page(f"regions/{r.id}.md", "region.md.j2", {"region": r}) for r in regions]
        pages += [Page(f"documents/{d.id}.md", "document.md.j2", {"doc": d}) for d in docs]
        used_agencies = [c.agencies[x] for x in sorted(a.by_agency) if x in c.agencies]
        pages += [Page(f"agencies/{ag.id}.md", "agency.md.j2", {"agency": ag}, None) for ag in used_agencies]
        used_functions = [c.functions[f] for f in sorted(a.by_function) if f in c.functions]
        for f in used_functions:
            pages += self.paginated(f"functions/{f.id}.md", "function.md.j2", a.by_function[f.id], {"function": f})
        pages += [Page(f"matrices/{d.id}.md", "matrix_document.md.j2", {"doc": d}) for d in docs]
        return pages

    def render_all(self, out_dir: Path) -> list[Page]:
        pages = self.pages()
        self.related_index()  # related measures (related.py): computed once, before the languages fork

        def render(lang: str) -> None:
            self.render_language(lang, pages, out_dir)

        if len(pages) > 200:  # the languages share only read-only state: a worker each, once the fork pays
            fork_map(render, LANGS, min_items=len(LANGS))
        else:
            for lang in LANGS:
                render(lang)
        return pages

    def render_language(self, lang: str, pages: list[Page], out_dir: Path) -> None:
        self.lang = lang
        for page in pages:
            self.page = page
            template = self.env.get_template(page.template)
            self.title = None
            body = template.render(r=self, c=self.corpus, a=self.analysis, lang=lang, page=page, **page.context)
            if self.title is None:
                raise BuildError(Problem(f"templates/pages/{page.template}", 0, 0, "template has no r.h1(...) title",
                                         "start the template with {{ r.h1(...) }}"))
            check_page_lines(body, page.template)
            meta = {"title": escape_html(self.title), "description": self.description(page),
                    "crumbs": [{"name": name, "href": href} for name, href in self.crumbs(page)]}
            feed = self.page_feed(page)  # a region's or theme's Atom feed, for <link rel="alternate feed"> (issue 14)
            if feed:
                meta["feed"] = feed
            front = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items())
            text = f"---\n{front}\n---\n\n{GENERATED_MARK}\n{body}"
            _write_if_changed(out_dir / lang / page.path, text)
            if page.template == "explorer.md.j2":
                for name, data in self.explorer_chunks():
                    _write_if_changed(out_dir / lang / page.path[: -len(".md")] / name, data)
            if page.template == "compare.md.j2":
                for name, data in self.compare_files():
                    _write_if_changed(out_dir / lang / "compare" / name, data)

    def nav(self, pages: list[Page], handwritten: list[str]) -> tuple[list, dict]:
        """Nav in Chinese plus the zh → en label translations for mkdocs-static-i18n."""
        self.lang = "zh"
        sections: dict[str, list[str]] = {}
        for page in pages:
            if page.nav_section:
                sections.setdefault(page.nav_section, []).append(page.path)
        order = ["home", "regions", "documents", "framework", "compare", "themes", "agencies", "matrices", "targets",
                 "explorer", "data", "glossary"]
        nav, translations = [], {}
        # Material prints nav titles and the site name unescaped: interface strings are data too.
        label = {key: {lang: escape_html(value[lang]) for lang in LANGS} for key, value in self.strings.items()}
        for key in order:
            paths = sections.get(key, [])
            label_zh, label_en = label[key]["zh"], label[key]["en"]
            translations[label_zh] = label_en
            if len(paths) == 1:
                nav.append({label_zh: paths[0]})
            elif paths:
                nav.append({label_zh: paths})
        for path in handwritten:
            key = Path(path).stem
            if key in label and key not in FOOTER_ONLY:
                nav.append({label[key]["zh"]: path})
                translations[label[key]["zh"]] = label[key]["en"]
        return nav, translations


def _write_if_changed(target: Path, text: str) -> None:
    """Unchanged files are left alone, so a live-reload watcher sees only real changes."""
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def render_site_sources(project: Project, corpus: Corpus, out_dir: Path, clean: bool = True,
                        extra_config: dict | None = None) -> list[Page]:
    """Write hand-written docs + generated pages into out_dir/docs/{zh,en} and out_dir/mkdocs.yml."""
    require_regular_inputs(project)  # hand-written pages and assets are copied: no links among them
    if clean and out_dir.exists():
        shutil.rmtree(out_dir)
    docs_out = out_dir / "docs"
    renderer = Renderer(project, corpus)
    pages = renderer.render_all(docs_out)
    generated = {p.path for p in pages}
    handwritten: list[str] = []
    for lang in LANGS:
        for src in sorted((project.docs / lang).rglob("*")):
            if src.is_dir():
                continue
            rel = src.relative_to(project.docs / lang).as_posix()
            if rel in generated:
                raise BuildError(Problem(project.relative(src), 0, 0, f"hand-written page collides with generated page {rel}",
                                         "rename the hand-written page"))
            if src.suffix in (".md", ".css", ".js", ".svg"):
                _write_if_changed(docs_out / lang / rel, src.read_text(encoding="utf-8"))
            else:
                (docs_out / lang / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, docs_out / lang / rel)
            if lang == "zh" and rel.endswith(".md"):
                handwritten.append(rel)
    assets = project.docs / "assets"
    for src in sorted(assets.rglob("*")) if assets.exists() else []:
        if src.is_file():
            _write_if_changed(docs_out / "zh" / "assets" / src.relative_to(assets), src.read_text(encoding="utf-8"))
    nav, translations = renderer.nav(pages, handwritten)
    config = {
        "INHERIT": str((project.root / "mkdocs.yml").resolve()),
        "docs_dir": str(docs_out.resolve()),
        "theme": {"name": "material", "custom_dir": str((project.templates / "overrides").resolve())},
        "nav": nav,
        "plugins": [{"i18n": {
            "docs_structure": "folder",
            "fallback_to_default": False,
            "reconfigure_material": True,
            "languages": [
                {"locale": "zh", "default": True, "name": "简体中文", "build": True},
                {"locale": "en", "name": "English", "build": True, "site_name": escape_html(renderer.strings["site_name"]["en"]),
                 "nav_translations": translations},
            ],
        }}],
    }
    if os.environ.get("SITE_URL"):
        config["site_url"] = os.environ["SITE_URL"]  # enables canonical links and a correct sitemap
    config.update(extra_config or {})
    _write_if_changed(out_dir / "mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return pages
