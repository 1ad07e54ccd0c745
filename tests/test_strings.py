"""Every interface string in one place: templates/strings.yaml (with {placeholders}) and, for long prose,
per-language partials under templates/pages/prose/. Editing a string there changes every page that shows
it, in that language only; a placeholder the page does not fill is a clear error, not a half-filled page."""

from __future__ import annotations

import json
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
    assert '<h2 id="how-to-cite">引用说明改</h2>' in pages["zh/index.md"]
    assert '<h2 id="how-to-cite">Citing changed</h2>' in pages["en/index.md"]
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


# ---- the page shell (Material's overrides) and the page scripts ---------------------------------------
SHELL_FILES = sorted((REPO_ROOT / "templates" / "overrides").rglob("*.html"))
SCRIPT_FILES = sorted((REPO_ROOT / "docs" / "assets").glob("*.js"))
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# an English phrase in quotes: a capital, then more words ("Show less", 'Recent changes')
PHRASE = re.compile(r"""(["'])[A-Z][a-z]+(?: [A-Za-z']+)+[.!?]?\1""")
# a choice of text by language inside a template: 'Home' if zh else …, … if lang == 'en' else …
# (language codes such as "zh" or 'en_GB' are not text: a literal counts if capitalised, spaced or Chinese)
LANGUAGE_BRANCH = re.compile(r"""["'](?:[A-Z]|[^"'\n]*[\s\u4e00-\u9fff])[^"'\n]*["']\s+if\s+(?:not\s+)?(?:zh|lang\b|config\.theme\.language)""")
ATTRIBUTE_TEXT = re.compile(r"""\b(?:title|aria-label|alt|placeholder)="([^"{]*)\"""")


def _code(path) -> str:
    """The file without its comments (comments may speak about text; only code may not hold it)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return re.sub(r"\{#.*?#\}|<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(?m)(^|\s)//.*$", r"\1", text)  # not the // of a URL ("http://…")


def _shell_and_script_problems(files, root=REPO_ROOT) -> list[str]:
    found = []
    for path in files:
        code = _code(path)
        for n, line in enumerate(code.splitlines(), 1):
            where = f"{path.relative_to(root)}:{n}"
            if CJK.search(line):
                found.append(f"{where}: Chinese text {line.strip()[:60]!r}")
            for match in (*PHRASE.finditer(line), *LANGUAGE_BRANCH.finditer(line)):
                found.append(f"{where}: text in code {match.group(0)[:60]!r}")
            for match in ATTRIBUTE_TEXT.finditer(line):
                if re.search(r"[A-Za-z]", match.group(1)):
                    found.append(f"{where}: attribute text {match.group(0)[:60]!r}")
        if path.suffix == ".html":  # text between tags, outside scripts and template expressions
            markup = re.sub(r"<script\b.*?</script>|\{\{.*?\}\}|\{%.*?%\}", "", code, flags=re.S)
            found += [f"{path.relative_to(root)}: text {t.strip()[:60]!r}"
                      for t in re.findall(r">([^<]+)<", markup) if re.search(r"[A-Za-z]{2,}", t)]
    return found


def test_the_page_shell_and_the_page_scripts_hold_no_interface_text():
    """Material's overrides (templates/overrides/: header search, 404, footer, breadcrumbs) and the page
    scripts (docs/assets/*.js) take their words from strings.yaml too: the shell through the generated
    config's extra.ui (engine/staging.py, SHELL_STRINGS), the scripts through data-* attributes the pages
    carry. Material's own words (its theme language) are Material's translations, not ours."""
    assert SHELL_FILES and SCRIPT_FILES
    assert not _shell_and_script_problems(SHELL_FILES + SCRIPT_FILES)


def test_the_interface_text_check_finds_hard_coded_words(tmp_path):
    """The check above, on files that do what the shell and scripts used to do, finds each of them."""
    shell = tmp_path / "shell.html"
    shell.write_text("""{# 注释里的中文可以 #}<nav aria-label="{{ '导航路径' if zh else 'Breadcrumb' }}"></nav>
<button title="Search (shortcut: / or s)">×</button><h1>Page not found</h1>
<script>var t = { placeholder: "Search measures" };</script>\n""", encoding="utf-8")
    script = tmp_path / "site.js"
    script.write_text('// 注释\nvar words = zh ? ["展开全文", "收起"] : ["Show the full text", "Show less"];\n', encoding="utf-8")
    found = _shell_and_script_problems([shell, script], root=tmp_path)
    assert any("导航路径" in p for p in found) and any("Breadcrumb" in p for p in found)
    assert any("Search (shortcut" in p for p in found) and any("Page not found" in p for p in found)
    assert any("Search measures" in p for p in found)
    assert any("展开全文" in p for p in found) and any("Show less" in p for p in found)
    assert not any("注释" in p for p in found)  # comments may speak Chinese


@pytest.mark.slow
def test_the_page_shell_prints_its_strings_from_strings_yaml_escaped(small_project):
    """An edited shell string reaches the built pages in its language: the search button, the footer,
    Pagefind's messages (as JSON) and the bilingual 404 page, whose sentence keeps its two links. Markup
    in a string stays text."""
    from generator.build import build

    set_string(small_project, "search_shortcut", "搜索改<b>", "Search changed <b>")
    set_string(small_project, "search_placeholder", "找措施改", "Find measures changed")
    set_string(small_project, "editing_footer", "编辑者改", "Editors changed")
    set_string(small_project, "not_found_text", "这里没有页面<i>，请看{documents}或{home}。", "Nothing here <i>; see the {documents} or the {home}.")
    out = small_project.root / "site"
    build(small_project, out=out, search=False)
    zh, en = (out / "index.html").read_text(encoding="utf-8"), (out / "en" / "index.html").read_text(encoding="utf-8")
    assert 'title="搜索改&lt;b&gt;"' in zh and 'title="Search changed &lt;b&gt;"' in en
    assert "搜索改<b>" not in zh and "Search changed <b>" not in en
    # Pagefind's messages travel as JSON in the search dialog's data-messages attribute, never in script source
    messages = {lang: json.loads(re.search(r"data-messages='([^']*)'", text).group(1)) for lang, text in (("zh", zh), ("en", en))}
    assert {lang: m["placeholder"] for lang, m in messages.items()} == {"zh": "找措施改", "en": "Find measures changed"}
    assert ">编辑者改</a>" in zh and ">Editors changed</a>" in en
    missing = (out / "404.html").read_text(encoding="utf-8")
    assert re.search(r'<p lang="zh-Hans">这里没有页面&lt;i&gt;，请看<a href="[^"]*documents/">文件列表</a>或<a href="[^"]*">首页</a>。</p>', missing)
    assert re.search(r'<p lang="en">Nothing here &lt;i&gt;; see the <a href="[^"]*en/documents/">list of documents</a> or the '
                     r'<a href="[^"]*en/">home page</a>\.</p>', missing)
