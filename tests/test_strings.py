"""Every interface string in one place: templates/strings.yaml (with {placeholders}) and, for long prose,
per-language partials under templates/pages/prose/. Editing a string there changes every page that shows
it, in that language only; a placeholder the page does not fill is a clear error, not a half-filled page."""

from __future__ import annotations

import re

import pytest

from generator.data.validate import validate
from generator.engine.staging import render_site_sources
from generator.errors import BuildError
from generator.paths import REPO_ROOT
from tests.conftest import copy_project

pytestmark = pytest.mark.unit


@pytest.fixture
def small_project(tmp_path):
    return copy_project(tmp_path / "project", documents=["tianjin-2020-mobility"])


def render(project, tmp_path) -> dict[str, str]:
    corpus, _ = validate(project, check_seeds=False)
    staging = tmp_path / "staging"
    render_site_sources(project, corpus, staging)
    return {p.relative_to(staging / "docs").as_posix(): p.read_text(encoding="utf-8")
            for p in (staging / "docs").rglob("*.md")}


def set_string(project, key: str, zh: str, en: str) -> None:
    path = project.templates / "strings.yaml"
    text, count = re.subn(rf"(?m)^{re.escape(key)}:.*(?:\n  .*)*$", f"{key}: {{zh: \"{zh}\", en: \"{en}\"}}",
                          path.read_text(encoding="utf-8"))
    assert count == 1, key
    path.write_text(text, encoding="utf-8")


def test_an_edited_string_changes_every_page_that_shows_it_in_its_language(small_project, tmp_path):
    set_string(small_project, "how_to_cite", "引用说明改", "Citing changed")
    set_string(small_project, "page_contents", "目录改", "Contents changed")  # the document pages' contents block
    pages = render(small_project, tmp_path)
    assert "## 引用说明改" in pages["zh/index.md"] and "## Citing changed" in pages["en/index.md"]
    documents = [name for name in pages if re.fullmatch(r"(zh|en)/documents/[^/]+\.md", name) and "index" not in name]
    assert documents
    for name in documents:
        changed = "目录改" if name.startswith("zh/") else "Contents changed"
        assert f"<summary>{changed}</summary>" in pages[name], name


def test_placeholders_are_filled_from_the_page(small_project, tmp_path):
    set_string(small_project, "page_suffix", "（第{n}页）", " [p. {n}]")
    set_string(small_project, "function_bars_caption", "{scope}的职能分布", "Functions in {scope}")
    pages = render(small_project, tmp_path)
    region = next(text for name, text in pages.items() if name.startswith("en/regions/") and "index" not in name)
    title = re.search(r'^title: "(.*)"$', region, re.M).group(1)
    assert f"Functions in {title}" in region  # the region page's bar chart caption names the region
    assert "{scope}" not in "".join(pages.values()) and "{n}" not in "".join(pages.values())


def test_a_placeholder_the_page_does_not_fill_is_a_clear_error(small_project, tmp_path):
    set_string(small_project, "colon", "{colour}", "{colour}")
    with pytest.raises(BuildError) as caught:
        render(small_project, tmp_path)
    message = caught.value.problems[0].format()
    assert message.startswith("templates/strings.yaml: error: interface string 'colon' has {colour}"), message


def test_templates_do_not_choose_text_by_language():
    """Text in a page's language comes from strings.yaml or a partial of that language, never from a
    branch on the language inside a page template."""
    branches = [f"{path.relative_to(REPO_ROOT)}:{n}" for path in sorted((REPO_ROOT / "templates" / "pages").rglob("*.j2"))
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if re.search(r"\blang\s*[!=]=", line)]
    assert not branches, branches


def test_every_prose_partial_exists_in_both_languages():
    prose = REPO_ROOT / "templates" / "pages" / "prose"
    zh = {p.name for p in (prose / "zh").iterdir()}
    en = {p.name for p in (prose / "en").iterdir()}
    # the translation banner is shown on translated pages only
    assert zh ^ en == {"translation_banner.html.j2"}
