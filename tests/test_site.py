"""Tests over the built site: every page in both languages, every measure everywhere it must be,
every link and anchor resolving, downloads matching the YAML, and data never becoming markup."""

from __future__ import annotations

import csv
import html as html_module
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.build import build
from generator.engine.linkcheck import broken_links
from generator.paths import Project

from .conftest import copy_fixture_project

LANG_ROOTS = {"zh": "", "en": "en/"}


@pytest.fixture(scope="session")
def yaml_measures(built) -> list[tuple[str, dict]]:
    project, _ = built
    found = []
    for path in sorted(project.documents.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(doc["id"], p) for p in doc["provisions"] if p["kind"] == "measure"]
    return found


def page(site: Path, lang: str, url: str) -> str:
    return (site / LANG_ROOTS[lang] / url / "index.html").read_text(encoding="utf-8")


def anchor(provision_id: str) -> str:
    return "m-" + provision_id.replace(".", "-")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url", [
    "", "regions", "regions/tianjin", "regions/wenzhou", "documents", "documents/jilin-2020-task-division",
    "themes", "themes/hukou", "agencies", "agencies/tianjin-hrss", "matrices", "matrices/fangchenggang-talent-flow",
    "targets", "explorer", "data", "glossary", "about", "editing",
])
def test_every_page_type_exists_in_both_languages(built, lang, url):
    _, site = built
    html = page(site, lang, url)
    assert f'<html lang="{lang}"' in html


def test_every_internal_link_and_anchor_resolves(built):
    _, site = built
    assert broken_links(site) == []


def test_every_measure_on_its_document_page_with_anchor(built, yaml_measures):
    _, site = built
    for lang in LANG_ROOTS:
        pages = {}
        for doc_id, p in yaml_measures:
            html = pages.setdefault(doc_id, page(site, lang, f"documents/{doc_id}"))
            assert f'id="{anchor(p["id"])}"' in html, (lang, doc_id, p["id"])


def test_english_document_pages_carry_the_english_text(built, yaml_measures):
    _, site = built
    pages = {}
    for doc_id, p in yaml_measures:
        html = pages.setdefault(doc_id, page(site, "en", f"documents/{doc_id}"))
        en = (p.get("text") or {}).get("en")
        assert en, f"{doc_id} {p['id']} has no English in the YAML"
        for paragraph in en.split("\n"):
            assert html_module.escape(paragraph) in html, (doc_id, p["id"], paragraph[:60])


def test_every_measure_is_on_a_theme_page_and_in_the_explorer(built, yaml_measures):
    _, site = built
    for lang in LANG_ROOTS:
        # every page of every theme (long comparisons are split into themes/<id>/page-N/)
        theme_pages = "".join(p.read_text(encoding="utf-8") for p in (site / LANG_ROOTS[lang] / "themes").rglob("index.html"))
        explorer_rows = [row for chunk in sorted((site / LANG_ROOTS[lang] / "explorer").glob("rows-*.json"))
                         for row in json.loads(chunk.read_text(encoding="utf-8"))["rows"]]
        explorer_links = {row[6] for row in explorer_rows}
        assert len(explorer_rows) == len(yaml_measures)
        for doc_id, p in yaml_measures:
            target = f"documents/{doc_id}/#{anchor(p['id'])}"
            assert target in theme_pages, (lang, doc_id, p["id"])
            assert f"../{target}" in explorer_links, (lang, doc_id, p["id"])


def test_downloads_match_the_yaml(built, yaml_measures):
    project, site = built
    rows = list(csv.DictReader(io.StringIO((site / "data/measures.csv").read_text(encoding="utf-8-sig"))))
    records = json.loads((site / "data/measures.json").read_text(encoding="utf-8"))
    expected = {(doc_id, p["id"]) for doc_id, p in yaml_measures}
    assert len(rows) == len(records) == len(expected)
    assert {(r["document"], r["id"]) for r in rows} == expected
    assert {(r["document"], r["id"]) for r in records} == expected
    required = {"document", "region", "id", "label", "title_zh", "title_en", "text_zh", "text_en", "agencies",
                "agencies_raw", "lead_agencies", "themes", "framework_items", "url_zh", "url_en"}
    assert required <= set(rows[0])
    jilin = next(r for r in rows if r["document"] == "jilin-2020-task-division" and r["id"] == "1.3.2")
    assert jilin["agencies_raw"].split(";")[0] == "省政务服务和数字化建设管理局"
    assert ";" in jilin["agencies"] and jilin["lead_agencies"] == ""
    tianjin = next(r for r in rows if r["document"] == "tianjin-2020-mobility" and r["id"] == "3.1")
    assert tianjin["label_path"] == "三、(一)"  # "(1)" alone names five Tianjin items
    # measures about carrying the document out (its 组织实施 / 组织保障 part) are kept and marked
    organisational = {(r["document"], r["id"]) for r in rows if r["organisational"] == "true"}
    assert organisational == {("tianjin-2020-mobility", "5.1"), ("tianjin-2020-mobility", "5.2"), ("tianjin-2020-mobility", "5.3"),
                              ("jilin-2020-task-division", "5.14"), ("jilin-2020-task-division", "5.15.1"),
                              ("jilin-2020-task-division", "5.15.2"), ("jilin-2020-task-division", "5.16")}


def test_every_download_has_exactly_its_codebook_columns(built):
    from generator.site.codebook import CODEBOOK

    _, site = built
    data_page = page(site, "en", "data")
    for name, fields in CODEBOOK.items():
        columns = [field for field, _, _ in fields]
        header = next(csv.reader(io.StringIO((site / f"data/{name}.csv").read_text(encoding="utf-8-sig"))))
        records = json.loads((site / f"data/{name}.json").read_text(encoding="utf-8"))
        assert header == columns and records and list(records[0]) == columns, name
        assert f'id="codebook-{name}"' in data_page and all(f"<code>{c}</code>" in data_page for c in columns), name


def test_documents_download_keeps_what_each_document_cites(built):
    _, site = built
    records = {d["id"]: d for d in json.loads((site / "data/documents.json").read_text(encoding="utf-8"))}
    assert "厅字〔2019〕56号" in records["tianjin-2020-mobility"]["implements"]
    assert records["wenzhou-two-healthy-talent"]["cites"]


def test_not_stated_instead_of_invented_metadata(built):
    _, site = built
    zh, en = page(site, "zh", "documents/liaoning-mobility"), page(site, "en", "documents/liaoning-mobility")
    assert "未注明" in zh and "not stated" in en
    # no printed title: the editors' descriptive title, in brackets and said to be theirs, not a placeholder
    assert "<h1" in zh and "〔" in zh.split("<h1", 1)[1].split("</h1>")[0] and "编辑部" in zh
    assert 'class="editorial-title"' in zh and 'class="editorial-title"' in en
    assert "（原文未注明标题）" not in zh and "(untitled in the source)" not in en


def chinese_outside_originals(html: str) -> list[str]:
    """Han text an English reader meets in the article, outside what is Chinese on purpose: the
    originals and dropped chrome, elements marked lang="zh…", quoted names (“市人社局”), and code."""
    visible = re.sub(r'<details class="(original|chrome)".*?</details>', "", html, flags=re.S)
    visible = re.sub(r'<[^>]*lang="zh[^"]*"[^>]*>.*?</', "", visible, flags=re.S)
    visible = re.sub(r"<(script|style|code)[^>]*>.*?</\1>", "", visible, flags=re.S)
    if "<article" not in visible:
        return []
    main = visible[visible.index("<article"): visible.index("</article>")]
    text = re.sub(r"“[^”]*”|《[^》]*》", "", html_module.unescape(re.sub(r"<[^>]+>", " ", main)))
    return re.findall(r"[\u4e00-\u9fff]+", text)


def test_english_pages_show_no_chinese_outside_originals(built):
    _, site = built
    found = {}
    for path in sorted((site / "en").rglob("index.html")):
        han = chinese_outside_originals(path.read_text(encoding="utf-8"))
        if han:
            found[path.relative_to(site).as_posix()] = han[:5]
    assert found == {}, found


XSS_TEXT = ('<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> '
            '{{ 7*7 }} {% raw %} **bold** <a href="javascript:alert(2)">y</a>')


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Project, Path]:
    project = copy_fixture_project(tmp_path_factory.mktemp("xss") / "project")
    doc = {
        "id": "xss-fixture", "region": "tianjin",
        "title": {"zh": "测试文件" + XSS_TEXT, "en": "Test " + XSS_TEXT},
        "issuer": {"zh": XSS_TEXT, "en": XSS_TEXT}, "doc_number": None,
        "dates": {"issued": None, "published": None},
        "source": {"seed": None, "url": None},
        "provisions": [
            {"id": "1", "label": "一、", "kind": "part", "heading": {"zh": "第一部分 # {#evil}", "en": "Part [x](javascript:alert(3))"}},
            {"id": "1.1", "label": "（一）", "kind": "measure",
             "heading": {"zh": "标题" + XSS_TEXT, "en": "Heading " + XSS_TEXT},
             "text": {"zh": "正文" + XSS_TEXT, "en": "Text " + XSS_TEXT},
             "themes": [{"id": "hukou", "why": XSS_TEXT}], "framework": []},
        ],
    }
    (project.documents / "xss-fixture.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    out = project.root / "site"
    build(project, out=out, search=False)
    return project, out


class _Elements(HTMLParser):
    """Every element and attribute as the browser would parse them."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_markup_in_data_is_literal_text_everywhere(hostile_site):
    _, site = hostile_site
    for path in site.rglob("*.html"):
        parsed = _Elements()
        parsed.feed(path.read_text(encoding="utf-8"))
        for tag, attrs in parsed.elements:
            assert not (tag == "img" and attrs.get("src") == "x"), path
            assert not any(k.startswith("on") for k in attrs), (path, tag, attrs)
            assert not any((v or "").strip().lower().startswith("javascript:") for v in attrs.values()), (path, tag, attrs)
            assert tag != "strong" or "bold" not in str(attrs), path
        assert not any("alert(" in script for script in parsed.scripts), path
        assert "<strong>bold</strong>" not in path.read_text(encoding="utf-8"), path
    doc = page(site, "zh", "documents/xss-fixture")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "{{ 7*7 }}" in doc and "{% raw %}" in doc
    assert 'id="evil"' not in doc
    en = page(site, "en", "documents/xss-fixture")
    assert "Text &lt;script&gt;alert(1)&lt;/script&gt;" in en


def test_markup_in_data_is_literal_in_downloads(hostile_site):
    _, site = hostile_site
    rows = list(csv.DictReader(io.StringIO((site / "data/measures.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["document"] == "xss-fixture")
    assert row["text_en"] == "Text " + XSS_TEXT
    records = json.loads((site / "data/measures.json").read_text(encoding="utf-8"))
    assert next(r for r in records if r["document"] == "xss-fixture")["text_zh"] == "正文" + XSS_TEXT
    # the explorer's rows are data for textContent: the payload stays literal, the link stays ours
    for lang in LANG_ROOTS:
        rows = [row for chunk in (site / LANG_ROOTS[lang] / "explorer").glob("rows-*.json")
                for row in json.loads(chunk.read_text(encoding="utf-8"))["rows"]]
        row = next(row for row in rows if "xss-fixture" in row[6])
        assert XSS_TEXT in row[5] and row[6] == "../documents/xss-fixture/#m-1-1", row


def test_page_weight_report_and_budgets(built, cli):
    project, site = built
    result = cli("weight", "--site", str(site))
    assert result.returncode == 0, result.stderr
    for kind in ("home", "document", "theme", "matrix", "explorer"):
        assert f"| {kind} |" in result.stdout
    from generator.tools.weight import page_weight

    for page in [*site.glob("documents/*/index.html"), *site.glob("en/documents/*/index.html"),
                 *site.glob("themes/*/index.html"), *site.glob("matrices/*/index.html")]:
        w = page_weight(site, page)
        # a document page holds the whole document, so it is as large as the document: the largest (Jilin's and
        # Fangchenggang's, in English) are ~213 KB with each measure's label path (breadcrumbs) and related measures;
        # theme pages and matrices are paged and stay under 200 KB
        limit = 230_000 if page.parent.parent.name == "documents" else 200_000
        assert w["html"][0] < limit, page
        assert w["js"][0] < 200_000, page  # search UI is loaded on demand, not with every page


def test_glossary_page_explains_programme_names_in_both_languages(built):
    project, site = built
    glossary = yaml.safe_load((project.data / "glossary.yaml").read_text(encoding="utf-8"))
    for lang in LANG_ROOTS:
        html = page(site, lang, "glossary")
        assert html.count('<th scope="row" lang="zh-Hans">') == len(glossary)
        row = html[html.index(">三支一扶<"):].split("</tr>")[0]
        assert "Three Supports and One Assistance" in row and "grassroots posts" in row
    assert 'href="../../glossary/"' in page(site, "en", "documents/fangchenggang-talent-flow")  # from the translation note


class _TableOfContents(HTMLParser):
    """The anchors the page's table of contents (Material's secondary nav) links to, in order, with their text."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # nav elements open inside the table of contents (0: outside it)
        self.entries: list[list[str]] = []
        self.skip_link: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and (self.depth or "md-nav--secondary" in (attrs.get("class") or "")):
            self.depth += 1
        elif tag == "a" and "md-skip" in (attrs.get("class") or ""):
            self.skip_link = attrs.get("href")
        elif tag == "a" and self.depth and (attrs.get("href") or "").startswith("#"):
            self.entries.append([attrs["href"][1:], ""])

    def handle_endtag(self, tag):
        if tag == "nav" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.entries:
            self.entries[-1][1] += data


def table_of_contents(html: str) -> _TableOfContents:
    parser = _TableOfContents()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_document_page_lists_its_parts_in_its_table_of_contents(built, lang):
    """Generated pages are HTML that Markdown does not parse: their table of contents comes from the headings
    the site stage lists, and must still name every part and section of the document, in order, and the
    skip link must lead to the page's title."""
    project, site = built
    for path in sorted(project.documents.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        html = page(site, lang, f"documents/{doc['id']}")
        toc = table_of_contents(html)
        parts = ["s-" + p["id"].replace(".", "-") for p in doc["provisions"] if p["kind"] != "measure"]
        listed = [anchor for anchor, _ in toc.entries]
        assert [a for a in listed if a.startswith("s-")] == parts, doc["id"]
        for anchor_id, text in toc.entries:  # each entry is its heading's text, and the heading is there
            heading = re.search(rf'<h[23] id="{anchor_id}">(.*?)</h[23]>', html)
            assert heading and html_module.unescape(heading[1]).strip() == html_module.unescape(text).strip(), (doc["id"], anchor_id)
        assert toc.skip_link == "#title" and '<h1 id="title">' in html, doc["id"]


def test_hand_written_pages_keep_their_markdown_table_of_contents(built):
    _, site = built
    for lang in ("zh", "en"):
        html = page(site, lang, "editing")
        headings = re.findall(r'<h2 id="([^"]+)"', html)
        assert len(headings) >= 2
        assert [a for a, _ in table_of_contents(html).entries if a in headings] == headings


def test_a_hand_written_page_may_link_to_any_anchor_of_a_generated_page(tmp_path):
    """MkDocs validates a hand-written page's links to anchors (--strict fails on a missing one); a generated
    page is not parsed by Markdown, so the engine is given every id on it: a measure's anchor resolves."""
    project = copy_fixture_project(tmp_path / "project")
    doc_path = sorted(project.documents.glob("*.yaml"))[0]
    doc = yaml.safe_load(doc_path.read_text(encoding="utf-8"))
    measure = next(p["id"] for p in doc["provisions"] if p["kind"] == "measure")
    about = project.docs / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n[A measure](documents/{doc['id']}.md#{anchor(measure)})\n",
                     encoding="utf-8")
    build(project, out=tmp_path / "site", search=False)
    assert f'#{anchor(measure)}"' in (tmp_path / "site" / "en" / "about" / "index.html").read_text(encoding="utf-8")
