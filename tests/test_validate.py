"""Validation: clear `file:line: error: what — how to fix` messages, every problem in one run.

The behaviour is tested on the fixture project (tests/fixtures/project: its own documents, agencies and
aliases, so editing the corpus cannot change these tests); the tests that state facts about the committed
corpus are data checks on a copy of it."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.analyse.comparisons import measure_rows
from generator.data.validate import resolve_unit, validate

MESSAGE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<what>.+) — (?P<fix>.+) \[(?P<code>[EW]-[A-Z-]+)\]$")


def doc_path(project, doc_id="jilin-2020-task-division"):
    return project.documents / f"{doc_id}.yaml"


def edit(path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.mark.data
def test_real_data_is_valid(project_copy):
    corpus, problems = validate(project_copy)
    assert problems.errors == []
    assert set(corpus.documents) == {p.stem for p in project_copy.documents.glob("*.yaml")}


def test_cli_validate_ok(cli, fixture_copy):
    result = cli("validate", root=fixture_copy.root)
    assert result.returncode == 0, result.stderr
    # the counts are those of the files, whatever the corpus holds
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in fixture_copy.documents.glob("*.yaml")]
    measures = sum(1 for d in docs for p in d["provisions"] if p["kind"] == "measure")
    assert result.stdout.startswith(f"ok: {len(docs)} documents, {measures} measures")


def test_every_problem_in_one_run_with_file_line_and_fix(cli, fixture_copy):
    path = doc_path(fixture_copy, "wenzhou-two-healthy-talent")
    edit(path, "- id: skills-training", "- id: skills-trainign")
    edit(path, "agency: wenzhou-hrss-vocational-capacity", "agency: wenzhou-hrss-vocational-capacty")
    edit(doc_path(fixture_copy), "  kind: measure", "  kind: mesure")
    result = cli("validate", root=fixture_copy.root)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    problems = [MESSAGE.match(line) for line in lines[:-1]]
    assert all(problems), lines
    whats = [m.group("what") for m in problems]
    assert any("unknown theme 'skills-trainign'" in w for w in whats)
    assert any("did you mean 'skills-training'?" == m.group("fix") for m in problems)
    assert any("unknown agency 'wenzhou-hrss-vocational-capacty'" in w for w in whats)
    assert any("'mesure' is not an allowed value" in w and m.group("fix") == "did you mean 'measure'?"
               for w, m in zip(whats, problems))
    # the line number points at the offending entry
    typo = next(m for m in problems if "skills-trainign" in m.group("what"))
    assert "skills-trainign" in path.read_text(encoding="utf-8").splitlines()[int(typo.group("line")) - 1]
    assert re.match(r"^\d+ errors?, 0 warnings in 2 files$", lines[-1])


@pytest.mark.parametrize("content,expected", [
    ("id: x\n  bad: [\n", "YAML syntax error"),
    ("id: a\nid: b\n", "duplicate key 'id'"),
    ("id: x\nregion:\n\t- tianjin\n", "YAML syntax error"),
    ("id: !!python/object:os.system x\n", "unsupported YAML tag"),
    ("- just\n- a list\n", "expected object, found list"),
])
def test_broken_yaml_gets_a_clear_message(cli, fixture_copy, content, expected):
    (fixture_copy.documents / "broken.yaml").write_text(content, encoding="utf-8")
    result = cli("validate", root=fixture_copy.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("data/documents/broken.yaml:") and expected in first, first
    assert MESSAGE.match(first), first


def test_invalid_utf8_is_reported(cli, fixture_copy):
    (fixture_copy.documents / "latin.yaml").write_bytes("id: caf\u00e9\n".encode("latin-1"))
    result = cli("validate", root=fixture_copy.root)
    assert result.returncode == 1 and "not valid UTF-8" in result.stderr and "save the file as UTF-8" in result.stderr


def test_unknown_field_suggests_the_right_one(fixture_copy):
    edit(doc_path(fixture_copy), "  themes:\n", "  themse:\n")
    _, problems = validate(fixture_copy)
    message = next(p for p in problems.errors if p.code == "E-SCHEMA-UNKNOWN-FIELD")
    assert "themse" in message.message and message.fix == "did you mean 'themes'?"


def test_unresolved_unit_names_the_alias_to_add(fixture_copy):
    edit(doc_path(fixture_copy), "agency: jilin-hrss", "agency: null")
    _, problems = validate(fixture_copy)
    p = next(p for p in problems.errors if p.code == "E-UNIT-UNRESOLVED")
    assert "'省人社厅'" in p.message and p.fix == "set agency: jilin-hrss"


def test_a_unit_name_no_alias_knows_is_an_error(fixture_copy):
    # a typo in the printed name, with the agency filled in by hand: it must not reach the downloads
    edit(doc_path(fixture_copy), "- name: 省人社厅", "- name: 省人设厅")
    _, problems = validate(fixture_copy)
    p = next(p for p in problems.errors if p.code == "E-UNIT-NOT-ALIAS")
    assert "省人设厅" in p.message and "jilin" in p.message
    assert "add '省人设厅' to the aliases of 'jilin-hrss'" in p.fix


def test_alias_resolving_to_another_jurisdiction_is_an_error(fixture_copy):
    # Jilin's 省人社厅 resolved to Wenzhou's HRSS bureau: same kind of agency, wrong jurisdiction
    edit(doc_path(fixture_copy), "agency: jilin-hrss", "agency: wenzhou-hrss")
    _, problems = validate(fixture_copy)
    p = next(p for p in problems.errors if p.code == "E-UNIT-OTHER-REGION")
    assert "wenzhou-hrss" in p.message and "jilin" in p.message
    assert "resolves to 'wenzhou-hrss' of wenzhou, not of this document's region jilin" in p.message


def test_alias_claimed_twice_in_one_jurisdiction(fixture_copy):
    path = fixture_copy.data / "agencies.yaml"
    agencies = yaml.safe_load(path.read_text(encoding="utf-8"))
    commerce = next(a for a in agencies if a["id"] == "jilin-commerce")
    commerce["aliases"].append("省人社厅")
    path.write_text(yaml.safe_dump(agencies, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, problems = validate(fixture_copy)
    assert any(p.code == "E-AGENCY-ALIAS-CLASH" and "省人社厅" in p.message for p in problems.errors)


def test_the_same_alias_in_two_jurisdictions_resolves_per_document(fixture_copy):
    # 省人社厅 is Jilin's department in the Jilin document; give Wenzhou's register the same alias
    path = fixture_copy.data / "agencies.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + """- id: wenzhou-hrss-test
  name:
    zh: 温州市人力资源和社会保障局（测试）
    en: Wenzhou HRSS Bureau (test)
  jurisdiction: wenzhou
  function: hrss
  kind: agency
  parent: null
  aliases:
  - 省人社厅
""", encoding="utf-8")
    corpus, problems = validate(fixture_copy)
    assert problems.errors == []  # one alias, two jurisdictions: not a conflict
    assert resolve_unit(corpus, corpus.documents["jilin-2020-task-division"], "省人社厅") == "jilin-hrss"
    assert resolve_unit(corpus, corpus.documents["wenzhou-two-healthy-talent"], "省人社厅") == "wenzhou-hrss-test"
    assert resolve_unit(corpus, corpus.documents["liaoning-mobility"], "省人社厅") is None  # not Liaoning's


def test_measure_without_theme_is_an_error(fixture_copy):
    path = doc_path(fixture_copy, "wenzhou-two-healthy-talent")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(p for p in doc["provisions"] if p["id"] == "2.5")["themes"] = []
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, problems = validate(fixture_copy)
    assert any(p.code == "E-MEASURE-NO-THEME" and "2.5" in p.message for p in problems.errors)


@pytest.mark.data
def test_collective_subjects_are_not_one_agency(project_copy):
    corpus, _ = validate(project_copy)
    collective = {a.id for a in corpus.agencies.values() if a.kind == "collective"}
    jilin = corpus.documents["jilin-2020-task-division"]
    unit = next(u for u in jilin.provision("5.14").responsibility.units if u.name == "各地人民政府")
    assert unit.agency in collective
    member_units = next(u for u in jilin.provision("5.14").responsibility.units if u.name == "省就业工作领导小组成员单位")
    assert corpus.agencies[member_units.agency].kind in ("collective", "coordination")
    wenzhou = corpus.documents["wenzhou-two-healthy-talent"]
    assert corpus.agencies[wenzhou.provision("1.10").responsibility.units[0].agency].kind == "collective"
    # and counts never take a collective subject for one agency
    from generator.tools.stats import document_stats

    stats = document_stats(corpus, jilin)
    printed = {u.agency for p in jilin.measures for u in (p.responsibility.units if p.responsibility else [])}
    assert stats.collective_subjects == len(printed & collective) == 2
    assert stats.distinct_agencies == len(printed - collective)


@pytest.mark.data
def test_no_jilin_task_after_xiatong_gets_a_lead(project_copy):
    corpus, _ = validate(project_copy)
    jilin = corpus.documents["jilin-2020-task-division"]
    assert jilin.unordered_units_from == "1.1.1"
    assert all(p.responsibility.unordered for p in jilin.measures)
    rows = [row for row in measure_rows(corpus) if row.doc.id == jilin.id]
    assert len(rows) == len(jilin.measures) and all(row.lead_agencies == [] for row in rows)
    # even if an editor marks a role "lead", 下同 keeps the order meaningless
    first = jilin.provision("2.4.1").responsibility.units[0]
    first.role = "lead"
    assert all(row.lead_agencies == [] for row in measure_rows(corpus) if row.doc.id == jilin.id)


def test_file_name_must_equal_id_and_ids_are_unique(fixture_copy):
    src = doc_path(fixture_copy)
    (fixture_copy.documents / "jilin-copy.yaml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    _, problems = validate(fixture_copy)
    assert any(p.code == "E-ID-DUPLICATE" and "jilin-copy" in p.path for p in problems.errors)


def test_dates_plausible_and_ordered(fixture_copy):
    edit(doc_path(fixture_copy, "liaoning-mobility"), "  issued: null\n  published: null",
         "  issued: '2020-08-26'\n  published: '2019-08-26'")  # published before it was issued
    edit(doc_path(fixture_copy), "issued: '2020-06-23'", "issued: '2020-02-30'")
    _, problems = validate(fixture_copy)
    assert problems.codes() >= {"E-DATE-ORDER", "E-DATE-INVALID"}
    assert any(p.code == "E-DATE-INVALID" and "2020-02-30" in p.message for p in problems.errors)


def test_measure_id_must_follow_the_printed_label(fixture_copy):
    edit(doc_path(fixture_copy, "wenzhou-two-healthy-talent"), "- id: '2.5'\n  label: 五、", "- id: '2.6'\n  label: 五、")
    _, problems = validate(fixture_copy)
    assert any(p.code == "E-PROVISION-LABEL" for p in problems.errors)


def test_chinese_left_in_an_english_note_is_an_error(fixture_copy):
    path = fixture_copy.data / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    assert "(“先行区”)" in text
    path.write_text(text.replace("(“先行区”)", "(先行区)", 1), encoding="utf-8")
    _, problems = validate(fixture_copy, check_seeds=False)
    assert any(p.code == "E-EN-CHINESE-LEFT" and "先行区" in p.message and p.path == "data/glossary.yaml"
               for p in problems.errors)
