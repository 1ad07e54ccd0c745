"""Ingest on small documents written for the tests: each numbering scheme, responsibility form,
encoding and kind of bad input."""

from __future__ import annotations

import pytest

from generator.errors import IngestError
from generator.ingest import ingest_bytes, ingest_text
from generator.ingest.lines import chinese_number, match_label
from generator.ingest.responsibility import trailing_responsibility, unit_line


def draft(text: str, doc_id: str = "test-doc") -> dict:
    return ingest_text(text, "seeds/test-doc.txt", doc_id, []).document


def ids(doc: dict) -> list[tuple[str, str]]:
    return [(p["id"], p["kind"]) for p in doc["provisions"]]


@pytest.mark.parametrize("label,scheme,value", [
    ("一、", "cn-comma", 1), ("十二、", "cn-comma", 12), ("（三）", "cn-paren", 3), ("(三)", "cn-paren", 3),
    ("（十八）", "cn-paren", 18), ("1.", "arabic-dot", 1), ("１．", "arabic-dot", 1), ("44.", "arabic-dot", 44),
    ("3、", "arabic-dot", 3), ("（2）", "arabic-paren", 2), ("(2)", "arabic-paren", 2), ("②", "circled", 2),
    ("第三章", "chapter", 3), ("第二十一条", "article", 21),
])
def test_labels(label, scheme, value):
    parsed = match_label(label + "内容。")
    assert parsed is not None and (parsed.scheme, parsed.value) == (scheme, value)
    assert parsed.printed == label


@pytest.mark.parametrize("text", ["2019年完成。", "2.4万人", "（此件主动公开）", "一是加强", "100%完成"])
def test_not_labels(text):
    assert match_label(text) is None


def test_chinese_numbers():
    assert [chinese_number(x) for x in ("一", "十", "十八", "二十三", "一百零五", "7")] == [1, 10, 18, 23, 105, 7]


def test_nested_schemes_in_document_order():
    doc = draft("某市实施办法\n一、总体安排\n（一）第一项\n1.甲事项。\n（1）细则一。\n（2）细则二。\n2.乙事项。\n（二）第二项\n① 子项。\n二、其他\n（一）再一项。\n")
    assert ids(doc) == [
        ("1", "part"), ("1.1", "group"), ("1.1.1", "group"), ("1.1.1.1", "measure"), ("1.1.1.2", "measure"),
        ("1.1.2", "measure"), ("1.2", "group"), ("1.2.1", "measure"), ("2", "part"), ("2.1", "measure"),
    ]


def test_work_requirements_outside_the_measure_numbering_are_organisational():
    doc = draft("方案\n一、主要任务\n（一）甲方面\n1.做甲事。（责任单位：市人社局）\n2.做乙事。（责任单位：市财政局）\n"
                "二、工作要求\n（一）加强组织领导。各县要高度重视。\n（二）强化宣传引导。各县要广泛宣传。\n")
    kinds = {p["id"]: p["kind"] for p in doc["provisions"]}
    assert kinds["1.1.1"] == kinds["1.1.2"] == "measure"
    assert kinds["2.1"] == kinds["2.2"] == "organisational"


def test_chapters_and_articles():
    doc = draft("某某条例\n第一章 总则\n第一条 为了规范管理，制定本条例。\n第二条 本条例适用于本市。\n第二章 附则\n第三条 本条例自公布之日起施行。\n")
    assert [p["id"] for p in doc["provisions"]] == ["1", "1.1", "1.2", "2", "2.3"]
    assert doc["provisions"][1]["text"]["zh"] == "为了规范管理，制定本条例。"


def test_numbering_straight_through_keeps_printed_values():
    doc = draft("方案\n一、甲\n（一）子甲\n1.事一。\n2.事二。\n（二）子乙\n3.事三。\n二、乙\n（三）子丙\n4.事四。\n")
    assert [p["id"] for p in doc["provisions"] if p["kind"] == "measure"] == ["1.1.1", "1.1.2", "1.2.3", "2.3.4"]


def test_full_and_half_width_and_crlf_mixed():
    text = "方案\r\n一、第一部分\r\n（一）甲项。内容甲，包括说明。\r\n(二)乙项。内容乙，包括说明。\r\n１．不计入\r\n"
    doc = draft(text)
    labels = [p["label"] for p in doc["provisions"]]
    assert labels == ["一、", "（一）", "(二)", "１．"]


def test_heading_from_lead_sentence_when_level_uses_it():
    doc = draft("措施\n（一）加强领导。各部门要统一思想，落实责任。\n（二）完善制度。建立工作机制，定期评估。\n")
    first = doc["provisions"][0]
    assert first["heading"]["zh"] == "加强领导。" and first["text"]["zh"] == "各部门要统一思想，落实责任。"


def test_no_heading_when_level_does_not_use_lead_sentences():
    doc = draft("措施\n1.落实招聘制度，规范招聘行为。\n2.完善服务体系，提高服务水平。\n")
    assert all("heading" not in p for p in doc["provisions"])


@pytest.mark.parametrize("text,label,units,roles,note", [
    ("做好工作。（责任单位：市人社局、市财政局）", "责任单位", ["市人社局", "市财政局"], ["responsible"] * 2, None),
    ("做好工作。(责任科室:人力资源开发科、就业促进科,市就业服务中心)", "责任科室", ["人力资源开发科", "就业促进科", "市就业服务中心"], ["responsible"] * 3, None),
    ("做好工作。(责任处室、单位:人才处、各县(市、区)人社局)", "责任处室、单位", ["人才处", "各县(市、区)人社局"], ["responsible"] * 2, None),
    ("做好工作。（市人社局、市教委等部门按职责分工）", None, ["市人社局", "市教委"], ["responsible"] * 2, "等部门按职责分工"),
    ("做好工作。（市教委）", None, ["市教委"], ["responsible"], None),
    ("做好工作。（牵头单位：市发展改革委；配合单位：市财政局、市人社局）", None, ["市发展改革委", "市财政局", "市人社局"], ["lead", "supporting", "supporting"], None),
    ("做好工作。（市人社局牵头，市财政局配合）", None, ["市人社局", "市财政局"], ["lead", "supporting"], None),
])
def test_trailing_responsibility_forms(text, label, units, roles, note):
    found = trailing_responsibility(text)
    assert found is not None
    body, resp = found
    assert body == "做好工作。"
    assert resp.label == (label or "")
    assert [u.name for u in resp.units] == units and [u.role for u in resp.units] == roles
    assert (resp.note or None) == note
    assert text.endswith(resp.printed)


@pytest.mark.parametrize("text", ["实施计划（2018-2022年）", "规定（试行）", "做好工作。", "开展活动（含线上）"])
def test_parentheses_that_are_not_responsibility(text):
    assert trailing_responsibility(text) is None


def test_unit_line_with_ordering_note():
    resp = unit_line("省发改委、省科技厅、省人社厅（按职责分工负责，排序不分先后，下同）")
    assert [u.name for u in resp.units] == ["省发改委", "省科技厅", "省人社厅"]
    assert resp.says_unordered_from_here


def test_table_layout_with_unit_lines_and_ordering_note():
    text = ("任务分工方案\n序号\n项目\n任务内容\n责任单位\n一、第一部分\n（一）\n促进就业\n创造机会\n"
            "1.做好第一件事。\n省人社厅、省财政厅（排序不分先后，下同）\n2.做好第二件事\n省教育厅\n（二）\n加强领导\n"
            "各地要抓好落实。\n各地人民政府\n")
    doc = draft(text)
    by_id = {p["id"]: p for p in doc["provisions"]}
    assert by_id["1.1"]["heading"]["zh"] == "促进就业创造机会"
    assert [u["name"] for u in by_id["1.1.1"]["responsibility"]["units"]] == ["省人社厅", "省财政厅"]
    assert by_id["1.1.2"]["text"]["zh"] == "做好第二件事"
    assert by_id["1.2"]["kind"] == "measure" and by_id["1.2"]["heading"]["zh"] == "加强领导"
    assert doc["unordered_units_from"] == "1.1.1"
    assert [c["reason"] for c in doc["chrome"]] == ["table column header"] * 4


def test_front_matter_metadata_and_references():
    text = ("粤人社〔2021〕5号\n各市人力资源社会保障局：\n现将《某某办法》印发给你们，请遵照执行。\n某省人力资源和社会保障厅\n"
            "2021年3月5日\n某省促进人才流动办法\n为贯彻落实《关于某事的意见》（国办发〔2019〕9号）精神，制定本办法。\n"
            "一、总则\n（一）目的。依据《某某管理条例》制定。\n（二）范围。适用于全省。\n首页 > 政策\n")
    doc = draft(text)
    assert doc["doc_number"] == "粤人社〔2021〕5号"
    assert doc["issuer"]["zh"] == "某省人力资源和社会保障厅"
    assert doc["dates"]["issued"] == "2021-03-05"
    assert doc["title"]["zh"] == "某省促进人才流动办法"
    assert doc["implements"] == [{"title": "关于某事的意见", "number": "国办发〔2019〕9号"}]
    assert {"title": "某某管理条例", "number": None} in doc["cites"]
    assert doc["chrome"][-1]["text"] == "首页 > 政策"
    assert doc["region"] is None  # no known region named: left for the editor


def test_a_reference_printed_twice_with_different_spacing_is_one_citation():
    # web copies mix spaces and no-break spaces inside titles (Wenzhou's 中共温州市委\u00a0 温州市人民政府)
    text = ("某市实施方案\n为贯彻落实《中共某市委 某市人民政府关于人才的意见》（某委发〔2018〕57号）精神，制定本方案。\n"
            "一、总体要求\n（一）加强领导。按照《中共某市委\u00a0 某市人民政府关于人才的意见》要求，落实责任。\n"
            "（二）完善机制。依据《某某管理条例》和《某某管理条例》建立制度。\n")
    doc = draft(text)
    assert [r["title"] for r in doc["implements"]] == ["中共某市委 某市人民政府关于人才的意见"]  # the first spelling
    assert [r["title"] for r in doc["cites"]] == ["某某管理条例"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings(encoding):
    text = "某市方案\r\n一、总体要求\r\n（一）加强领导。各单位要落实责任，确保完成。\r\n（二）完善机制。建立制度，定期评估。\r\n"
    result = ingest_bytes(text.encode(encoding), "seeds/x.txt", "x", [])
    assert [p["id"] for p in result.document["provisions"]] == ["1", "1.1", "1.2"]
    assert result.document["provisions"][1]["heading"]["zh"] == "加强领导。"


@pytest.mark.parametrize("raw,message", [
    (b"", "the file is empty"),
    (b"   \n\n", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (bytes(range(0x80, 0x100)) * 4, "encoding could not be detected"),
    ("只是一段没有编号的文字，没有任何条目。".encode(), "no numbered provisions"),
    (b"plain ascii text without chinese", "no Chinese text"),
])
def test_bad_input_gives_one_clear_error(raw, message):
    with pytest.raises(IngestError) as info:
        ingest_bytes(raw, "seeds/bad.txt", "bad", [])
    assert message in str(info.value)
    assert str(info.value).startswith("seeds/bad.txt")


def test_bad_document_id():
    with pytest.raises(IngestError, match="not a valid document id"):
        ingest_text("一、甲\n（一）乙。\n", "seeds/Bad Name.txt", "Bad Name", [])
