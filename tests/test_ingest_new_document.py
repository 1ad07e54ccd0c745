"""`make new-document SEED=seeds/x.html` (and .docx) end to end, in a throw-away copy of the project:
draft → the editor's work (region, agencies, themes, English — done here by a fill step with a
hand-written translation of the fixture) → validate clean → a built page in both languages that
shows the measures, their lead and supporting units and their deadlines."""

from __future__ import annotations

import json
import re
import shutil
from html import escape
from pathlib import Path

import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

# The editor's English for every Chinese text of the two fixtures (faithful, glossary terms as listed).
ENGLISH = {
    "某某市推进人才流动重点任务分工方案": "Division of key tasks for promoting talent mobility in Mou City",
    "为贯彻落实《某某省促进人才合理流动的若干意见》，结合我市实际，制定本分工方案。":
        "This division of tasks is drawn up to implement the Several Opinions of Mou Province on Promoting the "
        "Rational Flow of Talent, in the light of the city's circumstances.",
    "某某省促进人才合理流动的若干意见": "Several Opinions of Mou Province on Promoting the Rational Flow of Talent",
    "某某市人民政府办公室 2021年3月1日印发": "Issued by the General Office of the Mou City People's Government on 1 March 2021",
    "某某市人民政府办公室": "General Office of the Mou City People's Government",
    "畅通人才流动渠道": "Open up channels for talent mobility",
    "破除户籍限制，\n放宽落户条件。": "Remove household registration restrictions,\nand relax the conditions to obtain local household registration.",
    "2021年12月底前": "by the end of December 2021",
    "建立人才流动服务平台。": "Set up a service platform for talent mobility.",
    "2022年6月底前": "by the end of June 2022",
    "完善人才评价机制": "Improve the talent evaluation system",
    "推行职称评审社会化。": "Open professional title evaluation to society.",
    "长期坚持": "ongoing",
    "建立以业绩为导向的评价标准。": "Set evaluation standards oriented to performance.",
    "开展技能人才自主评价试点。": "Pilot independent evaluation of skilled workers by employers.",
    "某某县人才服务提升行动任务清单": "Task list of the Mou County action to improve talent services",
    "某某县人力资源和社会保障局": "Mou County Human Resources and Social Security Bureau",
    "某某县人力资源和社会保障局文件": "Document of the Mou County Human Resources and Social Security Bureau",
    "某人社发〔2021〕8号": "Mou Ren She Fa [2021] No. 8",
    "关于印发《某某县人才服务提升行动任务清单》的通知":
        "Notice on issuing the Task list of the Mou County action to improve talent services",
    "各乡镇人民政府，县直各单位：": "To the people's governments of all townships and all county units:",
    "现将《某某县人才服务提升行动任务清单》印发给你们，请认真贯彻执行。":
        "The Task list of the Mou County action to improve talent services is issued to you; please implement it conscientiously.",
    "2021年4月2日": "2 April 2021",
    "某某县人力资源和社会保障局办公室 2021年4月2日印发":
        "Issued by the Office of the Mou County Human Resources and Social Security Bureau on 2 April 2021",
    "总体要求": "General requirements",
    "工作目标。到2023年，全县人才服务体系基本健全。":
        "Goal. By 2023 the county's talent service system is essentially complete.",
    "重点任务": "Key tasks",
    "优化人才服务": "Improve talent services",
    "设立人才服务窗口。": "Set up talent service counters.",
    "2021年6月底前": "by the end of June 2021",
    "推行人才服务“一卡通”。": "Introduce a single “all-in-one card” for talent services.",
    "加强人才激励": "Strengthen incentives for talent",
    "落实人才津贴制度。": "Implement the talent allowance system.",
    "每年": "every year",
}


def _fill_english(node, untranslated: list[str]) -> None:
    if isinstance(node, dict):
        if "zh" in node and "en" in node and node["zh"]:
            if node["zh"] in ENGLISH:
                node["en"] = ENGLISH[node["zh"]]
            else:
                untranslated.append(node["zh"])
        for key, value in node.items():
            if key != "chrome":
                _fill_english(value, untranslated)
    elif isinstance(node, list):
        for item in node:
            _fill_english(item, untranslated)


def _fill(project, doc_id: str) -> dict:
    """What an editor does after new-document: region, agencies (new ones registered), themes, English."""
    path = project.documents / f"{doc_id}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    agencies_path = project.data / "agencies.yaml"
    agencies = yaml.safe_load(agencies_path.read_text(encoding="utf-8"))
    doc["region"] = "tianjin"
    known = {alias: a["id"] for a in agencies if a["jurisdiction"] == "tianjin" for alias in a.get("aliases") or []}
    added = []
    for p in doc["provisions"]:
        for unit in (p.get("responsibility") or {}).get("units", []):
            if unit["name"] not in known:
                agency_id = f"tianjin-demo-{len(added) + 1}"
                known[unit["name"]] = agency_id
                added.append({"id": agency_id, "name": {"zh": unit["name"], "en": f"Demo agency {len(added) + 1}"},
                              "jurisdiction": "tianjin", "function": "hrss", "kind": "agency", "parent": None,
                              "aliases": [unit["name"]]})
            unit["agency"] = known[unit["name"]]
        if p["kind"] == "measure":
            p["themes"] = [{"id": "employment-first", "why": "test fill"}]
    untranslated: list[str] = []
    _fill_english(doc, untranslated)
    for ref in (doc.get("implements") or []) + (doc.get("cites") or []):  # cited titles need English too
        if ref.get("title"):
            ref["en"] = ENGLISH.get(ref["title"]) or untranslated.append(ref["title"])
    assert not untranslated, f"the fixture has text the fill step does not translate: {untranslated}"
    doc["translation"] = {"source": "editorial", "reviewed": False}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with agencies_path.open("a", encoding="utf-8") as f:
        f.write(yaml.safe_dump(added, allow_unicode=True, sort_keys=False))
    return doc


@pytest.mark.parametrize("fixture,doc_id", [("task-table-gbk.html", "demo-tasks"), ("word-task-list.docx", "demo-word")])
def test_new_document_to_built_pages_in_both_languages(cli, fixture_copy, fixture, doc_id):
    from generator.build import build

    seed = fixture_copy.seeds / f"{doc_id}{Path(fixture).suffix}"
    shutil.copyfile(FIXTURES / fixture, seed)
    drafted = cli("new-document", f"seeds/{seed.name}", root=fixture_copy.root)
    assert drafted.returncode == 0, drafted.stderr
    doc = _fill(fixture_copy, doc_id)
    validate = cli("validate", root=fixture_copy.root)
    assert validate.returncode == 0, validate.stderr
    out = fixture_copy.root / "site"
    build(fixture_copy, out=out, search=False)
    measures = [p for p in doc["provisions"] if p["kind"] == "measure"]
    for lang, root in (("zh", out), ("en", out / "en")):
        html = (root / "documents" / doc_id / "index.html").read_text(encoding="utf-8")
        for p in measures:
            assert f'id="m-{p["id"].replace(".", "-")}"' in html
            for part in p["text"][lang].split("\n"):  # each line of the text, as a paragraph
                assert f"<p>{escape(part)}</p>" in html
            if p.get("deadline"):
                assert escape(p["deadline"][lang]) in html
        assert re.search(r'class="role">\((牵头|lead)\)', html)  # lead units marked on the measure
        matrix = (root / "matrices" / doc_id / "index.html").read_text(encoding="utf-8")
        assert "◆" in matrix  # who leads, in the document's responsibility matrix
    records = [r for r in json.loads((out / "data" / "measures.json").read_text(encoding="utf-8")) if r["document"] == doc_id]
    assert len(records) == len(measures)
    assert any(r["lead_agencies"] for r in records)  # the downloads carry the roles and the deadlines
    assert all(r["deadline_zh"] == (p.get("deadline") or {}).get("zh", "") for r, p in zip(records, measures))
    if fixture.endswith(".html"):
        assert any(r["supporting_agencies"] for r in records)
