"""The MkDocs project the engine builds: hand-written docs and generated pages assembled into one
staging folder, with the generated config (nav, the i18n plugin, docs_dir) that INHERITs mkdocs.yml.

This module and its neighbours in engine/ are the only code that knows MkDocs: the site stage before it
writes pages (Markdown files with front matter) and hands over their list; everything about how MkDocs
is told to publish them lives here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.analyse.comparisons import Analysis, analyse
from generator.data.inputs import require_regular_inputs
from generator.data.model import Corpus
from generator.errors import BuildError, Problem
from generator.files import remove_file, replace_file, write_if_changed
from generator.paths import Project
from generator.settings import Settings
from generator.site.escaping import escape_html
from generator.site.render import LANGS, Page, Renderer
from generator.site.render_cache import FOLDER as RENDER_CACHE
from generator.site.render_cache import render_cached

HOOKS = Path(__file__).resolve().parent  # engine/: build_hooks.py, rawhtml.py, serve_hook.py …
# Hand-written pages kept out of the readers' navigation (linked from the footer instead).
FOOTER_ONLY = {"editing"}
# The nav's sections in reading order (keys in strings.yaml; a section lists its pages' first page).
NAV_ORDER = ["home", "regions", "documents", "framework", "compare", "themes", "agencies", "matrices", "targets", "explorer",
             "data", "glossary"]


def build_nav(pages: list[Page], handwritten: list[str], strings: dict) -> tuple[list, dict]:
    """Nav in Chinese plus the zh → en label translations for mkdocs-static-i18n."""
    sections: dict[str, list[str]] = {}
    for page in pages:
        if page.nav_section:
            sections.setdefault(page.nav_section, []).append(page.path)
    nav, translations = [], {}
    # Material prints nav titles and the site name unescaped: interface strings are data too.
    label = {key: {lang: escape_html(value[lang]) for lang in LANGS} for key, value in strings.items()}
    for key in NAV_ORDER:
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


def copy_handwritten(project: Project, docs_out: Path, generated: set[str], copied: set[str] | None = None) -> list[str]:
    """docs/{zh,en} and docs/assets into the staging docs folder; returns the Chinese Markdown pages
    (the nav lists them), and adds every file it put there to `copied` (relative to docs_out). A
    hand-written page may not take a generated page's place."""
    copied = set() if copied is None else copied
    handwritten: list[str] = []
    for lang in LANGS:
        for src in sorted((project.docs / lang).rglob("*")):
            if src.is_dir():
                continue
            rel = src.relative_to(project.docs / lang).as_posix()
            if rel in generated:
                raise BuildError(Problem(project.relative(src), 0, 0, f"hand-written page collides with generated page {rel}",
                                         "rename the hand-written page", code="E-DOCS-COLLISION"))
            if src.suffix in (".md", ".css", ".js", ".svg"):
                write_if_changed(docs_out / lang / rel, src.read_text(encoding="utf-8"))
            elif not _same_file(src, docs_out / lang / rel):
                replace_file(docs_out / lang / rel, src.read_bytes())
            copied.add(f"{lang}/{rel}")
            if lang == "zh" and rel.endswith(".md"):
                handwritten.append(rel)
    assets = project.docs / "assets"
    for src in sorted(assets.rglob("*")) if assets.exists() else []:
        if src.is_file():
            write_if_changed(docs_out / "zh" / "assets" / src.relative_to(assets), src.read_text(encoding="utf-8"))
            copied.add(f"zh/assets/{src.relative_to(assets).as_posix()}")
    return handwritten


def _same_file(src: Path, dst: Path) -> bool:
    try:
        return dst.stat().st_size == src.stat().st_size and dst.read_bytes() == src.read_bytes()
    except OSError:
        return False


# docs folder → the files the last prune in this process left there (the preview renders into the same
# folder after every save, and walking its 16,000 files at 100× took seconds); taken out before each render,
# so a render that fails leaves no record and the next prune walks the folder
_PRUNED: dict[str, set[str]] = {}


def prune(docs_out: Path, keep: set[str], previous: set[str] | None = None) -> None:
    """Remove the files (and then empty folders) under docs_out that are not in keep (relative paths):
    pages of a document that is gone, when the staging folder is reused rather than emptied. `previous`:
    what the last prune kept there, when nothing else has written to the folder since (only those
    files are looked at)."""
    if previous is None:
        for path in sorted(docs_out.rglob("*"), reverse=True):
            rel = path.relative_to(docs_out).as_posix()
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif rel not in keep:
                path.unlink()
    else:
        for rel in sorted(previous - keep):
            remove_file(docs_out / rel, docs_out)
    _PRUNED[str(docs_out.resolve())] = set(keep)

# Interface strings the page shell (templates/overrides/) prints: handed to Material's templates as
# config.extra.ui[key][lang], in both languages (the one 404 page shows both). Plain text, as in
# strings.yaml: the overrides escape them (`| e`, or `| tojson` for Pagefind's messages).
SHELL_STRINGS = ("home", "breadcrumb", "recent_changes", "editing_footer", "search", "search_shortcut", "search_keys",
                 "search_close", "search_placeholder", "search_zero_results", "search_many_results", "search_one_result",
                 "search_filters_label", "search_load_more", "search_label", "search_clear", "not_found_title",
                 "not_found_text", "not_found_home", "not_found_documents", "show_more_text", "show_less_text")


def shell_strings(strings: dict) -> dict:
    missing = [key for key in SHELL_STRINGS if key not in strings]
    if missing:
        raise BuildError(Problem("templates/strings.yaml", 0, 0, f"missing interface strings of the page shell: {', '.join(missing)}",
                                 "add them in both languages", code="E-TEMPLATE"))
    return {key: {lang: strings[key][lang] for lang in LANGS} for key in SHELL_STRINGS}


def mkdocs_config(project: Project, docs_out: Path, nav: list, translations: dict, strings: dict, site_url: str | None) -> dict:
    """The generated config: mkdocs.yml (checked by siteconfig) plus what only the generator knows."""
    config = {
        "INHERIT": str((project.root / "mkdocs.yml").resolve()),
        "docs_dir": str(docs_out.resolve()),
        "theme": {"name": "material", "custom_dir": str((project.templates / "overrides").resolve())},
        "nav": nav,
        "extra": {"ui": shell_strings(strings)},  # merged into mkdocs.yml's extra by INHERIT
        # our hooks ship with this code, wherever the project being built lives (--root)
        "hooks": [str(HOOKS / "build_hooks.py"), str(HOOKS / "rawhtml.py"), str(HOOKS / "page_cache.py"),
                  str(HOOKS / "language_build.py")],
        "plugins": [{"i18n": {
            "docs_structure": "folder",
            "fallback_to_default": False,
            "reconfigure_material": True,
            "languages": [
                {"locale": "zh", "default": True, "name": "简体中文", "build": True},
                {"locale": "en", "name": "English", "build": True, "site_name": escape_html(strings["site_name"]["en"]),
                 "nav_translations": translations},
            ],
        }}],
    }
    if site_url:
        config["site_url"] = site_url  # enables canonical links and a correct sitemap
    return config


def render_site_sources(project: Project, corpus: Corpus, out_dir: Path, clean: bool = True,
                        extra_config: dict | None = None, settings: Settings | None = None,
                        analysis: Analysis | None = None, cache: bool = True) -> list[Page]:
    """Write hand-written docs + generated pages into out_dir/docs/{zh,en} and out_dir/mkdocs.yml.
    `cache`: reuse the pages of .build/render-cache whose inputs are unchanged (render_cache.py);
    `analysis` must be analyse(corpus). `clean=False` reuses out_dir: only changed files are written,
    and files no longer part of the site are removed."""
    require_regular_inputs(project)  # hand-written pages and assets are copied: no links among them
    if clean and out_dir.exists():
        shutil.rmtree(out_dir)
    docs_out = out_dir / "docs"
    previous = _PRUNED.pop(str(docs_out.resolve()), None)
    # with the cache, the analysis starts from the last one in this process (the preview's previous save)
    renderer = Renderer(project, corpus, analysis or analyse(corpus, reuse=cache), settings=settings)
    pages = render_cached(renderer, docs_out, project.build / RENDER_CACHE if cache else None)
    copied: set[str] = set()
    handwritten = copy_handwritten(project, docs_out, {p.path for p in pages}, copied)
    if not clean:
        prune(docs_out, copied | set(renderer.written), previous)
    nav, translations = build_nav(pages, handwritten, renderer.strings)
    config = mkdocs_config(project, docs_out, nav, translations, renderer.strings, renderer.settings.site_url)
    extra = dict(extra_config or {})
    config["hooks"] += extra.pop("hooks", [])  # the preview adds its own hooks to the build's
    config.update(extra)
    write_if_changed(out_dir / "mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return pages
