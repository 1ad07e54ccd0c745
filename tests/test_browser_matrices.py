"""Matrices and cited measures in Debian's chromium, on the shared built site (issue 13): a matrix's
abbreviated labels show their full names on keyboard focus as well as on hover, and a screen reader
hears them; the header row of a table that scrolls sideways stays in view while the page scrolls down;
the caption stays outside the sideways scroll; a cited measure is named in the breadcrumbs. Pages and
expected names are taken from the built site and the corpus, so this holds for any valid corpus."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.data.load import load_corpus
from generator.site.labels import label_path_text

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
# narrow enough that a matrix scrolls sideways, wide enough that it is still a table (phones get a list)
TABLET = {"width": 760, "height": 700}
FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def matrix_pages(site: Path) -> list[str]:
    return sorted(f"matrices/{p.parent.name}/" for p in (site / "matrices").glob("*/index.html")
                  if not p.parent.name.startswith("page-"))


def first_abbreviated_label(site: Path) -> tuple[str, str, str]:
    """(matrix page, short label, full name) of the first column header that abbreviates, from the built HTML."""
    for path in matrix_pages(site):
        text = (site / path / "index.html").read_text(encoding="utf-8")
        found = re.search(r'<th scope="col" class="vert"><abbr title="([^"]+)">([^<]+)</abbr>', text)
        if found:
            return path, html.unescape(found.group(2)), html.unescape(found.group(1))
    pytest.skip("no matrix abbreviates a column label in this corpus")


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_a_matrix_label_shows_its_full_name_on_keyboard_focus_and_a_screen_reader_hears_it(tab, built, site_url, prefix):
    _, site = built
    path, short, full = first_abbreviated_label(site / prefix.strip("/"))
    page = tab
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + prefix + path, wait_until="load")
    label = page.locator("table.matrix thead abbr", has_text=short).first
    # a tab stop: reached from the previous focusable element with the Tab key, not only by script
    page.evaluate("""(el) => { const all = [...document.querySelectorAll('a[href], [tabindex="0"], button, input, select')]
                                 .filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed');
                               all[all.indexOf(el) - 1].focus(); }""", label.element_handle())
    page.keyboard.press("Tab")
    assert page.evaluate("(el) => document.activeElement === el", label.element_handle())
    tip = page.locator("[role=tooltip]")
    assert tip.is_visible() and tip.inner_text().strip() == full
    box, anchor = tip.bounding_box(), label.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= DESKTOP["width"] and 0 <= box["y"] <= DESKTOP["height"]
    assert abs(box["y"] - (anchor["y"] + anchor["height"])) < 40 or abs(box["y"] + box["height"] - anchor["y"]) < 40  # beside its label
    # what a screen reader announces for the column header includes the full name
    assert page.get_by_role("columnheader", name=full).count() >= 1
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    # the measure rows' short titles: the full title on focus, as a description
    row = page.locator("table.matrix tbody th a").first
    row.focus()
    expected = page.evaluate("(a) => a.dataset.full", row.element_handle())
    assert expected and tip.is_visible() and tip.inner_text().strip() == expected
    assert row.get_attribute("aria-describedby") == "label-tip"
    page.mouse.move(0, 0)
    label.hover()
    assert tip.inner_text().strip() == full  # hover shows it too


def scrolling_matrix(page, site_url: str, paths: list[str]) -> str | None:
    """The first page whose matrix scrolls sideways at this width and is taller than the window."""
    for path in paths:
        page.goto(site_url + path, wait_until="load")
        page.evaluate(FRAME)
        if page.evaluate("""() => { const w = document.querySelector('.table-wrap:not(.fits) > table.matrix');
                                   return !!w && w.parentElement.scrollWidth > w.parentElement.clientWidth + 1
                                          && w.getBoundingClientRect().height > innerHeight; }"""):
            return path
    return None


def test_a_wide_matrix_keeps_its_header_row_and_caption_in_view(tab, built, site_url):
    _, site = built
    page = tab
    page.set_viewport_size(TABLET)
    path = scrolling_matrix(page, site_url, ["/matrices/", *("/" + p for p in matrix_pages(site)), "/themes/"])
    if path is None:
        pytest.skip("no matrix both scrolls sideways and is taller than the window in this corpus")
    # scroll the page until the table's middle is at the top of the window
    page.evaluate("""() => { const t = document.querySelector('.table-wrap:not(.fits) > table.matrix');
                             const r = t.getBoundingClientRect(); scrollBy(0, r.top + r.height / 2); }""")
    page.evaluate(FRAME)
    state = page.evaluate("""() => {
        const t = document.querySelector('.table-wrap:not(.fits) > table.matrix');
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        const cell = t.tHead.rows[0].cells[t.tHead.rows[0].cells.length > 1 ? 1 : 0], r = cell.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
        return {header, top: r.top, bottom: r.bottom, shown: !!hit && cell.contains(hit), tableTop: t.getBoundingClientRect().top}}""")
    assert state["tableTop"] < state["header"], state  # the table's own top is out of sight
    assert state["header"] - 1 <= state["top"] <= state["header"] + 2 and state["shown"], state  # its header row is not
    # scrolled sideways to the end, the caption is still in view: it is outside the scrolling wrapper
    page.evaluate("""() => { const w = document.querySelector('.table-wrap:not(.fits)'); w.scrollLeft = w.scrollWidth;
                             w.closest('figure').scrollIntoView(); }""")
    page.evaluate(FRAME)
    caption = page.evaluate("""() => { const f = document.querySelector('.table-wrap:not(.fits)').closest('figure').querySelector('figcaption');
                                       const r = f.getBoundingClientRect();
                                       return {inWrap: !!f.closest('.table-wrap'), left: r.left, right: r.right, text: f.textContent.trim()}; }""")
    assert not caption["inWrap"] and caption["text"] and 0 <= caption["left"] and caption["right"] <= TABLET["width"], caption
    # back at the top of the table, the header row is where it belongs (no shift left over)
    page.evaluate("() => scrollTo(0, 0)")
    page.evaluate(FRAME)
    assert page.evaluate("() => document.querySelector('.table-wrap:not(.fits) > table.matrix').style.getPropertyValue('--head-shift')") == ""


def cited_measure(project) -> tuple[str, str, dict[str, str]]:
    """(document id, anchor, label path per language) of the first measure nested below a part, from the corpus."""
    corpus, _ = load_corpus(project)
    for doc in sorted(corpus.documents.values(), key=lambda d: d.id):
        for provision in doc.measures:
            if provision.depth > 1:
                return doc.id, provision.anchor, {lang: label_path_text(doc, provision, lang) for lang in ("zh", "en")}
    pytest.skip("no nested measure in this corpus")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_breadcrumbs_name_the_cited_measure_and_follow_the_anchor(browser, built, site_url, lang):
    project, _ = built
    doc_id, anchor, paths = cited_measure(project)
    prefix = "/en/" if lang == "en" else "/"
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    crumbs = "els => els.map(li => [li.textContent.trim(), li.querySelector('a') ? new URL(li.querySelector('a').href).pathname : null])"
    try:
        page.goto(f"{site_url}{prefix}documents/{doc_id}/", wait_until="load")
        plain = page.eval_on_selector_all("nav.crumbs li", crumbs)
        title = plain[-1][0]
        page.goto(f"{site_url}{prefix}documents/{doc_id}/#{anchor}", wait_until="load")
        cited = page.eval_on_selector_all("nav.crumbs li", crumbs)
        # Home › Documents › region › the document (now a link back to it) › the measure's label path
        assert cited[:-2] == plain[:-1] and cited[-2] == [title, f"{prefix}documents/{doc_id}/"], cited
        assert cited[-1] == [paths[lang], None], (cited[-1], paths[lang])
        assert page.eval_on_selector("nav.crumbs li:last-child", "li => li.querySelector('[aria-current]') !== null && li.children.length === 1")
        # a jump to another place in the page that is not a measure: the trail is the document's again
        page.evaluate("() => { location.hash = '#' + document.querySelector('article h1').id }")
        page.wait_for_function("() => !document.querySelector('nav.crumbs .crumb-measure')")
        assert page.eval_on_selector_all("nav.crumbs li", crumbs) == plain
    finally:
        context.close()
