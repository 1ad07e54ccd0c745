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
import re
import shutil
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.analyse.comparisons import Analysis, analyse
from generator.data.inputs import require_regular_inputs
from generator.data.load import load_strings
from generator.data.model import Corpus
from generator.engine.rawhtml import GENERATED_MARK
from generator.errors import BuildError, Problem
from generator.parallel import fork_map
from generator.paths import Project
from generator.settings import Settings
from generator.site.escaping import escape_html, md_escape
from generator.site.explorer import explorer_files
from generator.site.pages import Page, SitePlan, plan_pages
from generator.site.view import PageView, SiteContext
from generator.site.views import view_model

LANGS = ("zh", "en")
# Hand-written pages kept out of the readers' navigation (linked from the footer instead).
FOOTER_ONLY = {"editing"}


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


class Renderer:
    """Renders every page in both languages: plans the pages once, then gives each page its own `PageView`
    (the templates' `r`), so no state passes from one page to the next."""

    def __init__(self, project: Project, corpus: Corpus, analysis: Analysis | None = None, settings: Settings | None = None):
        self.project = project
        self.settings = settings or Settings.defaults(project.root)
        self.corpus = corpus
        self.analysis = analysis or analyse(corpus)
        self.strings = load_strings(project)  # checked like data: schema, limits, escaped on output
        self.env = Environment(
            loader=FileSystemLoader(str(project.templates / "pages")),
            autoescape=True, finalize=_finalize, undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        )
        self.env.filters["md"] = lambda v: Markup(md_escape(str(v or "")))
        self.env.filters["join"] = _join
        self.env.filters["e"] = self.env.filters["escape"] = lambda v: _finalize(v)

    def pages(self) -> list[Page]:
        return self.plan().pages

    def plan(self) -> SitePlan:
        return plan_pages(self.corpus, self.analysis)

    def render_all(self, out_dir: Path) -> list[Page]:
        site = SiteContext(self.project, self.corpus, self.analysis, self.strings, self.settings, self.plan())
        pages = site.plan.pages
        for name in sorted({page.template for page in pages}):
            self.env.get_template(name)  # compiled once here, not once per language worker

        def render(lang: str) -> None:
            self.render_language(site, lang, out_dir)

        if len(pages) > 200:  # the languages share only read-only state: a worker each, once the fork pays
            fork_map(render, LANGS, min_items=len(LANGS))
        else:
            for lang in LANGS:
                render(lang)
        return pages

    def render_language(self, site: SiteContext, lang: str, out_dir: Path) -> None:
        for page in site.plan.pages:
            view = PageView(site, lang, page)
            template = self.env.get_template(page.template)
            body = template.render(r=view, c=self.corpus, a=self.analysis, lang=lang, page=page, **page.context, **view_model(view))
            check_page_lines(body, page.template)
            meta = {"title": escape_html(view.title), "description": view.description(),
                    "crumbs": [{"name": name, "href": href} for name, href in view.crumbs()]}
            feed = view.page_feed(page)  # a region's or theme's Atom feed, for <link rel="alternate feed"> (issue 14)
            if feed:
                meta["feed"] = feed
            front = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items())
            text = f"---\n{front}\n---\n\n{GENERATED_MARK}\n{body}"
            _write_if_changed(out_dir / lang / page.path, text)
            if page.template == "explorer.md.j2":
                for name, data in explorer_files(view):
                    _write_if_changed(out_dir / lang / page.path[: -len(".md")] / name, data)

    def nav(self, pages: list[Page], handwritten: list[str]) -> tuple[list, dict]:
        """Nav in Chinese plus the zh → en label translations for mkdocs-static-i18n."""
        self.lang = "zh"
        sections: dict[str, list[str]] = {}
        for page in pages:
            if page.nav_section:
                sections.setdefault(page.nav_section, []).append(page.path)
        order = ["home", "regions", "documents", "themes", "agencies", "matrices", "targets", "explorer", "data", "glossary"]
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
                        extra_config: dict | None = None, settings: Settings | None = None) -> list[Page]:
    """Write hand-written docs + generated pages into out_dir/docs/{zh,en} and out_dir/mkdocs.yml."""
    require_regular_inputs(project)  # hand-written pages and assets are copied: no links among them
    if clean and out_dir.exists():
        shutil.rmtree(out_dir)
    docs_out = out_dir / "docs"
    renderer = Renderer(project, corpus, settings=settings)
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
    if renderer.settings.site_url:
        config["site_url"] = renderer.settings.site_url  # enables canonical links and a correct sitemap
    config.update(extra_config or {})
    _write_if_changed(out_dir / "mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return pages
