"""Validation: clear `file:line: error: what — how to fix` messages, every problem in one run."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.analyse.comparisons import measure_rows
from generator.data.validate import resolve_unit, validate

MESSAGE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<what>.+) — (?P<fix>.+) \[(?P<code>[EW]-[A-Z-]+)\]$")


def doc_path(project, doc_id="tianjin-2020-mobility"):
    return project.documents / f"{doc_id}.yaml"


def edit(path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_real_data_is_valid(project_copy):
    corpus, problems = validate(project_copy)
    assert problems.errors == []
    assert set(corpus.documents) == {p.stem for p in project_copy.documents.glob("*.yaml")}


def test_cli_validate_ok(cli, project_copy):
    result = cli("validate", root=project_copy.root)
    assert result.returncode == 0, result.stderr
    # the counts are those of the files, whatever the corpus holds
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in project_copy.documents.glob("*.yaml")]
    measures = sum(1 for d in docs for p in d["provisions"] if p["kind"] == "measure")
    assert result.stdout.startswith(f"ok: {len(docs)} documents, {measures} measures")


def test_every_problem_in_one_run_with_file_line_and_fix(cli, project_copy):
    path = doc_path(project_copy)
    edit(path, "- id: hukou", "- id: hukuo")
    edit(path, "agency: tianjin-hrss", "agency: tianjin-hrsss")
    edit(doc_path(project_copy, "jilin-2020-task-division"), "  kind: measure", "  kind: mesure")
    result = cli("validate", root=project_copy.root)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    problems = [MESSAGE.match(line) for line in lines[:-1]]
    assert all(problems), lines
    whats = [m.group("what") for m in problems]
    assert any("unknown theme 'hukuo'" in w for w in whats)
    assert any("did you mean 'hukou'?" == m.group("fix") for m in problems)
    assert any("unknown agency 'tianjin-hrsss'" in w for w in whats)
    assert any("'mesure' is not an allowed value" in w and m.group("fix") == "did you mean 'measure'?"
               for w, m in zip(whats, problems))
    # the line number points at the offending entry
    hukuo = next(m for m in problems if "hukuo" in m.group("what"))
    assert "hukuo" in path.read_text(encoding="utf-8").splitlines()[int(hukuo.group("line")) - 1]
    assert re.match(r"^\d+ errors?, 0 warnings in 2 files$", lines[-1])


@pytest.mark.parametrize("content,expected", [
    ("id: x\n  bad: [\n", "YAML syntax error"),
    ("id: a\nid: b\n", "duplicate key 'id'"),
    ("id: x\nregion:\n\t- tianjin\n", "YAML syntax error"),
    ("id: !!python/object:os.system x\n", "unsupported YAML tag"),
    ("- just\n- a list\n", "expected object, found list"),
])
def test_broken_yaml_gets_a_clear_message(cli, project_copy, content, expected):
    (project_copy.documents / "broken.yaml").write_text(content, encoding="utf-8")
    result = cli("validate", root=project_copy.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("data/documents/broken.yaml:") and expected in first, first
    assert MESSAGE.match(first), first


def test_invalid_utf8_is_reported(cli, project_copy):
    (project_copy.documents / "latin.yaml").write_bytes("id: caf\u00e9\n".encode("latin-1"))
    result = cli("validate", root=project_copy.root)
    assert result.returncode == 1 and "not valid UTF-8" in result.stderr and "save the file as UTF-8" in result.stderr


def test_unknown_field_suggests_the_right_one(project_copy):
    edit(doc_path(project_copy), "  themes:\n", "  themse:\n")
    _, problems = validate(project_copy)
    message = next(p for p in problems.errors if p.code == "E-SCHEMA-UNKNOWN-FIELD")
    assert "themse" in message.message and message.fix == "did you mean 'themes'?"


def test_unresolved_unit_names_the_alias_to_add(project_copy):
    edit(doc_path(project_copy), "agency: tianjin-hrss", "agency: null")
    _, problems = validate(project_copy)
    p = next(p for p in problems.errors if p.code == "E-UNIT-UNRESOLVED")
    assert "'市人社局'" in p.message and p.fix == "set agency: tianjin-hrss"


def test_a_unit_name_no_alias_knows_is_an_error(project_copy):
    # a typo in the printed name, with the agency filled in by hand: it must not reach the downloads
    edit(doc_path(project_copy), "- name: 市人社局", "- name: 市人设局")
    _, problems = validate(project_copy)
    p = next(p for p in problems.errors if p.code == "E-UNIT-NOT-ALIAS")
    assert "市人设局" in p.message and "tianjin" in p.message
    assert "add '市人设局' to the aliases of 'tianjin-hrss'" in p.fix


def test_alias_resolving_to_another_jurisdiction_is_an_error(project_copy):
    # Tianjin's 市人社局 resolved to Jilin's HRSS department: same kind of agency, wrong jurisdiction
    edit(doc_path(project_copy), "agency: tianjin-hrss", "agency: jilin-hrss")
    _, problems = validate(project_copy)
    p = next(p for p in problems.errors if p.code == "E-UNIT-OTHER-REGION")
    assert "jilin-hrss" in p.message and "tianjin" in p.message


def test_alias_claimed_twice_in_one_jurisdiction(project_copy):
    path = project_copy.data / "agencies.yaml"
    agencies = yaml.safe_load(path.read_text(encoding="utf-8"))
    finance = next(a for a in agencies if a["id"] == "tianjin-finance")
    finance["aliases"].append("市人社局")
    path.write_text(yaml.safe_dump(agencies, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, problems = validate(project_copy)
    assert any(p.code == "E-AGENCY-ALIAS-CLASH" and "市人社局" in p.message for p in problems.errors)


def test_the_same_alias_in_two_jurisdictions_resolves_per_document(project_copy):
    # 市人社局 is Tianjin's bureau in the Tianjin document; give Wenzhou's register the same alias
    path = project_copy.data / "agencies.yaml"
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
  - 市人社局
""", encoding="utf-8")
    corpus, problems = validate(project_copy)
    assert problems.errors == []  # one alias, two jurisdictions: not a conflict
    assert resolve_unit(corpus, corpus.documents["tianjin-2020-mobility"], "市人社局") == "tianjin-hrss"
    assert resolve_unit(corpus, corpus.documents["wenzhou-two-healthy-talent"], "市人社局") == "wenzhou-hrss-test"
    assert resolve_unit(corpus, corpus.documents["jilin-2020-task-division"], "市人社局") is None  # not Jilin's


def test_a_unit_resolved_to_another_jurisdictions_agency_is_an_error(project_copy):
    path = doc_path(project_copy, "tianjin-2020-mobility")
    text = path.read_text(encoding="utf-8")
    assert "agency: tianjin-hrss" in text
    path.write_text(text.replace("agency: tianjin-hrss", "agency: jilin-hrss", 1), encoding="utf-8")
    _, problems = validate(project_copy)
    assert any("resolves to 'jilin-hrss' of jilin, not of this document's region tianjin" in p.message for p in problems.errors)


def test_measure_without_theme_is_an_error(project_copy):
    path = doc_path(project_copy, "liaoning-mobility")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(p for p in doc["provisions"] if p["id"] == "2.5")["themes"] = []
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, problems = validate(project_copy)
    assert any(p.code == "E-MEASURE-NO-THEME" and "2.5" in p.message for p in problems.errors)


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


def test_file_name_must_equal_id_and_ids_are_unique(project_copy):
    src = doc_path(project_copy)
    (project_copy.documents / "tianjin-copy.yaml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    _, problems = validate(project_copy)
    assert any(p.code == "E-ID-DUPLICATE" and "tianjin-copy" in p.path for p in problems.errors)


def test_dates_plausible_and_ordered(project_copy):
    edit(doc_path(project_copy), "published: '2020-08-26'", "published: '2019-08-26'")
    edit(doc_path(project_copy, "jilin-2020-task-division"), "issued: '2020-06-23'", "issued: '2020-02-30'")
    _, problems = validate(project_copy)
    assert problems.codes() >= {"E-DATE-ORDER", "E-DATE-INVALID"}
    assert any(p.code == "E-DATE-INVALID" and "2020-02-30" in p.message for p in problems.errors)


def test_measure_id_must_follow_the_printed_label(project_copy):
    edit(doc_path(project_copy, "liaoning-mobility"), "- id: '2.5'\n  label: (五)", "- id: '2.6'\n  label: (五)")
    _, problems = validate(project_copy)
    assert any(p.code == "E-PROVISION-LABEL" for p in problems.errors)


def test_chinese_left_in_an_english_note_is_an_error(project_copy):
    path = project_copy.data / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    assert "(“先行区”)" in text
    path.write_text(text.replace("(“先行区”)", "(先行区)", 1), encoding="utf-8")
    _, problems = validate(project_copy, check_seeds=False)
    assert any(p.code == "E-EN-CHINESE-LEFT" and "先行区" in p.message and p.path == "data/glossary.yaml"
               for p in problems.errors)
