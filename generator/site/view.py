"""The `r` of the page templates: one `PageView` per page and language, made before the page is rendered
and never changed after (the language, the page, its title and its link prefixes are fixed at construction),
apart from the table of contents its headings add to as the template writes them.
Its helpers turn model values into text in the page's language: escaped Markup, or plain strings that the
templates' finalizer escapes. Shared, read-only inputs (corpus, analysis, strings, settings, the page plan)
come in a `SiteContext`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from markupsafe import Markup

from generator.analyse.comparisons import Analysis, MeasureRow, agency_label, measure_permalink
from generator.data.model import Corpus, Document, Provision, Text
from generator.errors import BuildError, Problem
from generator.paths import Project
from generator.settings import Settings
from generator.site.chartviews import ChartViews
from generator.site.compare_pages import CompareHelpers
from generator.site.escaping import escape_html
from generator.site.framework_pages import FrameworkHelpers
from generator.site.labels import english_label, label_path_text
from generator.site.links import Links
from generator.site.pages import Page, SitePlan
from generator.site.reuse import ReuseHelpers
from generator.site.wayfinding import Wayfinding, page_title

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_ANCHOR = re.compile(r"[a-z0-9][a-z0-9-]*")
TITLE_ID = "title"  # the H1's id: the root of the table of contents, where the skip link points
SOURCE_LANGUAGE = "zh"  # the language of every source document


@dataclass(frozen=True)
class SiteContext:
    """What every page of a build shares, read-only."""
    project: Project
    corpus: Corpus
    analysis: Analysis
    strings: dict
    settings: Settings
    plan: SitePlan


class PageView(ReuseHelpers, ChartViews, Wayfinding, FrameworkHelpers, CompareHelpers):
    def __init__(self, site: SiteContext, lang: str, page: Page):
        self.site = site
        self.lang = lang
        self.page = page
        self.links = Links(lang, page.url)
        self.translated = lang != SOURCE_LANGUAGE  # the page shows a translation of the Chinese sources
        # shared inputs under the names the helpers use
        self.corpus, self.analysis, self.strings, self.settings = site.corpus, site.analysis, site.strings, site.settings
        self.dataset_version = site.corpus.site_version  # None when the data names no version
        self.corrections_url = site.settings.corrections_url  # checked by Settings; no report links when None
        plan = site.plan
        self.located, self.region_pages = plan.located, plan.region_pages
        self.agencies_by_jurisdiction, self.agencies_by_function = plan.agencies_by_jurisdiction, plan.agencies_by_function
        self.collective_agencies = plan.collective_agencies
        self.title = page_title(self)
        # The one thing a page adds to as it renders: its table of contents, [level, id, title as HTML] of
        # the H1 and each section heading in the order the template writes them (`h1`, `heading`). The render
        # puts it in the page's front matter: the engine does not parse generated pages to find headings.
        self.toc: list[list] = []

    # ---- text in the page's language --------------------------------------------------------------
    def h1(self) -> Markup:
        """The page's H1: its title (see wayfinding.page_title), fixed before the template runs."""
        return self._toc_heading(1, escape_html(self.title), TITLE_ID)

    def heading(self, level: int, text: str, anchor: str) -> Markup:
        """A section heading (level 2 or 3) with its id, listed in the page's table of contents. The text is
        plain (escaped here; outer spaces dropped, as an empty label leaves one), or Markup a helper built
        with escape_html; ids are ours, never data."""
        if level not in (2, 3) or not _ANCHOR.fullmatch(anchor):
            raise BuildError(Problem("templates", 0, 0, f"bad section heading: level {level!r}, id {anchor!r}",
                                     "use level 2 or 3 and a lowercase ASCII id", code="E-TEMPLATE"))
        return self._toc_heading(level, text.strip() if isinstance(text, Markup) else escape_html(str(text).strip()), anchor)

    def _toc_heading(self, level: int, html: str, anchor: str) -> Markup:
        self.toc.append([level, anchor, html])
        return Markup(f'<h{level} id="{anchor}">{html}</h{level}>')

    def colon(self) -> str:
        return self.t("colon")

    def t_pattern(self, key: str) -> str:
        """The interface string with its {placeholders} left in, for a script that fills them (explorer.js)."""
        entry = self.strings.get(key)
        if entry is None:
            raise BuildError(Problem("templates/strings.yaml", 0, 0, f"missing interface string '{key}'", "add it in both languages",
                                     code="E-TEMPLATE"))
        return entry[self.lang]

    def t(self, key: str, **values) -> str:
        """The interface string `key` (templates/strings.yaml) in the page's language, its {placeholders}
        filled from `values` (plain text: the templates' finalizer escapes the result)."""
        text = self.t_pattern(key)
        if "{" not in text:
            return text

        def fill(match: re.Match) -> str:
            if match.group(1) not in values:
                raise BuildError(Problem("templates/strings.yaml", 0, 0, f"interface string '{key}' has {{{match.group(1)}}} "
                                         "but the template gives no such value", "name only placeholders the template passes",
                                         code="E-TEMPLATE"))
            return str(values[match.group(1)])
        return _PLACEHOLDER.sub(fill, text)

    def tx(self, text: Text | None, fallback_key: str = "not_stated") -> Markup:
        """A data text in the page language (escaped); English pages fall back to marked Chinese."""
        if not text or not (text.zh or text.en):
            return Markup(f'<span class="not-stated">{escape_html(self.t(fallback_key))}</span>')
        if self.translated and not text.en:
            return Markup(f'<span lang="zh-Hans" class="untranslated">{escape_html(text.zh)}</span>')
        return Markup(escape_html(text.get(self.lang) or text.zh or ""))

    def plain(self, text: Text | None, fallback_key: str = "not_stated") -> str:
        if not text or not (text.zh or text.en):
            return self.t(fallback_key)
        return (text.get(self.lang) or text.zh or "") if self.translated else (text.zh or text.en or "")

    def original(self, value: str | None) -> Markup:
        """Chinese shown on purpose (文号, names as printed): marked as Chinese on English pages."""
        if not value:
            return Markup(escape_html(self.t("not_stated")))
        if self.translated:
            return Markup(f'<span lang="zh-Hans">{escape_html(value)}</span>')
        return Markup(escape_html(value))

    def text_paragraphs(self, text: Text | None) -> Markup:
        """A long data text (a measure, a preamble) as paragraphs in the page's language; on a translated
        page without its translation, the Chinese, marked as such (see tx)."""
        if text and not self.translated:
            return self.paragraphs(text.zh)
        if text and text.en:
            return self.paragraphs(text.en)
        return self.tx(text)

    def paragraphs(self, value: str | None) -> Markup:
        if not value:
            return Markup("")
        return Markup("".join(f"<p>{escape_html(part)}</p>" for part in value.split("\n") if part.strip()))

    def href(self, target: str, root_file: bool = False) -> str:
        """Relative link from this page to a page URL (or, with root_file, a site-root file)."""
        return self.links.root_file(target) if root_file else self.links.page(target)

    def chinese_original_href(self) -> str:
        """From an English page to the same page in Chinese."""
        return self.links.chinese_original()

    def provenance(self, doc: Document) -> str:
        source = doc.translation_source if doc.translation_source in ("editorial", "official", "machine") else "unstated"
        checked = "translation_reviewed" if doc.translation_reviewed else "translation_not_reviewed"
        return self.t("translation_provenance", who=self.t("translation_" + source), checked=self.t(checked))

    def label(self, provision: Provision) -> str:
        return english_label(provision.label, provision.id) if self.translated else (provision.label or "")

    def label_path(self, doc: Document, provision: Provision) -> str:
        return label_path_text(doc, provision, self.lang)

    def doc_title(self, doc: Document) -> str:
        """The printed title; else the editors' descriptive title in brackets (marked editorial in the
        data, never passed off as the source's); else a bracketed description from the region."""
        if doc.title and (doc.title.zh or doc.title.en):
            return self.plain(doc.title)
        if doc.editorial_title and (doc.editorial_title.zh or doc.editorial_title.en):
            return self.t("editorial_title", title=self.plain(doc.editorial_title))
        return self.t("untitled_document", region=self.region_name(doc.region))

    def measure_count(self, doc: Document) -> int:
        """The document's number of measures, from the analysis (one row per measure). `doc.measures`
        reads every provision, so each page listing documents with their counts was rendered again after
        any measure's edit (the render cache re-renders the pages that read a changed record)."""
        return len(self.analysis.rows_by_doc.get(doc.id, ()))

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

    # ---- lists and names ------------------------------------------------------------------------
    def documents_in(self, region_id: str) -> list[Document]:
        """Documents of a region and of the regions below it."""
        return self.analysis.docs_in_or_below_region.get(region_id, [])

    def rows_of(self, doc: Document | None = None, region_id: str | None = None) -> list[MeasureRow]:
        if doc is not None:
            return self.analysis.rows_by_doc.get(doc.id, [])
        return self.analysis.rows_in_or_below_region.get(region_id, [])

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
        return sorted(self.analysis.rows_by_function, key=lambda f: (-len(self.analysis.rows_by_function[f]), f))

    def own_measures(self, region_id: str) -> int:
        """Measures of the documents a region issued itself (not its cities')."""
        return sum(len(self.analysis.rows_by_doc.get(d.id, [])) for d in self.analysis.docs_in_region.get(region_id, []))

    def short_measure_title(self, doc: Document, provision: Provision, limit: int = 28) -> str:
        """A measure's heading (or the start of its text), cut at a word or character boundary for matrix rows."""
        title = self.plain(provision.heading) if provision.heading else (self.plain(provision.text) if provision.text else "")
        if len(title) <= limit:
            return title
        cut = title[:limit]
        if self.translated and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        return cut.rstrip("，,;；、 ") + "…"

    @staticmethod
    def document_themes(doc: Document) -> list[str]:
        seen: list[str] = []
        for p in doc.measures:
            seen += [t.id for t in p.themes if t.id not in seen]
        return seen

    @staticmethod
    def heading_level(provision: Provision) -> int:
        """2 for parts and sections, 3 below: the table of contents shows the document outline."""
        return 2 if provision.depth == 0 else 3

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
        permalink = self.permalink(doc, provision)
        title = f"{doc.id} {provision.id}: " + self.t("correction_title")
        body = "".join(line + "\n" for line in (self.t("correction_page", permalink=permalink), self.t("correction_where"),
                                                 self.t("correction_what")))
        separator = "&" if "?" in self.corrections_url else "?"
        return self.corrections_url + separator + urlencode({"title": title, "body": body})

    def theme_region_href(self, theme_id: str, region_id: str) -> str:
        """Link to a region's column on a theme page, on whichever page of the theme it landed."""
        url = self.located.get(("theme", theme_id, region_id), f"themes/{theme_id}/")
        return self.href(f"{url}#r-{region_id}")

    def matrix_column_name(self, agency_id: str, printed: dict[str, list[str]]) -> str:
        """A matrix column head: on Chinese pages the names as printed in the document (the canonical
        agency's short name when none was printed), on English pages the agency's English short name."""
        if not self.translated:
            return " / ".join(printed.get(agency_id) or [self.agency_name(agency_id)])
        return self.agency_name(agency_id)
