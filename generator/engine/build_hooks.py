"""MkDocs hooks of every build (named in the generated config; `mkdocs.yml` itself may not name hooks).

The navigation, rendered once per language and folder. Material renders the whole nav tree for every
page (≈ 30 % of its page template, 8–12 % of the engine's time at scale), yet for a page that is not in
the nav the result depends only on the language (labels, site name) and on the page's folder (its links
are relative: from documents/a/ and documents/b/ every nav link is the same). So `main.html` asks
`nav_html(page, nav, render)`: a page in the nav (it has an active item), or one with nav pages below
it, renders as before; any other page reuses the HTML rendered for its language and folder. A test
builds the site with and without the cache and finds it byte-identical.

One Markdown instance per language build. MkDocs makes a new `markdown.Markdown` for every page (all
extensions loaded and registered again: ≈ 6 % of the engine at scale); `render` below is MkDocs 1.6's
`Page.render` with the instance reused (`reset()` between pages, which every extension in mkdocs.yml
supports) and MkDocs' per-page processors registered again under their names, which replaces them.
"""

from __future__ import annotations

import logging
import posixpath

import markdown
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc

_nav_cache: dict[tuple, tuple[object, str]] = {}


def cache_key(page, nav, language: str, site_name: str) -> tuple | None:
    """None when the page's nav is its own: the page is in the nav, or nav pages sit below its URL."""
    if page is None or nav is None or not isinstance(getattr(page, "url", None), str):
        return None
    url = page.url
    for item in nav.pages:
        if item is page or item.url == url or (url and item.url.startswith(url)):
            return None
    # id(nav): one nav object per language build (kept alive in the cache, so the id is never reused)
    return id(nav), language, site_name, posixpath.dirname(url.rstrip("/"))


def nav_html(page, nav, language: str, site_name: str, render) -> str:
    key = cache_key(page, nav, language, site_name)
    if key is None:
        return render()
    hit = _nav_cache.get(key)
    if hit is None:
        hit = _nav_cache[key] = (nav, render())
    return hit[1]


def on_env(env, config, files, **kwargs):
    env.globals["nav_html"] = nav_html
    return env


def on_post_build(config, **kwargs):
    _nav_cache.clear()  # one build's nav objects are not the next build's (mkdocs serve)
    _markdown.clear()


_markdown: dict[int, tuple[object, markdown.Markdown]] = {}


def render(page, config, files) -> None:
    """MkDocs 1.6's Page.render, with one Markdown instance per config (per language build)."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    held = _markdown.get(id(config))
    if held is None or held[0] is not config:  # the config is held too, so its id is not reused
        held = _markdown[id(config)] = (config, markdown.Markdown(extensions=config["markdown_extensions"],
                                                                  extension_configs=config["mdx_configs"] or {}))
    md = held[1]
    md.reset()
    raw_html_ext = mkdocs_pages._RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = extract_title_ext.title
    page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative_path_ext.links_to_anchors


def _install_render() -> None:
    """Only over the MkDocs version this copy was made from; any other (ProperDocs too) keeps its own."""
    from importlib.metadata import version

    if mkdocs_pages.__name__ == "mkdocs.structure.pages" and version("mkdocs") == "1.6.1":
        mkdocs_pages.Page.render = lambda page, config, files: render(page, config, files)


_install_render()
