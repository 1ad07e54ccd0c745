"""Model + analysis → pages for both languages: HTML bodies with front matter, and the generated MkDocs config.

Safety: templates are rendered with autoescaping *and* a finalizer, so every value that comes
from data goes through `escaping.escape_html` (HTML-escaped, line breaks as character references)
unless a helper here deliberately returns Markup built the same way. A page body is raw HTML only,
headings included (`PageView.heading`, which also lists them in the page's table of contents, in its
front matter), and the engine hands it to the page untouched (engine/rawhtml): no text of a generated
page reaches a Markdown parser. `check_page_lines` refuses any line that is neither blank nor HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType, MethodType

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context
from jinja2.utils import _PassArg
from markupsafe import Markup

from generator.analyse.comparisons import Analysis, analyse
from generator.data.load import load_strings
from generator.data.model import Corpus
from generator.errors import BuildError, Problem
from generator.files import GENERATED_MARK, write_if_changed
from generator.jinjacache import CompiledTemplates
from generator.parallel import fork_map
from generator.paths import Project
from generator.settings import Settings
from generator.site.escaping import escape_html
from generator.site.explorer import explorer_files
from generator.site.pages import Page, SitePlan, plan_pages
from generator.site.render_deps import DocumentReads, skeleton_key
from generator.site.view import PageView, SiteContext
from generator.site.views import view_model

LANGS = ("zh", "en")
FORK_FROM_PAGES = 40  # pages to render (both languages) from which each language gets a worker


def _finalize(value):
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup(escape_html(str(value)))


class _FinalizedOutput(CodeGenerator):
    """Jinja wraps every `{{ … }}` in `escape(environment.finalize(…))`; `_finalize` already returns escaped
    Markup (or ""), so that `escape` only copied it (two Markup objects per value, a tenth of the render).
    Without it the page is the same text. (The compiled-code cache keys on the code generator and its
    module's source, generator/jinjacache.py: code compiled before this change is not reused.)"""

    def _output_child_pre(self, node, frame, finalize) -> None:
        if finalize.src is not None and frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("(" + finalize.src)  # closed by _output_child_post's two parentheses
        else:
            super()._output_child_pre(node, frame, finalize)


# callable (a function, or the class of any other callable) → whether Jinja may call it as it is
_PLAIN_CALLABLES: dict[object, bool] = {}


class _PlainCallContext(Context):
    """Jinja's `Context.call` asks every callable, on every call, whether it wants the context passed in
    (`hasattr` on the object and on its `__call__`: 15 million attribute lookups per language at 100×, a
    tenth of the render). The answer is a property of the function (of a bound method's function, of any
    other callable's class), so it is asked once per function here; a callable that wants the context, or
    anything unusual, goes through Jinja's own `call`."""

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature (the names must not collide with kwargs)
        kind = type(__obj)
        key = __obj.__func__ if kind is MethodType else __obj if kind is FunctionType or kind is type else kind
        plain = _PLAIN_CALLABLES.get(key)
        if plain is None:
            plain = _PLAIN_CALLABLES[key] = _PassArg.from_obj(__obj) is None and not (
                hasattr(__obj, "__call__") and _PassArg.from_obj(__obj.__call__) is not None)  # noqa: B004 - as Jinja asks
        if not plain:
            return Context.call(__self, __obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja's own call
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")


def _join(values, separator: str = "") -> Markup:
    """Jinja's `join` with our escaping (its own escapes items with markupsafe, which keeps line breaks)."""
    def one(value) -> str:
        return str(value) if isinstance(value, Markup) else escape_html(str(value))
    return Markup(one(separator).join(one(v) for v in values))


# A generated page's lines: blank or HTML.
_PAGE_LINE = re.compile(r"(?:|<.*)")


def check_page_lines(body: str, template: str) -> None:
    """Every line of a generated page is blank or HTML (a template that writes Markdown, or text outside an
    element, is refused here, naming its line)."""
    for number, line in enumerate(body.split("\n"), 1):
        if not _PAGE_LINE.fullmatch(line.strip()):
            raise BuildError(Problem(f"templates/pages/{template}", 0, 0,
                                     f"rendered line {number} is not HTML: {line[:60]!r}",
                                     "wrap text in an HTML element (headings: r.heading); generated pages are HTML only",
                                     code="E-TEMPLATE"))


_ENVIRONMENTS: dict[str, Environment] = {}


def template_environment(project: Project) -> Environment:
    """The Jinja environment of a project's page templates, one per process: the preview renders after
    every save, and compiling the templates again each time cost more than rendering the pages a save
    changed. Jinja recompiles a template whose file changed (auto_reload, by modification time)."""
    folder = str((project.templates / "pages").resolve())
    if folder not in _ENVIRONMENTS:
        env = Environment(
            loader=FileSystemLoader(folder),
            autoescape=True, finalize=_finalize, undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, auto_reload=True,
        )
        env.code_generator_class = _FinalizedOutput
        env.context_class = _PlainCallContext
        env.filters["join"] = _join
        env.filters["e"] = env.filters["escape"] = lambda v: _finalize(v)
        # compiled code on disk, shared by every copy of the project (generator/jinjacache.py): the
        # language workers are forks, so what one compiles (macros, prose partials) was lost with it
        env.bytecode_cache = CompiledTemplates()
        _ENVIRONMENTS[folder] = env
    return _ENVIRONMENTS[folder]


@dataclass(frozen=True)
class RenderedPage:
    """One page in one language as the last render made it: the files it wrote (relative to the output
    folder; a page may write data files beside itself) and, when traced, the documents it read — the
    page's own, and each data file's apart (`parts`: rel → reads; such a file is made again on its own)."""
    lang: str
    path: str
    files: tuple[str, ...]
    reads: frozenset[str] | None = None
    parts: dict[str, frozenset[str]] | None = None


# What to render of a page: None, all of it; else the files (relative to the output folder, the page's own
# Markdown file among them or not) — the render cache asks for only the data files whose reads changed.
Wanted = dict[tuple[str, str], frozenset[str] | None]


class Renderer:
    """Renders every page in both languages: plans the pages once, then gives each page its own `PageView`
    (the templates' `r`), so no state passes from one page to the next."""

    def __init__(self, project: Project, corpus: Corpus, analysis: Analysis | None = None, settings: Settings | None = None):
        self.project = project
        self.settings = settings or Settings.defaults(project.root)
        self.corpus = corpus
        self.analysis = analysis or analyse(corpus)
        self.strings = load_strings(project)  # checked like data: schema, limits, escaped on output
        self.env = template_environment(project)
        self.written: list[str] = []  # the files the last render_all wrote, relative to its out_dir
        self.rendered: list[RenderedPage] = []  # the pages the last render_all rendered
        self._plan: SitePlan | None = None
        self.skeletons_after: list[str | None] = []  # traced renders: the skeleton after each language's pages

    def pages(self) -> list[Page]:
        return self.plan().pages

    def plan(self) -> SitePlan:
        if self._plan is None:  # made once: the render and the render cache's key share it
            self._plan = plan_pages(self.corpus, self.analysis)
        return self._plan

    def render_all(self, out_dir: Path, wanted: Wanted | None = None,
                   reads: DocumentReads | None = None) -> list[Page]:
        """Render every page (or only the (lang, path) pairs in `wanted`, and of those what it names) into
        out_dir; with `reads`, trace which documents each page and data file reads (site/render_deps.py)."""
        site = SiteContext(self.project, self.corpus, self.analysis, self.strings, self.settings, self.plan())
        pages = site.plan.pages
        todo = {lang: [p for p in pages if wanted is None or (lang, p.path) in wanted] for lang in LANGS}
        langs = [lang for lang in LANGS if todo[lang]]
        for name in sorted({page.template for lang in langs for page in todo[lang]}):
            self.env.get_template(name)  # compiled once here, not once per language worker

        def render(lang: str) -> tuple[list[RenderedPage], str | None]:
            if wanted is None:  # (the tests count calls of render_language(site, lang, out_dir))
                pages_done = self.render_language(site, lang, out_dir, reads=reads)
            else:
                pages_done = self.render_language(site, lang, out_dir, todo[lang], reads, wanted)
            # traced: what the pages share must be as it was before them (in this process: a fork's own copy)
            return pages_done, skeleton_key(self.corpus, self.analysis, site.plan) if reads else None

        with reads.installed() if reads else nullcontext():
            # the languages share only read-only state: a worker each, once the fork pays (a page costs 10-200 ms)
            if sum(len(todo[lang]) for lang in langs) > FORK_FROM_PAGES:
                rendered = fork_map(render, langs, min_items=len(langs))
            else:
                rendered = [render(lang) for lang in langs]
        self.rendered = [page for pages_of_lang, _ in rendered for page in pages_of_lang]
        self.skeletons_after = [skeleton for _, skeleton in rendered]
        self.written = [rel for page in self.rendered for rel in page.files]
        return pages

    def render_language(self, site: SiteContext, lang: str, out_dir: Path, pages: list[Page] | None = None,
                        reads: DocumentReads | None = None, wanted: Wanted | None = None) -> list[RenderedPage]:
        """Render one language's pages (all, or `pages`, each in full or the files `wanted` names) into out_dir/lang."""
        rendered: list[RenderedPage] = []
        for page in site.plan.pages if pages is None else pages:
            parts: dict[str, frozenset[str]] | None = {} if reads else None
            with reads.page() if reads else nullcontext() as found:
                files = self.render_page(site, lang, page, out_dir, (wanted or {}).get((lang, page.path)), reads, parts)
            rendered.append(RenderedPage(lang, page.path, tuple(files), frozenset(found) if reads else None, parts))
        return rendered

    def render_page(self, site: SiteContext, lang: str, page: Page, out_dir: Path, only: frozenset[str] | None = None,
                    reads: DocumentReads | None = None, parts: dict[str, frozenset[str]] | None = None) -> list[str]:
        """One page in one language (and the data files it carries; `only`: just these files, relative to
        out_dir); returns the files written. With `reads`, each data file's reads go into `parts`."""
        written: list[str] = []

        def write(rel: str, text: str) -> None:
            write_if_changed(out_dir / rel, text)
            written.append(rel)

        view = PageView(site, lang, page)
        if only is None or f"{lang}/{page.path}" in only:
            template = self.env.get_template(page.template)
            body = template.render(r=view, c=self.corpus, a=self.analysis, lang=lang, page=page, **page.context, **view_model(view))
            check_page_lines(body, page.template)
            meta = {"title": escape_html(view.title), "description": view.description(),
                    "crumbs": [{"name": name, "href": href} for name, href in view.crumbs()], "toc": view.toc}
            feed = view.page_feed(page)  # a region's or theme's Atom feed, for <link rel="alternate feed"> (issue 14)
            if feed:
                meta["feed"] = feed
            front = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items())
            write(f"{lang}/{page.path}", f"---\n{front}\n---\n\n{GENERATED_MARK}\n{body}")
        for rel, make in self.data_files(view, page, lang):
            if only is None or rel in only:
                with reads.part() if reads else nullcontext() as found:
                    write(rel, make())
                if parts is not None:
                    parts[rel] = frozenset(found)
        return written

    @staticmethod
    def data_files(view: PageView, page: Page, lang: str) -> list[tuple[str, Callable[[], str]]]:
        """(rel, a function making its text) of the data files beside a page: the explorer's rows, the
        compare page's documents. Made one by one, each with its own reads."""
        if page.template == "explorer.md.j2":
            return [(f"{lang}/{page.path[: -len('.md')]}/{name}", make) for name, make in explorer_files(view)]
        if page.template == "compare.md.j2":
            return [(f"{lang}/compare/{name}", make) for name, make in view.compare_files()]
        return []
