"""/compare/ in the browser (issue 12): a `docs=` URL shows the chosen documents as columns with their
measures, changing the choice changes the URL, and the language switch keeps the choice. Expected
measures come from the built project's YAML (any valid corpus)."""

from __future__ import annotations

import pytest
import yaml

from .test_browser_site import VIEWPORTS, visit

pytestmark = pytest.mark.browser


def _documents(project) -> dict[str, dict]:
    docs = {}
    for path in sorted(project.documents.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        docs[doc["id"]] = doc
    return docs


def _anchors(doc: dict) -> set[str]:
    return {"m-" + p["id"].replace(".", "-") for p in doc["provisions"] if p["kind"] == "measure"}


def _cell_anchors(page, doc_id: str) -> set[str]:
    hrefs = page.eval_on_selector_all(f'.compare-cell[data-doc="{doc_id}"] .measure-heading a', "as => as.map(a => a.href)")
    return {h.split("#", 1)[1] for h in hrefs if f"/documents/{doc_id}/#" in h}


def test_compare_columns_url_and_language_switch(tab, site_url, built):
    project, _ = built
    docs = _documents(project)
    first, second, third = sorted(docs)[:3]
    problems = visit(tab, f"{site_url}/compare/?docs={first},{second}", VIEWPORTS["desktop"])
    page = tab
    page.wait_for_selector(".compare-cell")
    # one column per chosen document, in the order of the URL
    heads = page.eval_on_selector_all(".compare-head .compare-doc-head a", "as => as.map(a => a.getAttribute('href'))")
    assert len(heads) == 2 and first in heads[0] and second in heads[1]
    # every measure of both documents is in its own document's column, and nowhere else
    for doc_id in (first, second):
        assert _cell_anchors(page, doc_id) == _anchors(docs[doc_id]), doc_id
    assert page.eval_on_selector_all(".compare-cell", "cs => cs.map(c => c.dataset.doc)") and \
        set(page.eval_on_selector_all(".compare-cell", "cs => cs.map(c => c.dataset.doc)")) == {first, second}

    # change the choice: the URL follows and the new document's column appears
    page.select_option('select[name="doc2"]', third)
    page.wait_for_function(f"() => location.search.includes('{third}')")
    assert page.evaluate("() => new URLSearchParams(location.search).get('docs')") == f"{first},{third}"
    page.wait_for_selector(f'.compare-cell[data-doc="{third}"]')
    assert _cell_anchors(page, third) == _anchors(docs[third])

    # switch language: the English page opens with the same choice
    page.hover(".md-header__option .md-select")  # the language menu opens on hover/focus
    page.click('.md-header a.md-select__link[hreflang="en"]')
    page.wait_for_load_state("load")
    assert "/en/compare/" in page.url
    page.wait_for_selector(f'.compare-cell[data-doc="{third}"]')
    assert page.evaluate("() => new URLSearchParams(location.search).get('docs')") == f"{first},{third}"
    assert page.eval_on_selector('select[name="doc1"]', "s => s.value") == first
    assert page.eval_on_selector('select[name="doc2"]', "s => s.value") == third
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert problems == [], problems


def test_compare_refuses_too_few_documents_and_ignores_unknown_ids(tab, site_url, built):
    project, _ = built
    first = sorted(_documents(project))[0]
    problems = visit(tab, f"{site_url}/en/compare/?docs={first},no-such-document", VIEWPORTS["phone"])
    page = tab
    page.wait_for_selector(".compare-cell")
    # the unknown id is named, and the page falls back to a valid pair instead of breaking
    assert "no-such-document" in page.inner_text("#compare-status")
    assert len(set(page.eval_on_selector_all(".compare-cell", "cs => cs.map(c => c.dataset.doc)"))) == 2
    # choosing a single document is refused with a message, and the URL keeps the last valid choice
    before = page.evaluate("() => location.search")
    for slot in ("doc2", "doc3", "doc4"):
        page.select_option(f'select[name="{slot}"]', "")
    assert "at least two" in page.inner_text("#compare-status")
    assert page.evaluate("() => location.search") == before
    assert problems == [], problems
