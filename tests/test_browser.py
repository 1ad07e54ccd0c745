"""The site in a real browser: Pagefind search from the header, per language, with measure anchors.

Playwright drives Debian's chromium (/usr/bin/chromium, installed by `make test`)."""

from __future__ import annotations

import json

import pytest

from generator.paths import REPO_ROOT

pytestmark = pytest.mark.browser

@pytest.fixture
def page(tab):
    """The worker's shared tab (conftest's `tab`): its `problems` lists console and script errors, failed
    requests and HTTP errors of the pages the test opened."""
    return tab


def search(page, base: str, path: str, query: str, key: str = "/") -> dict:
    """Open the header search with a keyboard shortcut, type, and collect every result link."""
    page.goto(base + path)
    page.keyboard.press(key)
    page.wait_for_selector("#pf-dialog[open] .pagefind-ui__search-input")
    page.fill("#pf-dialog .pagefind-ui__search-input", query)
    page.wait_for_function("""() => { const m = document.querySelector('.pagefind-ui__message');
        return m && m.textContent.trim().length > 0 }""")
    while page.query_selector(".pagefind-ui__button"):  # "load more"
        page.click(".pagefind-ui__button")
        wait_until_rendered(page)
    wait_until_rendered(page)
    links = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))")
    message = page.inner_text(".pagefind-ui__message")
    return {"links": links, "message": message}


def wait_until_rendered(page, timeout_s: float = 15) -> None:
    """Pagefind renders results as their fragments arrive: wait until every result has its link and
    the list has stopped changing (time-based waits fail on a busy machine)."""
    import time

    deadline, last, stable = time.monotonic() + timeout_s, None, 0
    while time.monotonic() < deadline:
        state = page.evaluate("""() => [document.querySelectorAll('.pagefind-ui__result').length,
            [...document.querySelectorAll('.pagefind-ui__result')].filter(r => r.querySelector('.pagefind-ui__result-link')).length,
            document.querySelectorAll('.pagefind-ui__result-link').length]""")
        done = state[0] == state[1]
        stable = stable + 1 if (done and state == last) else 0
        if stable >= 3:
            return
        last = state
        page.wait_for_timeout(150)
    raise AssertionError(f"search results did not finish rendering: {last}")


def docs_with_anchor(links: list[str]) -> set[str]:
    return {link.split("/documents/")[1].split("/")[0] for link in links if "/documents/" in link and "#m-" in link}


@pytest.mark.parametrize("query,documents", [
    ("档案", {"tianjin-2020-mobility", "liaoning-mobility", "jilin-2020-task-division"}),
    ("户籍", {"tianjin-2020-mobility", "liaoning-mobility", "jilin-2020-task-division"}),
    ("飞地", {"fangchenggang-talent-flow", "wenzhou-two-healthy-talent"}),
    ("留温率", {"wenzhou-two-healthy-talent"}),
])
def test_chinese_search_finds_measures(page, site_url, query, documents):
    result = search(page, site_url, "/", query)
    found = docs_with_anchor(result["links"])
    assert documents <= found, (query, found, result["links"][:20])
    assert all(not link.startswith("/en/") for link in result["links"]), "English page in Chinese results"
    assert page.problems == [], page.problems


def test_hukou_finds_the_household_registration_measures(page, site_url):
    result = search(page, site_url, "/", "户籍")
    # Tianjin's 二、(一) and Jilin's (四) 1. are the hukou measures
    assert any(link.endswith("/documents/tianjin-2020-mobility/#m-2-1") for link in result["links"]), result["links"]
    assert any("/documents/jilin-2020-task-division/#m-2-4-" in link for link in result["links"]), result["links"]


@pytest.mark.parametrize("query,documents", [
    ("personnel files", {"tianjin-2020-mobility", "liaoning-mobility", "jilin-2020-task-division"}),
    ("hukou", {"tianjin-2020-mobility", "liaoning-mobility", "jilin-2020-task-division"}),
])
def test_english_search_finds_the_same_measures_in_english(page, site_url, query, documents):
    result = search(page, site_url, "/en/", query, key="s")
    assert documents <= docs_with_anchor(result["links"]), result["links"][:20]
    assert result["links"] and all(link.startswith("/en/") for link in result["links"]), "Chinese page in English results"


def test_results_have_excerpts_with_highlighted_terms(page, site_url):
    search(page, site_url, "/", "档案")
    marks = page.eval_on_selector_all(".pagefind-ui__result-excerpt mark", "els => els.map(e => e.textContent)")
    assert marks and all("档案" in m for m in marks)


def test_no_hits_says_so(page, site_url):
    result = search(page, site_url, "/en/", "zzzqqqxxy")
    assert result["links"] == [] and "No results" in result["message"]
    result = search(page, site_url, "/", "龘靐齉")
    assert result["links"] == [] and "没有找到" in result["message"]


@pytest.mark.parametrize("query", ["!!!???。。，，", "<script>alert(1)</script>", "档案" * 500, "x" * 1000])
def test_hostile_or_huge_queries_do_not_break_the_page(page, site_url, query):
    page.goto(site_url + "/")
    page.keyboard.press("/")
    page.wait_for_selector("#pf-dialog[open] .pagefind-ui__search-input")
    page.fill("#pf-dialog .pagefind-ui__search-input", query)
    page.wait_for_timeout(1200)
    assert page.problems == [], page.problems
    assert page.evaluate("() => !!document.querySelector('#pf-dialog[open]')")
    assert page.evaluate("() => typeof window.alertCalled === 'undefined'")
    page.keyboard.press("Escape")
    assert page.evaluate("() => !document.querySelector('#pf-dialog[open]')")


def test_keyboard_navigation_and_result_link_lands_on_the_measure(page, site_url):
    search(page, site_url, "/", "留温率")
    page.focus("#pf-dialog .pagefind-ui__search-input")
    target = ""
    for _ in range(6):  # down through the page result to its first measure sub-result
        page.keyboard.press("ArrowDown")
        assert "pagefind-ui__result-link" in page.evaluate("() => document.activeElement.className")
        target = page.evaluate("() => document.activeElement.getAttribute('href')")
        if "#m-" in target:
            break
    assert "#m-" in target
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(target)
    anchor = target.split("#")[1]
    assert page.evaluate(f"() => !!document.getElementById('{anchor}')")


def full_text_index_bytes(site, lang_root: str) -> int:
    """What the one-file approach (Material's search_index.json) ships to every reader: the text of
    every page of the language, as JSON."""
    import re as _re

    pages = [p for p in (site / lang_root).rglob("index.html") if lang_root or not p.relative_to(site).parts[0] == "en"]
    records = []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        article = html[html.find("<article"): html.find("</article>")]
        records.append({"location": path.parent.relative_to(site).as_posix(), "text": _re.sub(r"<[^>]+>|\s+", " ", article)})
    return len(json.dumps({"docs": records}, ensure_ascii=False).encode("utf-8"))


def test_search_bytes_per_query_are_small(browser, site_url, built, record_property):
    """Bytes the browser downloads for one query, cold (first query, incl. Pagefind's JS/WASM) and warm,
    against what one whole-text index of the Chinese pages would cost every reader."""
    from generator.tools.searchprobe import query_bytes

    report = query_bytes(browser, site_url, "/")
    _, site = built
    report["full_text_index_bytes"] = full_text_index_bytes(site, "")
    record_property("search_bytes", json.dumps(report))
    artifacts = REPO_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "search-bytes.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print("\nsearch bytes per query:", report)
    assert report["warm_query_bytes"] < 150_000
    assert report["warm_query_bytes"] * 4 < report["full_text_index_bytes"], report


def test_results_can_be_narrowed_by_region_and_theme(page, site_url):
    search(page, site_url, "/", "档案")
    page.wait_for_selector(".pagefind-ui__filter-panel")
    groups = page.eval_on_selector_all(".pagefind-ui__filter-name", "els => els.map(e => e.textContent.trim())")
    assert {"地区", "主题"} <= set(groups), groups
    before = len(page.query_selector_all(".pagefind-ui__result"))
    # open the region group and keep only Jilin
    page.click(".pagefind-ui__filter-name:has-text('地区')")
    page.check(".pagefind-ui__filter-checkbox[id*='吉林']")
    page.wait_for_timeout(800)
    links = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))")
    documents = [link for link in links if "/documents/" in link]
    assert documents and all("/documents/jilin-2020-task-division/" in link for link in documents), links
    assert len(page.query_selector_all(".pagefind-ui__result")) < before
