"""The page shell's words in a real browser (issue 19, item 3): the fold buttons under long measure texts,
the header's search button and Pagefind's search box speak the page's language, with the words of
templates/strings.yaml (handed to the shell through the generated config, to the scripts through the
shell's <template id="ui-strings">)."""

from __future__ import annotations

import pytest
import yaml

from generator.paths import REPO_ROOT

pytestmark = pytest.mark.browser


def _strings() -> dict:
    return yaml.safe_load((REPO_ROOT / "templates" / "strings.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fold_buttons_on_a_framework_item_page_use_the_strings(browser, fixture_site_url, fixture_built, lang):
    _, site = fixture_built
    strings = _strings()
    # an item page that prints measures in full (the longest texts fold after a few lines at phone width)
    pages = sorted(site.glob("framework/*/*/index.html"), key=lambda p: -p.stat().st_size)
    assert pages
    path = pages[0].parent.relative_to(site).as_posix()
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{fixture_site_url}{'/en' if lang == 'en' else ''}/{path}/", wait_until="networkidle")
        button = page.locator("button[aria-controls^='fold-']").first
        assert button.count() == 1, "no measure text was long enough to fold"
        assert button.text_content() == strings["show_more_text"][lang]
        button.click()
        assert button.text_content() == strings["show_less_text"][lang] and button.get_attribute("aria-expanded") == "true"
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_button_and_box_use_the_strings(tab, fixture_site_url, lang):
    strings = _strings()
    page = tab
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{fixture_site_url}{'/en' if lang == 'en' else ''}/", wait_until="networkidle")
    assert page.get_attribute("#pf-open", "title") == strings["search_shortcut"][lang]
    assert page.get_attribute("#pf-open", "aria-label") == strings["search"][lang]
    assert page.text_content(".pf-dialog__hint") == strings["search_keys"][lang]
    page.click("#pf-open")  # Pagefind's UI loads on first use, with our messages
    page.wait_for_selector(".pagefind-ui__search-input")
    assert page.get_attribute(".pagefind-ui__search-input", "placeholder") == strings["search_placeholder"][lang]
