"""MkDocs hooks of every build (named in the generated config; `mkdocs.yml` itself may not name hooks).

The navigation, rendered once per language and folder. Material renders the whole nav tree for every
page (≈ 30 % of its page template, 8–12 % of the engine's time at scale), yet for a page that is not in
the nav the result depends only on the language (labels, site name) and on the page's folder (its links
are relative: from documents/a/ and documents/b/ every nav link is the same). So `main.html` asks
`nav_html(page, nav, render)`: a page in the nav (it has an active item), or one with nav pages below
it, renders as before; any other page reuses the HTML rendered for its language and folder. A test
builds the site with and without the cache and finds it byte-identical.
"""

from __future__ import annotations

import posixpath

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
