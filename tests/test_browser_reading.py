"""Reading on every screen, checked in Debian's chromium over the whole built site.

Every page of both languages at the narrowest phone (320 px): no sideways page scroll, no scroll box inside
the page, no English word split across lines, nothing in the console. What differs from page to page is
content (long words, wide tables, long names), and content breaks the narrowest screen first; what can
break at desktop width is a page type's layout, so the desktop (1366 px) and the 390 px phone get the same
reading checks, with axe-core, on every page type in test_browser_site.py. (Checking every page at 1366 px
as well cost as much as the 320 px sweep itself and has never found what the page types did not.)
Plus: a cited measure is highlighted below the header whatever its heading level, the language
switcher keeps the anchor and the query, breadcrumbs name region and document, the 404 page (axe-core,
screenshots), and the metadata search engines read.
Everything is derived from the built site, so it holds for any valid corpus."""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

import pytest

from .conftest import watch
from .test_browser_site import READING_CHECKS as CHECKS
from .test_browser_site import SHOTS, axe_violations, reading_problems

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
NARROWEST = {"width": 320, "height": 800}  # the smallest phone a page must fit


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site as a URL path (the search bundle and assets hold none)."""
    pages = []
    for index in sorted(site.rglob("*.html")):
        rel = index.relative_to(site)
        if rel.parts[0] in ("pagefind", "assets"):
            continue
        pages.append("/" + (rel.parent.as_posix() + "/" if rel.name == "index.html" else rel.as_posix()).lstrip("./"))
    return pages


# The sweep is the suite's longest browser test: it runs as SWEEP_SHARDS tests, each a class of its own, so
# pytest-xdist (`--dist loadscope`: one module or class per worker at a time) runs them on both cores.
SWEEP_SHARDS = 4


class _EveryPageReads:
    shard = 0

    def test_every_page_reads_without_sideways_scroll_nested_scrolling_or_split_words(self, browser, built, site_url):
        """Every page at the narrowest phone width (this shard's every SWEEP_SHARDS-th page)."""
        _, site = built
        every = site_pages(site)
        assert len(every) > 20 and "/" in every and "/en/" in every
        sweep(browser, site_url, every[self.shard::SWEEP_SHARDS])


class TestEveryPageReadsShard1(_EveryPageReads):
    shard = 0


class TestEveryPageReadsShard2(_EveryPageReads):
    shard = 1


class TestEveryPageReadsShard3(_EveryPageReads):
    shard = 2


class TestEveryPageReadsShard4(_EveryPageReads):
    shard = 3


def sweep(browser, site_url: str, pages: list[str]) -> None:
    context = browser.new_context(viewport=NARROWEST)  # one context and one tab for every page: fast
    page = context.new_page()
    problems: list[str] = []
    watch(page, problems, console=("error", "warning"))
    failures = []
    started = time.monotonic()
    try:
        for path in pages:
            problems.clear()
            # the DOM, styles and Material's script are in place at DOMContentLoaded (the page has no images);
            # the checks force the layout they measure
            page.goto(site_url + path, wait_until="domcontentloaded")
            found = reading_problems(page)
            if problems:
                found["console"] = list(problems)
            if found:
                failures.append(f"{path} at {NARROWEST['width']} px: {json.dumps(found, ensure_ascii=False)}")
    finally:
        context.close()
    print(f"\n{len(pages)} pages in {time.monotonic() - started:.1f} s")
    assert failures == [], f"{len(failures)} of {len(pages)} pages:\n" + "\n".join(failures[:30])


def test_the_reading_checks_find_a_word_split_across_lines_among_many(browser):
    """The sweep's check can fail: in a long wrapped paragraph (one column and two), the one word too long
    for its line, and only it, is reported as split."""
    words = " ".join(["in", "the", "city", "and"] * 60)
    context = browser.new_context(viewport={"width": 400, "height": 600})
    page = context.new_page()
    try:
        for wrapper in ("<div>", '<div style="columns: 2; column-gap: 1em; width: 14em">'):
            page.set_content(f'<!doctype html><body>{wrapper}<p style="width: 6em; overflow-wrap: anywhere">'
                             f"{words} Internationalisation {words}</p></div></body>")
            assert page.evaluate(CHECKS)["broken"] == ["Internationalisation in p"], wrapper
            page.set_content(f"<!doctype html><body>{wrapper}<p style='width: 6em'>{words}</p></div></body>")
            assert page.evaluate(CHECKS)["broken"] == [], wrapper
    finally:
        context.close()


def first_h3_measure(site: Path) -> tuple[str, str]:
    """(document id, anchor) of the first measure whose heading is an h3 (the level that was not highlighted)."""
    for index in sorted((site / "documents").glob("*/index.html")):
        match = re.search(r'<h3 id="([a-z0-9-]+)" class="measure-heading"', index.read_text(encoding="utf-8"))
        if match:
            return index.parent.name, match.group(1)
    pytest.skip("no document has an h3 measure heading")


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_cited_measure_is_highlighted_below_the_header_and_the_language_switch_keeps_it(tab, built, site_url, viewport):
    _, site = built
    doc_id, anchor = first_h3_measure(site)
    page = tab
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{site_url}/documents/{doc_id}/?from=citation#{anchor}", wait_until="load")
    state = page.evaluate("""(id) => {
        const h = document.getElementById(id), box = h.closest('.measure');
        const other = [...document.querySelectorAll('.measure')].find(m => m !== box);
        const header = document.querySelector('.md-header').getBoundingClientRect();
        const r = h.getBoundingClientRect();
        return {bg: getComputedStyle(box).backgroundColor, border: getComputedStyle(box).borderLeftColor,
                otherBg: getComputedStyle(other).backgroundColor, otherBorder: getComputedStyle(other).borderLeftColor,
                top: r.top, bottom: r.bottom, headerBottom: header.bottom, height: innerHeight}}""", anchor)
    assert state["bg"] != state["otherBg"] and state["border"] != state["otherBorder"], state
    assert state["headerBottom"] <= state["top"] and state["bottom"] <= state["height"], state  # visible, not under the header
    # the language menu opens on hover/focus; its English link carries the query and the anchor
    page.hover(".md-header__option .md-select")
    page.click('.md-header a.md-select__link[hreflang="en"]')
    page.wait_for_load_state("load")
    assert page.url == f"{site_url}/en/documents/{doc_id}/?from=citation#{anchor}"
    assert page.evaluate("(id) => document.getElementById(id).closest('.measure').matches(':has(> :target)')", anchor)
    # and the menu follows the reader's later jumps inside the page
    page.evaluate("() => { location.hash = '#preamble' }")
    href = page.get_attribute('.md-header a.md-select__link[hreflang="zh"]', "href")
    assert href.endswith("?from=citation#preamble"), href


def test_breadcrumbs_name_the_region_and_the_document(tab, built, site_url):
    _, site = built
    doc_id, _ = first_h3_measure(site)
    page = tab
    page.set_viewport_size(VIEWPORTS["phone"])
    for prefix in ("/", "/en/"):
        page.goto(f"{site_url}{prefix}documents/{doc_id}/", wait_until="load")
        crumbs = page.eval_on_selector_all("nav.crumbs li", "els => els.map(li => [li.textContent.trim(), li.querySelector('a') ? li.querySelector('a').href : null])")
        region = page.eval_on_selector("dl.meta dd a", "a => [a.textContent.trim(), a.href]")  # the document's own region link
        title = page.inner_text("article h1").strip()
        home = page.eval_on_selector("a.md-logo", "a => a.href")
        assert crumbs[0][1] == home
        assert crumbs[1][1] == f"{site_url}{prefix}documents/"
        assert region in [tuple(c) for c in crumbs] or list(region) in crumbs, (region, crumbs)
        assert crumbs[-1] == [title, None], (crumbs[-1], title)


def test_404_page_is_bilingual_and_its_language_menu_points_home(tab, built, site_url):
    _, site = built
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, viewport in VIEWPORTS.items():
        page = tab
        page.set_viewport_size(viewport)
        page.goto(site_url + "/404.html", wait_until="load")
        assert "页面不存在" in page.inner_text("h1") and "Page not found" in page.inner_text("h1")
        menu = page.eval_on_selector_all("a.md-select__link", "els => els.map(a => new URL(a.href).pathname)")
        assert sorted(menu) == ["/", "/en/"], menu
        assert axe_violations(page) == [], name
        page.screenshot(path=str(SHOTS / f"404-{name}.png"), full_page=True)


# ---- what a search engine reads (built HTML only: no browser needed) --------------------------------

def page_html(site: Path) -> dict[str, str]:
    return {path: (site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))).read_text(encoding="utf-8")
            for path in site_pages(site)}


def test_every_page_has_a_meaningful_title_a_unique_description_and_open_graph_tags(built):
    _, site = built
    seen: dict[str, str] = {}
    for path, text in page_html(site).items():
        title = html.unescape(re.search(r"<title>(.*?)</title>", text, re.S).group(1)).strip()
        description = re.search(r'<meta name="description" content="([^"]*)"', text)
        assert title and description and description.group(1).strip(), path
        assert re.search(r'<meta property="og:title" content="[^"]+"', text) and 'property="og:description"' in text, path
        for untitled in ("(untitled in the source)", "（原文未注明标题）"):
            assert untitled not in title, (path, title)
        if path != "/404.html":
            assert description.group(1) not in seen, f"{path} repeats the description of {seen.get(description.group(1))}"
            seen[description.group(1)] = path


def test_editors_guide_is_in_the_footer_not_the_readers_navigation(built):
    _, site = built
    for prefix in ("", "en/"):
        text = (site / prefix / "regions" / "index.html").read_text(encoding="utf-8")
        nav = text[text.index('<nav class="md-nav md-nav--primary"'):text.index("</nav>", text.index('<nav class="md-nav md-nav--primary"'))]
        footer = text[text.index('<footer'):]
        assert "editing/" not in nav
        assert re.search(r'<a href="\.\./editing/">', footer), "no footer link to the editors' guide"
        assert (site / prefix / "editing" / "index.html").exists()


def test_a_zero_draws_no_bar_and_heatmaps_print_their_counts(built):
    _, site = built
    rows = 0
    for path in sorted(site.rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        for row in re.findall(r'<tr><th scope="row">.*?</tr>', text):
            value = re.search(r'<span class="bar-value">(\d+)</span>', row)
            if value:
                rows += 1
                assert ('class="bar"' in row) == (int(value.group(1)) > 0), (path, row)
        for cell in re.findall(r'<td class="heat-\d">(.*?)</td>', text):
            assert re.search(r">\d+<|^\d+$", cell), (path, cell)  # a shaded cell always prints its number
    assert rows > 0


def test_documents_without_a_printed_title_get_a_bracketed_editorial_one(built):
    """Any document whose data has no title but an editorial_title: bracketed in heading, tab title and
    search title (the h1 Pagefind indexes), with the editorial note."""
    project, site = built
    from generator.data.yamlio import load_yaml

    checked = 0
    for source in sorted((project.root / "data" / "documents").glob("*.yaml")):
        data = load_yaml(source, source.read_text(encoding="utf-8"))
        if data.get("title") or not data.get("editorial_title"):
            continue
        for prefix, lang, (left, right) in (("", "zh", ("〔", "〕")), ("en/", "en", ("[", "]"))):
            text = (site / prefix / "documents" / data["id"] / "index.html").read_text(encoding="utf-8")
            h1 = html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S).group(1))).strip()
            assert h1 == f"{left}{data['editorial_title'][lang]}{right}", h1
            assert html.unescape(re.search(r"<title>(.*?)</title>", text).group(1)).startswith(h1)
            assert 'class="editorial-title"' in text
        checked += 1
    if not checked:
        pytest.skip("no document without a printed title in this corpus")


@pytest.fixture(scope="module")
def published_site(tmp_path_factory):
    """The site as published with SITE_URL (canonical links, hreflang alternates); no search index (not needed)."""
    from generator.build import build

    from .conftest import copy_fixture_project

    project = copy_fixture_project(tmp_path_factory.mktemp("published") / "project")
    out = project.root / "site"
    from generator.settings import Settings

    settings = Settings.from_environment(project.root, {"SITE_URL": "https://example.org/policy/"})
    build(project, out=out, search=False, settings=settings)
    return out


def test_with_site_url_every_page_has_reciprocal_hreflang_alternates_and_switching_still_keeps_the_anchor(browser, published_site):
    from generator.tools.searchprobe import serve_site

    root = "https://example.org/policy/"
    for path, text in page_html(published_site).items():
        if path == "/404.html":
            continue
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', text).group(1)
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', text))
        assert set(alternates) == {"zh-Hans", "en", "x-default"}, (path, alternates)
        assert canonical in alternates.values() and all(url.startswith(root) for url in alternates.values()), (path, alternates)
        assert alternates["en"] == alternates["zh-Hans"].replace(root, root + "en/", 1), (path, alternates)
    # Material requests sitemap.xml beside each alternate: answered in the page, so nothing fails or leaves the site
    doc_id, anchor = first_h3_measure(published_site)
    with serve_site(published_site) as base:
        context = browser.new_context(viewport=VIEWPORTS["desktop"])
        page = context.new_page()
        problems: list[str] = []
        watch(page, problems, console=("error", "warning"))
        page.on("request", lambda r: problems.append(f"left the site: {r.url}") if not r.url.startswith((base, "data:")) else None)
        try:
            page.goto(f"{base}/documents/{doc_id}/#{anchor}", wait_until="networkidle")
            page.hover(".md-header__option .md-select")
            page.click('.md-header a.md-select__link[hreflang="en"]')
            page.wait_for_load_state("networkidle")
            assert page.url == f"{base}/en/documents/{doc_id}/#{anchor}"
            assert problems == [], problems
        finally:
            context.close()
