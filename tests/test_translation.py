"""Translation checks: missing English, Chinese left in English, quantities, glossary consistency."""

from __future__ import annotations

import pytest

from generator.data.model import GlossaryTerm, Text, Where
from generator.data.translation import chinese_left_in_english, glossary_mismatches, missing_quantities


@pytest.mark.parametrize("zh,en", [
    ("每年培养高技能人才2.4万人", "train 24,000 highly skilled workers a year"),
    ("按照3%-5%比例", "at a proportion of 3–5%"),
    ("补助2-5万元", "a subsidy of RMB 20,000–50,000"),
    ("不少于100万元", "no less than RMB 1 million"),
    ("2019年1月1日至2020年12月31日", "from 1 January 2019 to 31 December 2020"),
    ("开展一次评选", "hold one selection"),  # 一次 is not a quantity
    ("（一）加强领导", "(1) Strengthen leadership"),  # labels are not quantities
    ("城区常住人口300万以下", "urban resident population below 3 million"),
    ("满16岁的学生", "students aged 16 or over"),
    # a month name answers the month, leaving the bare 1 for 参保1年
    ("2019年1月1日起，由参保3年以上放宽至参保1年以上", "from 1 January 2019, from 3 years or more to 1 year or more"),
])
def test_quantities_present(zh, en):
    assert missing_quantities(zh, en) == []


@pytest.mark.parametrize("zh,en,missing", [
    ("每年培养高技能人才2.4万人", "train many highly skilled workers a year", ["2.4万"]),
    ("确保企业职工占比不低于总数的65%", "ensure workers make up no less than 60% of the total", ["65"]),
    ("补助2-5万元", "a subsidy of RMB 20,000", ["2-5万"]),
    ("2020年6月23日", "23 July 2020", ["6"]),
    ("培训10万人次", "hold 10 training sessions", ["10万"]),  # 10万 is 100,000, not a bare 10
    ("补助2万元", "a subsidy of RMB 2 per person", ["2万"]),
    ("工作满3年、聘用3个月", "after 3 years of service and a contract", ["3"]),  # one 3 cannot answer for two
])
def test_quantities_missing(zh, en, missing):
    assert missing_quantities(zh, en) == missing


def test_chinese_left_in_english_allows_quoted_names():
    assert chinese_left_in_english('the "海河英才" programme') == ""
    assert chinese_left_in_english("implement the 人才 policy") == "人才"


def glossary(*terms):
    return [GlossaryTerm(zh, en, accept, None, Where("data/glossary.yaml", 1), exclude) for zh, en, accept, exclude in terms]


def test_glossary_consistency():
    terms = glossary(("人事档案", "personnel files", [], []), ("高级工", "senior worker", [], ["高级工程师"]))
    ok = Text("完善人事档案服务", "improve services for personnel files")
    bad = Text("完善人事档案服务", "improve services for HR dossiers")
    assert glossary_mismatches(ok, terms) == []
    assert [t.zh for t in glossary_mismatches(bad, terms)] == ["人事档案"]
    # a longer word that merely contains the term is excluded
    assert glossary_mismatches(Text("可评审认定为高级工程师", "may be recognised as senior engineers"), terms) == []


def test_real_data_passes_every_translation_check(project_copy):
    from generator.data.validate import validate

    corpus, problems = validate(project_copy)
    translation_problems = [p for p in problems.errors if "English" in p.message or "glossary" in p.message or "quantities" in p.message]
    assert translation_problems == []
    for doc in corpus.documents.values():
        # reviewed: false is valid (a new document waits for its second editor); the pages say so
        assert doc.translation_source == "editorial"
        for p in doc.measures:
            assert p.text.en and p.text.en_source == "editorial" and p.text.en_reviewed == doc.translation_reviewed


def test_stats_counts_every_missing_english_that_validate_reports(cli, project_copy):
    path = project_copy.documents / "tianjin-2020-mobility.yaml"
    text = path.read_text(encoding="utf-8")
    # drop the English of an implemented document's title: Chinese would show on the English page
    implements_en = next(line for line in text.splitlines() if line.startswith("  en: Opinions on Promoting"))
    path.write_text(text.replace(implements_en + "\n", "", 1), encoding="utf-8")
    result = cli("stats", root=project_copy.root)
    assert result.returncode == 0
    total = next(line for line in result.stdout.splitlines() if line.startswith("total"))
    checked = cli("validate", root=project_copy.root)
    reported = [line for line in checked.stderr.splitlines() if ": no English" in line]
    assert any(line.startswith("data/documents/tianjin-2020-mobility.yaml:") and "implements[0] title: no English" in line
               for line in reported), checked.stderr
    assert int(total.split()[-1]) == len(reported)
    assert "names without English: 0" in result.stdout
