"""The theme-consistency check: measures that share the text a theme rests on must agree on it (or say
why not in themes_not). Planted inconsistencies are found; the seed data is clean."""

from __future__ import annotations

import yaml

from generator.data.load import load_corpus
from generator.data.model import Corpus, Document, Provision, Text, ThemeRef, Where
from generator.data.themecheck import check_theme_consistency, find_inconsistencies
from generator.errors import ProblemList
from generator.paths import REPO_ROOT, Project

SHARED = "完善异地就医直接结算平台，扩大异地就医直接结算覆盖范围，实现跨省异地就医门诊费用直接结算。"


def _measure(pid, zh, themes=(), themes_not=()):
    return Provision(pid, f"{pid}.", "measure", None, Text(zh), None, [ThemeRef(t, why) for t, why in themes], [], None,
                     int(pid) * 10, 0, None, themes_not=[ThemeRef(t, why) for t, why in themes_not])


def _corpus(*docs):
    corpus = Corpus()
    for doc_id, provisions in docs:
        corpus.documents[doc_id] = Document(doc_id, None, None, None, None, None, None, None, None, None, None, None, [], [],
                                            None, None, False, [], [], None, None, provisions, Where(f"data/documents/{doc_id}.yaml"))
    return corpus


def test_the_same_sentence_tagged_in_one_document_only_is_found():
    corpus = _corpus(("a", [_measure("1", SHARED, [("social-insurance", "under heading 社会保险")])]),
                     ("b", [_measure("1", SHARED + "做好随迁人员服务。")]))
    findings = find_inconsistencies(corpus)
    assert [(f.doc.id, f.provision.id, f.theme, f.other_doc.id) for f in findings] == [("b", "1", "social-insurance", "a")]
    problems = ProblemList()
    check_theme_consistency(corpus, problems)
    [warning] = problems.warnings
    assert warning.code == "W-THEME-SHARED-EVIDENCE"
    assert warning.path == "data/documents/b.yaml" and warning.line == 10
    assert "measure 1" in warning.message and "a 1" in warning.message and "'social-insurance'" in warning.message


def test_identical_texts_must_agree():
    corpus = _corpus(("a", [_measure("1", SHARED, [("social-insurance", None)]), _measure("2", SHARED)]),
                     ("b", [_measure("1", SHARED, [("social-insurance", None)])]))
    assert [(f.doc.id, f.provision.id, f.theme) for f in find_inconsistencies(corpus)] == [("a", "2", "social-insurance")]


def test_a_shared_span_carrying_the_quoted_evidence_is_found_in_otherwise_different_texts():
    evidence = "落实高校毕业生到艰苦边远地区高定工资政策"
    a = "加大对基层一线人员的激励力度，提高乡镇工作补贴标准，" + evidence + "，并完善相关配套制度安排。"
    b = "推进县以下事业单位管理岗位职员等级晋升制度，" + evidence + "，落实艰苦边远地区津贴动态调整机制。"
    corpus = _corpus(("a", [_measure("1", a, [("graduates", f"text: {evidence} (graduates)")])]), ("b", [_measure("1", b)]))
    assert [(f.doc.id, f.theme) for f in find_inconsistencies(corpus)] == [("b", "graduates")]


def test_themes_not_with_a_reason_silences_the_finding_and_short_overlaps_do_not_count():
    corpus = _corpus(("a", [_measure("1", SHARED, [("social-insurance", None)])]),
                     ("b", [_measure("1", SHARED, themes_not=[("social-insurance", "only the settlement platform, not insurance")])]))
    assert find_inconsistencies(corpus) == []
    corpus = _corpus(("a", [_measure("1", "完善异地就医结算。提高待遇水平。", [("social-insurance", None)])]),
                     ("b", [_measure("1", "推进异地就医工作。优化人才服务。")]))
    assert find_inconsistencies(corpus) == []


def test_the_warnings_follow_each_edit_in_one_process():
    """The check keeps its last warnings while nothing it reads changed (the preview checks after every
    save): a theme added, a themes_not, a moved line and a text change each give the fresh answer."""
    def warnings(corpus) -> list[tuple]:
        problems = ProblemList()
        check_theme_consistency(corpus, problems)
        return [(w.path, w.line, w.message) for w in problems.warnings]

    tagged = ("a", [_measure("1", SHARED, [("social-insurance", None)])])
    assert warnings(_corpus(tagged, ("b", [_measure("1", SHARED)]))) == warnings(_corpus(tagged, ("b", [_measure("1", SHARED)])))
    [(path, line, _)] = warnings(_corpus(tagged, ("b", [_measure("1", SHARED)])))
    assert (path, line) == ("data/documents/b.yaml", 10)
    assert warnings(_corpus(tagged, ("b", [_measure("1", SHARED, [("social-insurance", None)])]))) == []
    assert warnings(_corpus(tagged, ("b", [_measure("1", SHARED, themes_not=[("social-insurance", "not insurance")])]))) == []
    assert [w[1] for w in warnings(_corpus(tagged, ("b", [_measure("2", SHARED)])))] == [20]  # its line moved
    assert warnings(_corpus(tagged, ("b", [_measure("1", "推进异地就医工作。优化人才服务。")]))) == []
    assert [w[1] for w in warnings(_corpus(tagged, ("b", [_measure("1", SHARED)])))] == [10]


def test_seed_data_has_no_theme_inconsistencies():
    corpus, _ = load_corpus(Project(REPO_ROOT))
    found = find_inconsistencies(corpus)
    assert found == [], [(f.doc.id, f.provision.id, f.theme) for f in found]


def test_removing_a_recorded_reason_brings_the_warning_back(project_copy, cli):
    for path in sorted(project_copy.documents.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entry = next(((p, t) for p in data["provisions"] for t in p.get("themes_not") or []), None)
        if entry:
            break
    else:
        raise AssertionError("the seed data records no themes_not; this test needs one")
    provision, theme = entry
    provision["themes_not"] = [t for t in provision["themes_not"] if t is not theme] or None
    if provision["themes_not"] is None:
        del provision["themes_not"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = cli("validate", root=project_copy.root)
    text = out.stdout + out.stderr
    assert any(f"{path.name}:" in line and f"measure {provision['id']} " in line and f"'{theme['id']}'" in line
               and "warning" in line for line in text.splitlines()), text[-2000:]
