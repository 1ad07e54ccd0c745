"""Nothing lost: every character of each seed is in exactly one place; a changed seed is reported."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.data.load import load_corpus
from generator.data.seedcheck import body_pieces, check_seed
from generator.errors import ProblemList
from generator.ingest import squeeze
from generator.ingest.lines import split_lines


@pytest.fixture
def corpus(project_copy):
    corpus, problems = load_corpus(project_copy)
    assert problems.errors == []
    return corpus


def test_every_seed_character_lands_in_exactly_one_place(corpus, project_copy):
    for doc in corpus.documents.values():
        seed_text = (project_copy.root / doc.seed).read_text(encoding="utf-8")
        pieces = [c.text for c in doc.chrome] + [f.text.zh for f in doc.front] + [text for _, text in body_pieces(doc)]
        # same characters, same multiplicity: nothing dropped, nothing counted twice
        assert Counter(squeeze("".join(pieces))) == Counter(squeeze(seed_text)), doc.id
        problems = ProblemList()
        check_seed(doc, project_copy, problems)
        assert problems.errors == [], [p.format() for p in problems.errors]


def test_chrome_is_an_explicit_list_at_its_lines(corpus, project_copy):
    doc = corpus.documents["tianjin-2020-mobility"]
    lines = {line.number: line.text for line in split_lines((project_copy.root / doc.seed).read_text(encoding="utf-8"))}
    assert [c.text for c in doc.chrome if c.reason == "related-links block"] == ["相关资讯"]
    for c in doc.chrome:
        assert lines[c.line] == c.text


def test_a_seed_edited_after_ingest_is_reported_with_the_drifted_provision(corpus, project_copy):
    seed = project_copy.seeds / "liaoning-mobility.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("统筹推进普通劳动者落户和人才落户", "统筹推进人才落户"), encoding="utf-8")
    problems = ProblemList()
    check_seed(corpus.documents["liaoning-mobility"], project_copy, problems)
    assert len(problems.errors) == 1
    message = problems.errors[0].format()
    assert "no longer matches seed seeds/liaoning-mobility.txt" in message and "2.5 text" in message
    assert "ingest --merge" in message
    assert problems.errors[0].line == corpus.documents["liaoning-mobility"].provision("2.5").line  # points at it


def test_a_yaml_edit_to_the_chinese_is_caught(corpus, project_copy):
    doc = corpus.documents["jilin-2020-task-division"]
    doc.provision("1.1.3").text.zh = "研究人工智能对就业影响的应对办法"
    problems = ProblemList()
    check_seed(doc, project_copy, problems)
    assert problems.errors and problems.errors[0].code == "E-SEED-DRIFT" and "1.1.3 text" in problems.errors[0].message


def test_missing_seed_is_reported(corpus, project_copy):
    (project_copy.seeds / "wenzhou-two-healthy-talent.txt").unlink()
    problems = ProblemList()
    check_seed(corpus.documents["wenzhou-two-healthy-talent"], project_copy, problems)
    assert problems.errors[0].code == "E-SEED-MISSING"
    assert "seeds/wenzhou-two-healthy-talent.txt" in problems.errors[0].message
