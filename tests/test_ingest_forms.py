"""Ingest on the forms editors receive, each a fixture written for these tests (tests/fixtures/ingest/):
every way of printing who leads, enumerations inside items and articles, a joint notice, a GBK web
page with a rowspan task table and site furniture, a Word file with paragraphs and a table, CRLF and
BOM variants.

Each fixture has a golden YAML (the draft as an editor gets it; refresh with UPDATE_GOLDEN=1 after
checking the diff), behaviour assertions that say what the golden must show, and the seed check
proving that nothing of the seed (for a web page or Word file: of its extracted text) was lost.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from generator.data.load import _load_document
from generator.data.seedcheck import check_seed
from generator.data.yamlio import dump_yaml
from generator.errors import ProblemList
from generator.ingest import ingest_bytes
from generator.paths import REPO_ROOT, Project

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
FORMS = ["roles.txt", "roles-crlf-gb18030.txt", "roles-bom-crlf.txt", "enumerations.txt", "articles.txt",
         "joint-notice.txt", "task-table-gbk.html", "word-task-list.docx"]


def doc_id(name: str) -> str:
    return Path(name).stem


def draft(name: str):
    return ingest_bytes((FIXTURES / name).read_bytes(), f"seeds/{name}", doc_id(name), [])


def by_id(doc: dict) -> dict[str, dict]:
    return {p["id"]: p for p in doc["provisions"]}


def units(p: dict) -> list[tuple[str, str]]:
    return [(u["name"], u["role"]) for u in (p.get("responsibility") or {}).get("units", [])]


@pytest.mark.parametrize("name", FORMS)
def test_golden_yaml(name):
    golden = FIXTURES / f"{doc_id(name)}.yaml"
    document = draft(name).document
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(dump_yaml(document, schema="../../../data/schema/document.schema.json"), encoding="utf-8")
    assert yaml.safe_load(golden.read_text(encoding="utf-8")) == document


@pytest.fixture
def seed_project(tmp_path) -> Project:
    root = tmp_path / "project"
    (root / "data" / "documents").mkdir(parents=True)
    (root / "seeds").mkdir()
    shutil.copytree(REPO_ROOT / "data" / "schema", root / "data" / "schema")
    return Project(root)


def _checked(project: Project, name: str, edit=None) -> list[str]:
    shutil.copyfile(FIXTURES / name, project.seeds / name)
    document = draft(name).document
    if edit:
        edit(document)
    path = project.documents / f"{doc_id(name)}.yaml"
    path.write_text(dump_yaml(document), encoding="utf-8")
    doc, _, load_problems = _load_document(path, project)
    assert doc is not None, [p.format() for p in load_problems]
    problems = ProblemList()
    check_seed(doc, project, problems)
    return [p.format() for p in problems.problems]


@pytest.mark.parametrize("name", FORMS)
def test_seed_check_proves_nothing_lost(seed_project, name):
    assert _checked(seed_project, name) == []


@pytest.mark.parametrize("name,where", [("task-table-gbk.html", "2.1"), ("word-task-list.docx", "2.1.2"),
                                        ("enumerations.txt", "1.1")])
def test_seed_check_finds_a_lost_character(seed_project, name, where):
    def drop_last_character(document):
        p = by_id(document)[where]
        p["text"]["zh"] = p["text"]["zh"][:-1]

    problems = _checked(seed_project, name, drop_last_character)
    assert problems and "no longer matches seed" in problems[0] and f"{where} text" in problems[0]


def test_every_role_form():
    doc = by_id(draft("roles.txt").document)
    lead_support = [("市公安局", "lead"), ("市人社局", "supporting"), ("市住建局", "supporting")]
    assert units(doc["1.1"]) == lead_support  # 牵头单位：…；配合单位：… on its own line
    assert units(doc["1.2"]) == [("市人社局", "lead"), ("市大数据局", "supporting")]  # ":" and "，"
    assert units(doc["1.3"]) == [("市住建局", "lead"), ("市财政局", "supporting")]  # on the task's line
    assert doc["1.3"]["text"]["zh"] == "完善人才公寓保障。"
    assert units(doc["1.4"]) == [("市人社局", "lead"), ("市教育局", "supporting"), ("市科技局", "supporting")]
    assert units(doc["1.5"]) == [("市人社局", "lead"), ("市政务服务局", "responsible")]
    assert units(doc["2.6"]) == [("市财政局", "lead"), ("市人社局", "responsible")]  # 责任单位：X（牵头）、Y
    assert units(doc["2.7"]) == [("市委人才办", "responsible")]  # X负责
    assert units(doc["2.8"]) == [("市人社局", "responsible"), ("市财政局", "responsible")]  # 按职责分工负责
    assert units(doc["2.9"]) == [("市科技局", "lead"), ("市财政局", "supporting")]  # X负责，Y配合
    assert "responsibility" not in doc["2.10"]  # states no one: none invented
    for p in doc.values():  # the statement never stays in the measure text
        assert "牵头" not in (p.get("text") or {}).get("zh", "") and "配合" not in (p.get("text") or {}).get("zh", "")


@pytest.mark.parametrize("variant", ["roles-crlf-gb18030.txt", "roles-bom-crlf.txt"])
def test_crlf_and_bom_variants_read_the_same(variant):
    plain, other = draft("roles.txt").document, draft(variant).document
    assert other["source"]["encoding"] in ("gb18030", "utf-8-sig")
    assert other["provisions"] == plain["provisions"] and other["title"] == plain["title"]


def test_enumerations_stay_inside_their_item():
    doc = draft("enumerations.txt").document
    measures = [p for p in doc["provisions"] if p["kind"] == "measure"]
    assert [p["id"] for p in measures] == ["1.1", "1.2", "1.3.1", "1.3.2"]  # a list of measures stays one
    first = by_id(doc)["1.1"]
    assert first["text"]["zh"].split("\n") == ["完善评价标准。具体包括：", "1.建立分类评价体系；", "2.推行代表作评价制度；",
                                               "3.突出品德评价。", "各区要结合实际细化标准。"]
    assert units(first)[0] == ("市人社局", "lead")  # the whole item's responsibility, not the last sub-item's
    assert units(by_id(doc)["1.2"]) == [("市人社局", "lead"), ("市工信局", "supporting")]


def test_an_article_keeps_its_conditions_and_closing_sentence():
    doc = draft("articles.txt").document
    article = by_id(doc)["1.2"]
    assert article["label"] == "第二条" and article["kind"] == "measure"
    assert article["text"]["zh"].endswith("（三）近五年内取得突出业绩。\n符合前款条件的，按程序申请认定。")
    assert doc["dates"]["effective"] == "2021-05-01"


def test_joint_notice_metadata():
    doc = draft("joint-notice.txt").document
    assert [i["zh"] for i in doc["issuers"]] == ["某某市人力资源和社会保障局", "某某市财政局", "某某市科学技术局"]
    assert doc["issuer"]["zh"] == "某某市人力资源和社会保障局"  # the first signer leads
    assert doc["title"]["zh"] == "某某市促进人才柔性流动若干措施"
    assert doc["doc_number"] == "某人社发〔2021〕12号"
    assert doc["dates"] == {"issued": "2021-06-08", "published": None, "adopted": "2021-05-20", "effective": "2021-07-01"}
    assert doc["adopted_by"]["zh"] == "某某市人民政府第12次常务会议"
    roles = {f["role"]: f["text"]["zh"] for f in doc["front"]}
    assert roles["red_header"] == "某某市人力资源和社会保障局文件"
    assert roles["print_line"].endswith("2021年6月8日印发")
    assert roles["notice_title"].startswith("关于印发")
    assert all(c["title"] != doc["title"]["zh"] for c in doc["cites"])  # never cites itself
    assert "印发" not in by_id(doc)["3"]["text"]["zh"]  # the 印发 line is not glued to the last measure
    assert units(by_id(doc)["1"]) == [("市人社局", "lead"), ("市科技局", "supporting")]


def test_web_page_task_table():
    result = draft("task-table-gbk.html")
    doc = result.document
    assert doc["source"]["encoding"] == "gb2312"
    chrome = {c["reason"] for c in doc["chrome"]}
    assert {"site navigation", "breadcrumb", "document information table", "share bar", "site footer",
            "table column header"} <= chrome
    body = dump_yaml({"preamble": doc["preamble"], "provisions": doc["provisions"]})
    for furniture in ("首页", "索引号", "分享到", "版权所有", "ICP", "_hmt", "console", "color"):
        assert furniture not in body
    assert "_hmt" not in result.text and ".nav" not in result.text  # scripts and styles are not text
    p = by_id(doc)
    assert p["1"]["kind"] == "part" and p["1"]["heading"]["zh"] == "畅通人才流动渠道"
    assert [x for x in p if x.startswith("2.")] == ["2.1", "2.2", "2.3"]  # rowspan groups three rows
    assert p["1.1"]["text"]["zh"] == "破除户籍限制，\n放宽落户条件。"  # <br> kept as a line break
    assert units(p["1.1"]) == [("市公安局", "lead"), ("市人社局", "supporting"), ("市住建局", "supporting")]
    assert p["1.1"]["deadline"] == {"zh": "2021年12月底前", "en": None}
    # merged cells: printed once, shared by the rows below
    assert units(p["2.2"]) == [("市人社局", "lead"), ("市科技局", "supporting")]
    assert p["2.2"]["responsibility"]["printed_with"] == "2.1"
    assert p["2.3"]["deadline"] == {"zh": "长期坚持", "en": None, "printed_with": "2.1"}
    assert doc["dates"]["issued"] == "2021-03-01"  # 成文日期 of the site's info table
    assert any(f["role"] == "print_line" for f in doc["front"])


def test_word_file_paragraphs_and_table():
    doc = draft("word-task-list.docx").document
    assert doc["source"]["encoding"] == "docx"
    p = by_id(doc)
    assert p["2"]["heading"]["zh"] == "重点任务" and p["2"]["kind"] == "part"  # the table's tasks are its items
    assert p["2.1"]["heading"]["zh"] == "优化人才服务"  # a merged task cell groups two rows
    assert [x for x in p if x.startswith("2.1.")] == ["2.1.1", "2.1.2"]
    assert units(p["2.1.1"]) == [("县人社局", "lead"), ("县政务服务中心", "responsible")]
    assert p["2.2.3"]["deadline"]["zh"] == "每年"
    assert doc["doc_number"] == "某人社发〔2021〕8号" and doc["dates"]["issued"] == "2021-04-02"
    assert doc["preamble"] is None  # the red header is front matter, not preamble


def test_web_page_with_numbered_text_in_a_layout_table():
    """The other common web form: the document as paragraphs and <br> lines inside a layout table,
    UTF-8 declared with <meta charset>, furniture named by class and id."""
    page = ("<html><head><meta charset='utf-8'></head><body><table><tr><td class='top'>网站首页</td></tr><tr><td>"
            "<h2>某市人才流动若干措施</h2><p>为促进人才流动，制定本措施。</p>"
            "<p>一、放宽落户条件。（市公安局牵头，市人社局配合）</p><p>二、优化服务。<br>（一）建立服务窗口；<br>（二）推行一卡通。</p>"
            f"<p>{'各单位要认真落实本措施。' * 20}</p></td></tr></table><div id='footer'>版权所有</div></body></html>")
    result = ingest_bytes(page.encode("utf-8"), "seeds/x.html", "x", [])
    doc = result.document
    assert doc["title"]["zh"] == "某市人才流动若干措施" and doc["source"]["encoding"] == "utf-8"
    assert [(c["reason"], c["text"]) for c in doc["chrome"]] == [("site navigation", "网站首页"), ("site footer", "版权所有")]
    p = by_id(doc)
    assert units(p["1"]) == [("市公安局", "lead"), ("市人社局", "supporting")]
    assert p["2.1"]["text"]["zh"] == "建立服务窗口；"  # <br> separates numbered lines
