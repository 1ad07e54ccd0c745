"""Every page type in both languages, in Debian's chromium via Playwright: no console errors or failed
requests, no serious/critical axe-core violations at desktop and phone widths, the language switcher keeps
the page, screenshots at both widths (test-artifacts/screenshots/), and the interactive parts work."""

from __future__ import annotations

import json

import pytest

from generator.paths import REPO_ROOT

from .conftest import AXE_URL, DESKTOP

pytestmark = pytest.mark.browser

READING_CHECKS = (REPO_ROOT / "tests" / "reading_checks.js").read_text(encoding="utf-8")
SHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
# one page of each type of the fixture project (tests/fixtures/project), which these checks run on
PAGE_TYPES = {
    "home": "", "regions": "regions/", "region": "regions/zhejiang/", "documents": "documents/",
    "document": "documents/jilin-2020-task-division/", "themes": "themes/", "theme": "themes/hukou/",
    "agencies": "agencies/", "agency": "agencies/jilin-hrss/", "function": "functions/hrss/",
    "matrices": "matrices/", "matrix": "matrices/jilin-2020-task-division/", "targets": "targets/",
    "explorer": "explorer/", "data": "data/", "glossary": "glossary/", "about": "about/", "editing": "editing/",
    "benchmark": "benchmark/",  # hand-written, with Markdown tables wider than a phone
    "framework": "framework/", "framework-item": "framework/national-2019-mobility/6/", "compare": "compare/",
}
VIEWPORTS = {"desktop": DESKTOP, "phone": {"width": 390, "height": 844}}  # the widths issue 13 names


def visit(tab, url: str, viewport: dict) -> list[str]:
    """Open url in the worker's tab (conftest's `tab`) at this viewport; returns the list the tab records
    the page's problems in (console errors, page errors, failed requests, HTTP errors), emptied first."""
    tab.set_viewport_size(viewport)
    tab.problems.clear()
    # "load": every resource the page names has arrived; "networkidle" would add half a second of waiting
    # to every visit. What a page fetches later (the explorer's rows) is awaited by the test that needs it,
    # and a failure still lands in `problems`, which the tests check again at their end.
    tab.goto(url, wait_until="load")
    return tab.problems


def reading_problems(page) -> dict:
    """What tests/reading_checks.js finds on the page as laid out now (sideways scroll, scroll boxes inside
    the page, English words split across lines), every check in one round trip; {} when it reads well."""
    return {key: value for key, value in page.evaluate(READING_CHECKS).items() if value}


def axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is laid out now (loaded once per page,
    from beside the site: conftest's servers serve it at AXE_URL)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_page_type(tab, fixture_site_url, kind, lang):
    site_url = fixture_site_url
    prefix = "/en/" if lang == "en" else "/"
    path = prefix + PAGE_TYPES[kind]
    SHOTS.mkdir(parents=True, exist_ok=True)
    # one load per page: the desktop checks, then the same page narrowed to phone width (a second load
    # per viewport doubled the suite's time and found nothing the resize does not)
    problems = visit(tab, site_url + path, VIEWPORTS["desktop"])
    page = tab
    assert problems == [], problems
    assert page.evaluate("() => document.documentElement.lang") == lang
    page.screenshot(path=str(SHOTS / f"{lang}-{kind}-desktop.png"))
    result = axe_violations(page)
    assert result == [], "desktop: " + json.dumps(result, ensure_ascii=False, indent=1)
    # the reading checks the every-page sweep makes at 320 px (test_browser_reading.py), at desktop width here
    found = reading_problems(page)
    assert found == {}, "desktop: " + json.dumps(found, ensure_ascii=False)
    # the language switcher lands on the same page in the other language
    other = "en" if lang == "zh" else "zh"
    href = page.eval_on_selector(f'a[hreflang="{other}"].md-select__link', "a => a.href")
    expected = ("/en/" if other == "en" else "/") + PAGE_TYPES[kind]
    assert href.endswith(expected), (href, expected)

    page.set_viewport_size(VIEWPORTS["phone"])
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")  # laid out again
    page.screenshot(path=str(SHOTS / f"{lang}-{kind}-phone.png"))  # the first screen a phone shows
    # the phone layout differs (drawers, matrices as lists): axe-core again at this width
    result = axe_violations(page)
    assert result == [], "phone: " + json.dumps(result, ensure_ascii=False, indent=1)
    # nothing wider than the phone screen except inside a scrolling wrapper
    overflow = page.evaluate("""() => [...document.querySelectorAll('.md-content *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 2 && !e.closest('.table-wrap, .md-typeset__scrollwrap')
                     && getComputedStyle(e).position !== 'fixed')
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert overflow == [], overflow
    # and the reading checks again, at 390 px
    found = reading_problems(page)
    assert found == {}, "phone: " + json.dumps(found, ensure_ascii=False)
    # tile names fit their tiles (city names may end in an ellipsis, with the full name as a title)
    clipped = page.evaluate("""() => [...document.querySelectorAll('.tile-name')]
        .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().width > e.parentElement.clientWidth + 1)
        .map(e => e.textContent).slice(0, 5)""")
    assert clipped == [], clipped
    assert problems == [], problems


def test_the_page_checks_can_fail(tab, fixture_site_url):
    """axe-core as test_page_type loads it finds a missing alternative text, and the tab records a failed
    request and a script error: the checks above are not blind."""
    problems = visit(tab, fixture_site_url + "/about/", VIEWPORTS["desktop"])
    tab.evaluate("""() => { const img = document.createElement('img'); img.src = 'no-such-picture.png';
        document.querySelector('article').append(img); setTimeout(() => { throw new Error('boom') }) }""")
    tab.wait_for_timeout(300)
    assert "image-alt" in [v["id"] for v in axe_violations(tab)]
    assert any("404" in p and "no-such-picture.png" in p for p in problems), problems
    assert any(p.startswith("page error") and "boom" in p for p in problems), problems


def _measure_records(built) -> list[dict]:
    """The measures of the corpus under test, from its download (checked against the YAML by test_site)."""
    _, site = built
    return json.loads((site / "data" / "measures.json").read_text(encoding="utf-8"))


def test_explorer_filters_change_the_row_count(tab, site_url, built):
    records = _measure_records(built)
    total, tianjin = len(records), sum(1 for r in records if r["region"] == "tianjin")
    assert total > 100  # enough rows to need the "more" button
    problems = visit(tab, site_url + "/explorer/", VIEWPORTS["desktop"])
    page = tab
    page.wait_for_selector("#explorer[data-loaded]")  # rows come from rows-N.json beside the page
    shown = lambda: int(page.evaluate("() => document.getElementById('explorer').dataset.shown"))  # noqa: E731
    assert shown() == total
    assert len(page.query_selector_all("#explorer tbody tr")) == 100  # drawn 100 at a time
    # the page scrolls, not the table: its wrapper scrolls sideways at most, and is a keyboard-reachable,
    # named region exactly when it does
    assert page.evaluate("""() => { const w = document.getElementById('explorer').closest('.table-wrap');
        const sideways = w.scrollWidth > w.clientWidth + 1, region = w.getAttribute('role') === 'region';
        return w.scrollHeight <= w.clientHeight + 1 && sideways === region
               && (!region || (w.getAttribute('tabindex') === '0' && !!w.getAttribute('aria-label'))) }""")
    page.click("#explorer-more")
    assert len(page.query_selector_all("#explorer tbody tr")) == total
    assert page.is_hidden("#explorer-more")
    page.select_option("select[name=region]", "tianjin")
    assert shown() == tianjin
    page.select_option("select[name=region]", "")
    page.select_option("select[name=theme]", "hukou")
    hukou = shown()
    assert 0 < hukou < total
    page.select_option("select[name=level]", "prefecture")
    assert shown() <= hukou
    page.select_option("select[name=level]", "")
    page.select_option("select[name=theme]", "")
    page.fill("input[name=q]", "档案")
    assert 0 < shown() < total
    page.fill("input[name=q]", "")
    assert shown() == total
    page.click("#explorer thead th:nth-child(1)")  # sortable by keyboard or click
    assert page.get_attribute("#explorer thead th:nth-child(1)", "aria-sort") == "ascending"
    assert problems == []


def test_matrix_links_reach_the_measure_anchor(tab, site_url, built):
    jilin = sum(1 for r in _measure_records(built) if r["document"] == "jilin-2020-task-division")
    visit(tab, site_url + "/en/matrices/jilin-2020-task-division/", VIEWPORTS["desktop"])
    page = tab
    links = page.eval_on_selector_all("table.responsibility tbody th a", "els => els.map(a => a.getAttribute('href'))")
    assert len(links) == jilin
    page.click("table.responsibility tbody tr:nth-child(5) th a")
    page.wait_for_load_state()
    anchor = page.url.split("#")[1]
    assert anchor == "m-1-2-2"
    assert page.evaluate(f"() => !!document.getElementById('{anchor}')")


def test_map_tiles_link_to_their_regions(tab, site_url):
    visit(tab, site_url + "/", VIEWPORTS["desktop"])
    page = tab
    tiles = page.eval_on_selector_all(".tilemap a", "els => els.map(a => [a.firstChild.textContent, a.getAttribute('href')])")
    hrefs = {text.strip("● "): href for text, href in tiles}
    assert hrefs["天津"] == "regions/tianjin/" and hrefs["温州"] == "regions/wenzhou/" and hrefs["浙江"] == "regions/zhejiang/"
    page.click(".tilemap a.city:text('防城港')")
    page.wait_for_load_state()
    assert page.url.endswith("/regions/fangchenggang/")
