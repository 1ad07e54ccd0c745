"""Golden tests: the five seeds ingest into the structure the documents actually have."""

from __future__ import annotations

import re

import pytest

from generator.ingest import ingest_bytes
from generator.paths import REPO_ROOT

from .expected import DOCUMENTS

REGIONS = [
    {"id": "tianjin", "name": {"zh": "天津市"}, "level": "province", "aliases": ["天津"]},
    {"id": "liaoning", "name": {"zh": "辽宁省"}, "level": "province", "aliases": ["辽宁"]},
    {"id": "jilin", "name": {"zh": "吉林省"}, "level": "province", "aliases": ["吉林"]},
    {"id": "zhejiang", "name": {"zh": "浙江省"}, "level": "province", "aliases": ["浙江"]},
    {"id": "wenzhou", "name": {"zh": "温州市"}, "level": "prefecture", "aliases": ["温州"]},
    {"id": "guangxi", "name": {"zh": "广西壮族自治区"}, "level": "province", "aliases": ["广西"]},
    {"id": "fangchenggang", "name": {"zh": "防城港市"}, "level": "prefecture", "aliases": ["防城港"]},
]
EXPECTED_MEASURES = {doc_id: measures for doc_id, (_, measures, _) in DOCUMENTS.items()}  # the one table


def ingest(doc_id: str) -> dict:
    path = REPO_ROOT / "seeds" / f"{doc_id}.txt"
    return ingest_bytes(path.read_bytes(), f"seeds/{doc_id}.txt", doc_id, REGIONS).document


@pytest.fixture(scope="module")
def drafts() -> dict[str, dict]:
    return {doc_id: ingest(doc_id) for doc_id in EXPECTED_MEASURES}


def measures(doc: dict) -> list[dict]:
    return [p for p in doc["provisions"] if p["kind"] == "measure"]


@pytest.mark.parametrize("doc_id,count", EXPECTED_MEASURES.items())
def test_measure_counts(drafts, doc_id, count):
    assert len(measures(drafts[doc_id])) == count


def test_all_144_measures_have_text(drafts):
    all_measures = [m for d in drafts.values() for m in measures(d)]
    assert len(all_measures) == sum(EXPECTED_MEASURES.values())
    assert all(m.get("text", {}).get("zh") for m in all_measures)


@pytest.mark.parametrize("doc_id,with_duty", [
    ("tianjin-2020-mobility", 13), ("liaoning-mobility", 0), ("fangchenggang-talent-flow", 44),
    ("jilin-2020-task-division", 46), ("wenzhou-two-healthy-talent", 19),
])
def test_printed_responsibility_is_split(drafts, doc_id, with_duty):
    found = [m for m in measures(drafts[doc_id]) if m.get("responsibility")]
    assert len(found) == with_duty
    for m in found:
        names = [u["name"] for u in m["responsibility"]["units"]]
        outside_brackets = [re.sub(r"[(（][^)）]*[)）]", "", n).replace("局相关处室、单位", "collective") for n in names]
        assert names and all(n and "、" not in n for n in outside_brackets)


def test_tianjin_structure_and_metadata(drafts):
    doc = drafts["tianjin-2020-mobility"]
    assert doc["region"] == "tianjin"
    assert doc["title"]["zh"] == "天津市关于促进劳动力和人才社会性流动体制机制改革的若干措施"
    assert doc["issuer"]["zh"] == "市就业工作领导小组"
    assert doc["issuer_note"]["zh"] == "市人社局代章"
    assert doc["dates"] == {"issued": "2020-07-30", "published": "2020-08-26"}
    assert doc["source"]["publisher"]["zh"] == "天津市人力资源和社会保障局"
    assert doc["implements"] == [{"title": "关于促进劳动力和人才社会性流动体制机制改革的意见", "number": "厅字〔2019〕56号"}]
    first = next(p for p in doc["provisions"] if p["id"] == "1.1")
    assert first["label"] == "(一)" and first["heading"]["zh"] == "实施就业优先政策创造流动机会。"
    units = [u["name"] for u in first["responsibility"]["units"]]
    assert units[0] == "市人社局" and units[-1] == "市金融局" and len(units) == 8
    assert first["responsibility"]["note"] == "等部门按职责分工"
    single = next(p for p in doc["provisions"] if p["id"] == "4.2")
    assert [u["name"] for u in single["responsibility"]["units"]] == ["市教委"]
    reasons = {c["reason"] for c in doc["chrome"]}
    assert {"breadcrumb", "related-links block", "source and date line"} <= reasons


def test_liaoning_leaves_unknown_metadata_empty(drafts):
    doc = drafts["liaoning-mobility"]
    assert doc["title"] is None and doc["issuer"] is None and doc["doc_number"] is None
    assert doc["dates"] == {"issued": None, "published": None}
    ids = [p["id"] for p in measures(doc)]
    assert ids[0] == "1.1" and ids[-1] == "4.18"  # (一)–(十八) run straight through across parts


def test_fangchenggang_numbering_runs_through_and_org_provisions_kept(drafts):
    doc = drafts["fangchenggang-talent-flow"]
    ids = [p["id"] for p in measures(doc)]
    assert ids[0] == "2.1.1" and ids[-1] == "2.16.44"
    kinds = {p["id"]: p["kind"] for p in doc["provisions"]}
    assert kinds["1"] == "general" and kinds["3.1"] == kinds["3.2"] == kinds["3.3"] == "organisational"
    item35 = next(p for p in doc["provisions"] if p["id"] == "2.12.35")
    assert item35["responsibility"]["label"] is None  # printed without 责任科室
    assert [u["name"] for u in item35["responsibility"]["units"]] == ["市就业服务中心", "事业单位人事管理和工资福利待遇科", "就业促进科"]
    assert doc["issuer"]["zh"] == "防城港市人力资源和社会保障局"
    assert [c["text"] for c in doc["chrome"]][-1].startswith("桂公网安备")


def test_jilin_table_layout(drafts):
    doc = drafts["jilin-2020-task-division"]
    assert doc["doc_number"] == "吉就组〔2020〕1号"
    assert doc["dates"]["issued"] == "2020-06-23"
    assert doc["unordered_units_from"] == "1.1.1"
    group = next(p for p in doc["provisions"] if p["id"] == "2.4")
    assert group["heading"]["zh"] == "以户籍制度和公共服务牵引区域流动"  # joined from two table lines
    task = next(p for p in doc["provisions"] if p["id"] == "1.1.3")
    assert task["text"]["zh"] == "研究机器人、人工智能等技术对就业影响的应对办法"
    assert [u["name"] for u in task["responsibility"]["units"]] == ["省人社厅"]
    leaf = next(p for p in doc["provisions"] if p["id"] == "5.14")
    assert leaf["kind"] == "measure" and leaf["heading"]["zh"] == "加强组织领导"
    assert [u["name"] for u in leaf["responsibility"]["units"]] == ["省就业工作领导小组成员单位", "各地人民政府"]
    assert all(u["role"] == "responsible" for m in measures(doc) for u in m["responsibility"]["units"])
    assert [c["text"] for c in doc["chrome"]] == ["序号", "项目", "任务内容", "责任单位"]


def test_wenzhou_two_unnumbered_sets(drafts):
    doc = drafts["wenzhou-two-healthy-talent"]
    sections = [p for p in doc["provisions"] if p["kind"] == "section"]
    assert [s["id"] for s in sections] == ["1", "2"]
    assert sections[0]["heading"]["zh"] == "助力“两个健康”先行区建设加强青年基础人才集聚十大举措"
    assert sections[1]["text"]["zh"].startswith("根据《中共温州市委")
    m = next(p for p in doc["provisions"] if p["id"] == "1.10")
    assert [u["name"] for u in m["responsibility"]["units"]] == ["局相关处室、单位"]
    assert next(p for p in doc["provisions"] if p["id"] == "2.10").get("responsibility") is None
    assert next(p for p in doc["provisions"] if p["id"] == "2.8")["heading"]["zh"] == "健全“双高”人才选拔、评价方式。"
