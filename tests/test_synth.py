"""Synthetic corpora for the benchmark (generator/tools/synth.py): valid, deterministic, scaled exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.data.validate import validate
from generator.errors import GeneratorError
from generator.paths import Project
from generator.tools.synth import synthesize
from generator.tools.synthregions import CITIES, PROVINCES


@pytest.fixture(scope="module")
def seed_corpus():
    corpus, problems = validate(Project())
    assert not problems.errors
    return corpus


@pytest.fixture(scope="module")
def scale3(tmp_path_factory):
    project = synthesize(Project(), tmp_path_factory.mktemp("synth") / "scale3", 3, seed=7)
    corpus, problems = validate(project)
    return project, corpus, problems


def _data_files(project: Project) -> dict[str, bytes]:
    return {p.relative_to(project.root).as_posix(): p.read_bytes()
            for p in sorted(project.data.rglob("*")) if p.is_file()}


def test_region_table_is_consistent():
    ids = [p[0] for p in PROVINCES] + [c[0] for c in CITIES]
    codes = [p[4] for p in PROVINCES] + [c[3] for c in CITIES]
    assert len(PROVINCES) >= 31 and len(CITIES) >= 100
    assert len(ids) == len(set(ids)) and len(codes) == len(set(codes))
    provinces = {p[0]: p[4] for p in PROVINCES}
    for rid, _zh, _en, code, province in CITIES:
        assert province in provinces, rid
        assert code[:2] == provinces[province][:2], f"{rid} {code} is not in {province}"


def test_synthetic_corpus_validates_with_zero_errors(scale3):
    _, _, problems = scale3
    assert [p.format() for p in problems.errors] == []


def test_counts_are_scale_times_the_seed_corpus(scale3, seed_corpus):
    _, corpus, _ = scale3
    assert len(corpus.documents) == 3 * len(seed_corpus.documents)
    assert sum(len(d.measures) for d in corpus.documents.values()) == \
        3 * sum(len(d.measures) for d in seed_corpus.documents.values())


def test_real_documents_are_unchanged(scale3):
    project, _, _ = scale3
    for path in sorted(Project().documents.glob("*.yaml")):
        assert (project.documents / path.name).read_bytes() == path.read_bytes()


def test_synthetic_documents_are_new_regions_without_seed(scale3, seed_corpus):
    _, corpus, _ = scale3
    synthetic = [d for d in corpus.documents.values() if d.id not in seed_corpus.documents]
    assert len(synthetic) == 2 * len(seed_corpus.documents)
    for doc in synthetic:
        assert doc.seed is None
        assert doc.region not in seed_corpus.regions
        assert doc.id.startswith(f"{doc.region}-synth-")
        region = corpus.regions[doc.region]
        assert region.name.zh in doc.title.zh and region.name.en in doc.title.en
        if region.level == "prefecture":
            assert region.parent in corpus.regions and corpus.regions[region.parent].level == "province"


def test_every_synthetic_unit_resolves_to_its_own_region(scale3, seed_corpus):
    _, corpus, _ = scale3
    units = 0
    for doc in corpus.documents.values():
        if doc.id in seed_corpus.documents:
            continue
        for p in doc.provisions:
            for unit in p.responsibility.units if p.responsibility else []:
                units += 1
                agency = corpus.agencies[unit.agency]
                assert agency.jurisdiction == doc.region, (doc.id, p.id, unit.name, agency.id)
                assert unit.name in agency.aliases
                assert agency.id.startswith(doc.region + "-")
    assert units > 0


def test_provisions_keep_their_structure(scale3, seed_corpus):
    """Same provision tree as the template; measure contents are real zh/en pairs of the template."""
    _, corpus, _ = scale3
    templates = {tuple(p.id for p in d.provisions): d for d in seed_corpus.documents.values()}
    for doc in corpus.documents.values():
        if doc.id in seed_corpus.documents:
            continue
        template = templates[tuple(p.id for p in doc.provisions)]
        pairs = {(p.text.zh, p.text.en) for p in template.provisions if p.text}
        for mine, theirs in zip(doc.provisions, template.provisions):
            assert (mine.label, mine.kind) == (theirs.label, theirs.kind)
            if mine.text:
                assert (mine.text.zh, mine.text.en) in pairs


def test_deterministic(tmp_path):
    a = synthesize(Project(), tmp_path / "a", 2, seed=5)
    b = synthesize(Project(), tmp_path / "b", 2, seed=5)
    c = synthesize(Project(), tmp_path / "c", 2, seed=6)
    assert _data_files(a) == _data_files(b)
    assert _data_files(a) != _data_files(c)


def test_scale_one_is_the_real_project(tmp_path):
    project = synthesize(Project(), tmp_path / "one", 1)
    assert _data_files(project) == _data_files(Project())
    _, problems = validate(project)
    assert not problems.errors


def test_refuses_bad_arguments(tmp_path):
    with pytest.raises(GeneratorError):
        synthesize(Project(), tmp_path / "zero", 0)
    with pytest.raises(GeneratorError):
        synthesize(Project(), Path(Project().root), 2)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "keep.txt").write_text("not ours")
    with pytest.raises(GeneratorError):
        synthesize(Project(), occupied, 2)
    assert (occupied / "keep.txt").exists()
