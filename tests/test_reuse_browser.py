"""The shareable explorer in a real browser (issue 14): filters and keyword survive a reload, a copied
URL, and the language switch; back undoes a choice; "download these rows" gives the same rows with
measures.csv's columns; an empty result says so and resets; the framework filter groups each
framework's items (the fixture project holds a second, made-up framework, so item numbers repeat) and
picks the same measures as the item's own page. Also: the citation copy button."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml

pytestmark = pytest.mark.browser


def _pick(site) -> tuple[str, str, str]:
    """A region, a theme and a keyword that some measure has together, taken from the data."""
    rows = [row for chunk in sorted((site / "explorer").glob("rows-*.json"))
            for row in json.loads(chunk.read_text(encoding="utf-8"))["rows"]]
    for row in rows:
        text = row[8]
        if row[2] and len(text) >= 6:
            return row[0], row[2][0], text[2:5]
    pytest.skip("no measure with a theme and text")


def _state(page) -> tuple[int, list[str], dict]:
    page.wait_for_selector("#explorer[data-loaded]")
    shown = int(page.evaluate("() => document.getElementById('explorer').dataset.shown"))
    hrefs = page.eval_on_selector_all("#explorer tbody tr td a", "els => els.map(a => a.getAttribute('href'))")
    values = page.evaluate("""() => Object.fromEntries(['region','level','theme','function','framework','role','q']
        .map(k => [k, document.getElementById('explorer-filters').elements[k].value]))""")
    return shown, hrefs, values


def test_explorer_state_lives_in_the_url(browser, site_url, built):
    _, site = built
    region, theme, keyword = _pick(site)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(site_url + "/explorer/", wait_until="networkidle")
        total, _, _ = _state(page)
        page.select_option("select[name=region]", region)
        page.select_option("select[name=theme]", theme)
        page.fill("input[name=q]", keyword)
        shown, hrefs, values = _state(page)
        assert 0 < shown < total and values["region"] == region and values["theme"] == theme and values["q"] == keyword
        assert f"region={region}" in page.url and f"theme={theme}" in page.url and "q=" in page.url

        page.reload(wait_until="networkidle")
        assert _state(page) == (shown, hrefs, values)

        other = context.new_page()
        other.goto(page.url, wait_until="networkidle")
        assert _state(other) == (shown, hrefs, values)
        other.close()

        with page.expect_download() as info:
            page.click("#explorer-download")
        text = open(info.value.path(), encoding="utf-8-sig").read()
        downloaded = list(csv.reader(io.StringIO(text)))
        measures = list(csv.reader(io.StringIO((site / "data" / "measures.csv").read_text(encoding="utf-8-sig"))))
        assert downloaded[0] == measures[0]  # the same columns as measures.csv
        assert len(downloaded) - 1 == shown
        assert all(row in measures for row in downloaded[1:])  # rows copied, not re-made

        # back undoes the last choice, forward redoes it
        page.select_option("select[name=role]", "responsible")
        page.go_back(wait_until="networkidle")
        assert _state(page)[2]["role"] == ""
        page.go_forward(wait_until="networkidle")
        assert _state(page)[2]["role"] == "responsible"
        page.select_option("select[name=role]", "")

        # the language switch carries the filters
        english = page.evaluate("() => document.querySelector('a.md-select__link[hreflang=en]').href")  # absolute
        page.goto(english, wait_until="networkidle")
        _, _, kept = _state(page)
        assert "/en/explorer/" in page.url and kept == values

        # an empty result says so and resets
        page.fill("input[name=q]", "\u2603\u2603 no such text \u2603\u2603")
        assert page.is_visible("#explorer-empty") and page.is_hidden("#explorer-download")
        page.click("#explorer-reset")
        shown_after, _, cleared = _state(page)
        assert shown_after == total and not any(cleared.values()) and page.is_hidden("#explorer-empty")
        assert errors == []
    finally:
        context.close()


def test_copy_citation_button_works_from_the_keyboard(browser, site_url, built):
    project, _ = built
    doc_id = sorted(p.stem for p in project.documents.glob("*.yaml"))[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/documents/{doc_id}/", wait_until="networkidle")
        button = page.locator("#cite-document ~ button.cite-copy")
        assert button.is_visible()
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('#cite-document ~ button.cite-copy').textContent === '已复制'")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == page.text_content("#cite-document").strip()
    finally:
        context.close()


@pytest.mark.parametrize("lang, pattern", [("zh", r"显示 (\d+) 条，符合条件 (\d+) 条，共 (\d+) 条"),
                                           ("en", r"Showing (\d+) of (\d+) matching measures \((\d+) in all\)")])
def test_explorer_count_message_comes_from_the_strings_with_numbers_filled(tab, site_url, built, lang, pattern):
    _, site = built
    total = sum(len(json.loads(chunk.read_text(encoding="utf-8"))["rows"]) for chunk in (site / "explorer").glob("rows-*.json"))
    tab.goto(site_url + ("/en" if lang == "en" else "") + "/explorer/")
    tab.wait_for_selector("#explorer[data-loaded]")
    match = re.fullmatch(pattern, tab.text_content("#explorer-count").strip())
    assert match, tab.text_content("#explorer-count")
    shown, matched, all_rows = map(int, match.groups())
    assert (matched, all_rows) == (total, total) and shown == min(100, total)
    assert tab.problems == [], tab.problems


def _explorer_links(page) -> set[str]:
    """The measures the explorer shows (every match: the fixture has fewer than 100), as site-root paths."""
    page.wait_for_selector("#explorer[data-loaded]")
    hrefs = page.eval_on_selector_all("#explorer tbody tr td a", "els => els.map(a => a.getAttribute('href'))")
    assert len(hrefs) == int(page.evaluate("() => document.getElementById('explorer').dataset.shown"))
    return {re.sub(r"^(?:\.\./)+", "", h) for h in hrefs}


def _item_page_links(site, fw_id: str, item_id: str) -> set[str]:
    """The measures the framework item's own pages (every page of it) print in full, as site-root paths."""
    pages = sorted((site / "framework" / fw_id / item_id).rglob("index.html"))
    assert pages, (fw_id, item_id)
    return {re.sub(r"^(?:\.\./)+", "", h) for p in pages
            for h in re.findall(r'class="measure-heading"><a href="([^"]+)"', p.read_text(encoding="utf-8"))}


def test_framework_filter_is_grouped_by_framework_and_matches_the_item_pages(browser, fixture_site_url, fixture_built):
    project, site = fixture_built
    frameworks = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((project.data / "frameworks").glob("*.yaml"))]
    assert len(frameworks) >= 2  # the fixture project's second framework repeats the first one's item numbers
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for lang in ("zh", "en"):
            page.goto(fixture_site_url + ("/en" if lang == "en" else "") + "/explorer/", wait_until="networkidle")
            groups = page.evaluate("""() => Array.from(document.querySelectorAll('select[name=framework] optgroup'))
                .map(g => [g.label, Array.from(g.querySelectorAll('option')).map(o => [o.value, o.textContent])])""")
            loose = page.evaluate("() => Array.from(document.querySelectorAll('select[name=framework] > option')).map(o => o.value)")
            assert loose == [""]  # "all", and every item inside its framework's group
            assert len(groups) == len(frameworks)
            for (label, options), fw in zip(groups, frameworks):
                assert fw["title"][lang] in label and (not fw.get("number") or fw["number"] in label), label
                items = [item for part in fw["parts"] for item in part["items"]]
                assert options == [[f"{fw['id']}.{item['id']}", f"{item['id']} {item['name'][lang]}"] for item in items]

        # each item picks exactly the measures its item page prints; the same number in two frameworks differs
        page.goto(fixture_site_url + "/explorer/", wait_until="networkidle")
        picked: dict[tuple[str, str], set[str]] = {}
        for fw in frameworks:
            for item in (item for part in fw["parts"] for item in part["items"]):
                value = f"{fw['id']}.{item['id']}"
                page.select_option("select[name=framework]", value)
                picked[fw["id"], item["id"]] = _explorer_links(page)
                assert picked[fw["id"], item["id"]] == _item_page_links(site, fw["id"], item["id"]), value
                assert f"framework={value}" in page.url
        for fw in frameworks:
            assert any(links for (fw_id, _), links in picked.items() if fw_id == fw["id"]), fw["id"]  # not vacuous
        shared = {item for (fw_id, item) in picked if fw_id == frameworks[0]["id"]} & \
            {item for (fw_id, item) in picked if fw_id == frameworks[1]["id"]}
        assert any(picked[frameworks[0]["id"], i] != picked[frameworks[1]["id"], i] for i in shared)

        # the choice survives the language switch; an address with a bare item number (before the grouping)
        # still filters, by the first framework's item, and is rewritten to the grouped value
        value = f"{frameworks[1]['id']}.{frameworks[1]['parts'][0]['items'][0]['id']}"
        page.select_option("select[name=framework]", value)
        english = page.evaluate("() => document.querySelector('a.md-select__link[hreflang=en]').href")
        page.goto(english, wait_until="networkidle")
        assert "/en/explorer/" in page.url and page.input_value("select[name=framework]") == value
        first_item = frameworks[0]["parts"][0]["items"][0]["id"]
        page.goto(f"{fixture_site_url}/explorer/?framework={first_item}", wait_until="networkidle")
        grouped = f"{frameworks[0]['id']}.{first_item}"
        assert page.input_value("select[name=framework]") == grouped and f"framework={grouped}" in page.url
        assert _explorer_links(page) == picked[frameworks[0]["id"], first_item]
        assert errors == []
    finally:
        context.close()
