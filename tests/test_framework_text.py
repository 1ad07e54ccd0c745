"""The framework items' text (issue 12): the data holds the items' names, and their text only where an
editor has copied it from the published document (never retyped from memory). An item page without it
says so in both languages and points to the published document when `url:` records it; an item with
text shows it instead. A URL that is not http(s) is refused like any other bad value."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.data.validate import validate
from generator.engine.staging import render_site_sources
from tests.conftest import copy_project

pytestmark = pytest.mark.unit

MISSING = {"zh": "本数据未载明本条目的原文", "en": "The text of this item is not stated in this data"}
URL = "https://example.org/published/framework.html"  # a test value, never in data/


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project", documents=["tianjin-2020-mobility"])


def _framework_file(project):
    return sorted((project.data / "frameworks").glob("*.yaml"))[0]


def _staged(project, tmp_path) -> dict[str, str]:
    corpus, problems = validate(project, check_seeds=False)
    assert not problems.errors, [p.format() for p in problems.errors]
    staging = tmp_path / "staging"
    render_site_sources(project, corpus, staging)
    return {p.relative_to(staging / "docs").as_posix(): p.read_text(encoding="utf-8") for p in (staging / "docs").rglob("*.md")}


def _item_pages(pages: dict[str, str], fw_id: str, lang: str) -> dict[str, str]:
    """item id → the first page of that item (later pages only continue the list of documents)."""
    found = {}
    for name, text in pages.items():
        m = re.fullmatch(rf"{lang}/framework/{re.escape(fw_id)}/([^/]+)\.md", name)
        if m:
            found[m.group(1)] = text
    return found


def test_items_without_text_say_so_in_both_languages(project, tmp_path):
    data = yaml.safe_load(_framework_file(project).read_text(encoding="utf-8"))
    items = [item for part in data["parts"] for item in part["items"]]
    pages = _staged(project, tmp_path)
    for lang in ("zh", "en"):
        item_pages = _item_pages(pages, data["id"], lang)
        assert set(item_pages) == {item["id"] for item in items}
        for item in items:
            page = item_pages[item["id"]]
            if item.get("text"):
                assert MISSING[lang] not in page
            else:
                assert MISSING[lang] in page, (lang, item["id"])
                if not data.get("url"):  # no published URL recorded: the page says so, it links nothing
                    assert 'class="framework-source"' in page and 'class="not-stated"' in page


def test_an_item_with_text_shows_it_and_the_others_link_the_published_document(project, tmp_path):
    path = _framework_file(project)
    text = path.read_text(encoding="utf-8")
    # a URL for the framework and a text for its first item (test values: the data holds neither yet)
    text = re.sub(r"(?m)^date: .*$", lambda m: m.group(0) + f"\nurl: {URL}", text, count=1)
    text = re.sub(r"(?m)^(    theme: .*)\n(    text: null\n)?", "\\1\n    text:\n      zh: 测试用条目原文。\n      en: Item text for the test.\n", text, count=1)
    path.write_text(text, encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["url"] == URL and data["parts"][0]["items"][0]["text"]["zh"] == "测试用条目原文。"
    first = data["parts"][0]["items"][0]["id"]
    pages = _staged(project, tmp_path)
    for lang, shown in (("zh", "测试用条目原文。"), ("en", "Item text for the test.")):
        item_pages = _item_pages(pages, data["id"], lang)
        assert shown in item_pages[first] and MISSING[lang] not in item_pages[first]
        others = [page for item_id, page in item_pages.items() if item_id != first]
        assert others and all(MISSING[lang] in page and f'<a href="{URL}"' in page for page in others)
        assert f'<a href="{URL}"' in pages[f"{lang}/framework/index.md"]  # the framework's own entry links it too


def test_a_framework_url_that_is_not_http_is_refused(project):
    path = _framework_file(project)
    path.write_text(re.sub(r"(?m)^date: .*$", lambda m: m.group(0) + "\nurl: javascript:alert(1)", path.read_text(encoding="utf-8"),
                           count=1), encoding="utf-8")
    _, problems = validate(project, check_seeds=False)
    messages = [p.format() for p in problems.errors]
    assert any(m.startswith(f"data/frameworks/{path.name}:") and "url" in m for m in messages), messages
