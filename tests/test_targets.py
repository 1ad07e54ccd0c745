"""The targets extractor over fixture sentences (every kind, qualifier and role; Arabic and Chinese
numerals, ranges, 万/亿), the editors' overrides, and the targets download against its codebook."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from generator.data.model import Document, Provision, Text, Where
from generator.data.targetextract import extract
from generator.data.targetmodel import KINDS, PERIODS, QUALIFIERS, ROLES, UNITS
from generator.data.targetoverrides import apply_overrides


def _targets(zh: str, kind: str = "measure", overrides: list | None = None):
    p = Provision("1", "一、", kind, None, Text(zh), None, [], [], None, 1, 0, None, targets=overrides or [])
    doc = Document("d", None, None, None, None, None, None, None, None, None, None, None, [], [], None, None, False,
                   [], [], None, None, [p], Where("d.yaml"))
    return apply_overrides(doc, p, extract(doc, p))


def _one(zh: str, span: str):
    found = [t for t in _targets(zh) if t.span == span]
    assert len(found) == 1, [(t.span, t.kind) for t in _targets(zh)]
    return found[0]


def _nums(t):
    return [v if isinstance(v, str) else float(v) for v in t.values]


@pytest.mark.parametrize("zh, span, kind, values, unit, qualifier, period, role", [
    # shares, with qualifiers before, after and around a "…的" phrase; a range
    ("确保企业职工占比不低于总数的65%。", "不低于总数的65%", "share", [65], "percent", "at-least", None, "commitment"),
    ("高技能人才占技能人才比例达到30%以上。", "达到30%以上", "share", [30], "percent", "at-least", None, "commitment"),
    ("按照3%-5%比例适当增加岗位数量。", "3%-5%", "share", [3, 5], "percent", "exactly", None, "commitment"),
    ("按总数最高15%的比例确定优秀等级。", "最高15%", "share", [15], "percent", "at-most", None, "commitment"),
    ("支出不超过工资薪金总额8%的部分,准予扣除。", "8%", "share", [8], "percent", "exactly", None, "threshold"),
    # counts: 万 scaling, a range, a Chinese numeral, about, per year, a bare population size
    ("每年培养高技能人才2.4万人。", "2.4万人", "count", [24000], "person", "exactly", "per-year", "commitment"),
    ("每年开展培训10-15期。", "10-15期", "count", [10, 15], "session", "exactly", "per-year", "commitment"),
    ("每年培养技能人才两千人。", "两千人", "count", [2000], "person", "exactly", "per-year", "commitment"),
    ("每次评选10人左右。", "10人左右", "count", [10], "person", "about", "per-occasion", "commitment"),
    ("培训专业技术人员500人次以上。", "500人次以上", "count", [500], "person-time", "at-least", None, "commitment"),
    ("全面取消城区常住人口300万以下的城市落户限制。", "300万以下", "count", [3_000_000], "person", "at-most", None, "threshold"),
    ("放宽城区常住人口300万至500万的大城市落户条件。", "300万至500万", "count", [3_000_000, 5_000_000], "person", "exactly", None,
     "threshold"),
    ("安排专项资金1.5亿元。", "1.5亿元", "money", [150_000_000], "yuan", "exactly", None, "commitment"),
    ("力争建设成为我省10所全国一流的技师学院之一。", "10所", "count", [10], "institution", "exactly", None, "threshold"),
    ("支持排名前10所的高校开展试点。", "10所", "count", [10], "institution", "exactly", None, "threshold"),
    # money: cap per year, a 万 range, per month
    ("每人每年的补贴标准最高不超过6000元。", "最高不超过6000元", "money", [6000], "yuan", "at-most", "per-year", "commitment"),
    ("市级比赛补助2-5万元。", "2-5万元", "money", [20000, 50000], "yuan", "exactly", None, "commitment"),
    ("给予技师每月500元的岗位津贴。", "500元", "money", [500], "yuan", "exactly", "per-month", "commitment"),
    # durations: conditions (a minimum, an age, a relaxed requirement) and a benefit period
    ("从具有2 年以上企业工作经历的人员中招聘。", "2 年以上", "duration", [2], "year", "at-least", None, "condition"),
    ("援派期1年及以上的专业技术人才可申报职称。", "1年及以上", "duration", [1], "year", "at-least", None, "condition"),
    ("满16岁的职业院校学生可参加工伤保险。", "满16岁", "duration", [16], "year-of-age", "at-least", None, "condition"),
    ("申领条件由参加失业保险3年以上放宽至参保1年以上。", "3年以上", "duration", [3], "year", "at-least", None, "condition"),
    ("工作满三年后可以提拔使用。", "满三年", "duration", [3], "year", "at-least", None, "condition"),
    ("补贴期限不超过2年。", "不超过2年", "duration", [2], "year", "at-most", None, "commitment"),
    # deadlines as a year, with 到 and 末, or before a verb of completion
    ("到2022年末,争取新建实训基地10家。", "到2022年末", "deadline", [2022], "year", "at-most", None, "commitment"),
    ("2019年完成新校区搬迁。", "2019年", "deadline", [2019], "year", "at-most", None, "commitment"),
    # time limits: working days, within years, the same day
    ("在5个工作日内办结。", "5个工作日内", "time-limit", [5], "working-day", "at-most", None, "commitment"),
    ("3年内毕业生留温率达40%。", "3年内", "time-limit", [3], "year", "at-most", None, "commitment"),
    ("涉及其他单位职能的,须当日转接。", "当日", "time-limit", [0], "day", "exactly", None, "commitment"),
    # frequencies, Chinese and Arabic
    ("每年组织开展一次评选活动。", "每年组织开展一次", "frequency", [1], "time", "exactly", "per-year", "commitment"),
    ("每季度召开2次联席会议。", "每季度召开2次", "frequency", [2], "time", "exactly", "per-quarter", "commitment"),
    # an application window is a condition, not a deadline
    ("2019年1月1日至2020年12月31日,放宽申领条件。", "2019年1月1日至2020年12月31日", "window", ["2019-01-01", "2020-12-31"],
     "date", "exactly", None, "condition"),
])
def test_extracts_every_kind_qualifier_and_role(zh, span, kind, values, unit, qualifier, period, role):
    t = _one(zh, span)
    assert (t.kind, _nums(t), t.unit, t.qualifier, t.period, t.role) == (kind, values, unit, qualifier, period, role)
    assert zh[t.start:t.start + len(t.span)] == t.span  # the exact source span
    assert t.english  # every field has English


def test_both_conditions_of_a_relaxation_and_the_second_cap_in_a_sentence():
    relaxed = _targets("申领条件由参加失业保险3年以上放宽至参保1年以上。")
    assert [(t.span, t.role) for t in relaxed] == [("3年以上", "condition"), ("1年以上", "condition")]
    caps = _targets("省级一类、二类比赛补助分别不超过10万、8万元。")
    assert [(t.span, _nums(t), t.qualifier, t.kind) for t in caps] == [
        ("不超过10万", [100000], "at-most", "money"), ("8万元", [80000], "at-most", "money")]
    listed = _targets("分别给予不少于100万元、20万元的资助经费。")
    assert [(t.span, t.qualifier) for t in listed] == [("不少于100万元", "at-least"), ("20万元", "at-least")]


def test_lead_ins_of_sections_are_read_like_measures():
    lead_in = "为加强人才培养,确保达到“3年内在温高校毕业生留温率达40%、温籍高校毕业生回温率达60%”的目标,提出如下举措:"
    spans = [(t.kind, t.span) for t in _targets(lead_in, kind="section")]
    assert spans == [("time-limit", "3年内"), ("share", "达40%"), ("share", "达60%")]


@pytest.mark.parametrize("zh", [
    "按照“最多跑一次”要求办理。",  # a slogan, not a frequency
    "提出如下十大举措。",  # a name
    "给予一次性奖励。",  # one-off, not once
    "实施《天津市乡村振兴战略规划(2018-2022年)》。",  # a cited title
    "根据(温委发〔2018〕57号)文件要求。",  # a document number
    "相当于一级及以下规模基层医疗机构。",
])
def test_names_titles_and_slogans_are_not_targets(zh):
    assert _targets(zh) == []


def test_english_value_keeps_qualifier_unit_and_period():
    assert _one("培训专业技术人员500人次以上。", "500人次以上").english == "at least 500 person-times"
    assert _one("每年培养高技能人才2.4万人。", "2.4万人").english == "24,000 people a year"
    assert _one("每人每年的补贴标准最高不超过6000元。", "最高不超过6000元").english == "at most 6,000 yuan a year"
    assert _one("涉及的,须当日转接。", "当日").english == "the same day"
    assert _one("到2022年末,新建10家。", "到2022年末").english == "by 2022 (end of year)"


def test_overrides_correct_drop_and_add():
    zh = "力争建设成为我省10所全国一流的技师学院之一,每年培训500人次。"
    overrides = [
        {"span": "500人次", "role": "commitment", "subject": {"zh": "培训", "en": "training places"}},
        {"span": "10所", "drop": True},
        {"span": "每年培训500人次", "kind": "frequency", "values": [500], "unit": "person-time"},
    ]
    found = _targets(zh, overrides=overrides)
    assert [t.span for t in found] == ["每年培训500人次", "500人次"]
    corrected = found[1]
    assert corrected.overridden and corrected.subject.en == "training places"
    assert found[0].kind == "frequency" and _nums(found[0]) == [500]


def _write_override(project, doc_id: str, provision_id: str, override: dict) -> None:
    path = project.documents / f"{doc_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for p in data["provisions"]:
        if p["id"] == provision_id:
            p["targets"] = [override]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_validate_reports_an_override_whose_span_left_the_text(project_copy, cli):
    doc = next(project_copy.documents.glob("*.yaml"))
    data = yaml.safe_load(doc.read_text(encoding="utf-8"))
    measure = next(p for p in data["provisions"] if p["kind"] == "measure")
    _write_override(project_copy, data["id"], measure["id"], {"span": "并不在原文中的片段", "drop": True})
    result = cli("validate", root=project_copy.root)
    assert result.returncode != 0
    assert f"{doc.name}:" in result.stdout + result.stderr
    assert "target override span '并不在原文中的片段' is not in the Chinese text" in result.stdout + result.stderr


def test_targets_download_validates_against_its_codebook(built):
    from generator.site.codebook import CODEBOOK

    _, site = built
    records = json.loads((site / "data/targets.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((site / "data/targets.csv").read_text(encoding="utf-8-sig"))))
    columns = [f for f, _, _ in CODEBOOK["targets"]]
    assert records and len(rows) == len(records) and list(records[0]) == columns
    measures = {(m["document"], m["label_path"]) for m in json.loads((site / "data/measures.json").read_text(encoding="utf-8"))}
    for r in records:
        assert r["kind"] in KINDS and r["role"] in ROLES and r["qualifier"] in QUALIFIERS and r["unit"] in UNITS
        assert r["period"] in ("", *PERIODS)
        if r["unit"] == "date":
            assert all(len(str(v)) == 10 for v in (r["value"], r["value_to"]) if v != "")
        else:
            assert isinstance(r["value"], (int, float))  # numbers in JSON, not text
            assert r["value_to"] == "" or isinstance(r["value_to"], (int, float))
        assert r["span"] in r["sentence_zh"] and r["value_en"] and r["url_en"].startswith("/en/documents/")
        assert (r["document"], r["label_path"]) in measures or r["url_zh"].split("#")[1].startswith("s-")


def test_validate_asks_for_the_english_subject_of_a_target(tmp_path, project_copy, cli):
    """A target without an English subject is a warning naming the provision and the span."""
    path = next(p for p in sorted(project_copy.documents.glob("*.yaml")) if "targets:" in p.read_text(encoding="utf-8"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    provision = next(p for p in data["provisions"] if p.get("targets"))
    span = provision["targets"][0]["span"]
    del provision["targets"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = cli("validate", root=project_copy.root)
    assert f"provision {provision['id']}: target '{span}' has no English subject" in out.stdout + out.stderr
