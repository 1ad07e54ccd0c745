"""The load/validate cache (.build/load-cache): `validate` gives the same problems, in the same order,
and the same documents with and without it — after a document edit, a reference-file edit, and with
entries that are corrupt or belong to another file — and an unchanged file is not parsed again."""

from __future__ import annotations

import generator.data.load as load
from generator.data.load_cache import FOLDER
from generator.data.validate import validate
from tests.conftest import copy_fixture_project, counting_yaml_parses


def _run(project, cache: bool):
    corpus, problems = validate(project, cache=cache)
    return [p.format() for p in problems.problems], corpus.documents


def _same_as_clean(project) -> list[str]:
    cached = _run(project, cache=True)
    clean = _run(project, cache=False)
    assert cached[0] == clean[0]
    assert cached[1] == clean[1]
    return clean[0]


def _parses(project) -> list[str]:
    """The data files a cached validate parses (the others come from the cache); data/dataset.yaml is
    small and read uncached, once per run."""
    with counting_yaml_parses(project, load) as parsed:
        cached = _run(project, cache=True)
    assert cached == _run(project, cache=False)
    return [rel for rel in parsed if rel != "data/dataset.yaml"]


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_cached_validate_equals_clean_validate(tmp_path):
    project = copy_fixture_project(tmp_path / "project")
    docs = project.documents
    # files with errors: one that is not YAML, one with an unknown theme (a per-document check)
    (docs / "broken.yaml").write_text("id: broken\nprovisions: [\n", encoding="utf-8")
    _edit(docs / "liaoning-mobility.yaml", "- id: regional-balance", "- id: regional-balanse")

    first = _same_as_clean(project)
    assert any("broken.yaml" in line for line in first) and any("regional-balanse" in line for line in first)
    assert any((project.build / FOLDER).rglob("*.pickle"))
    assert _parses(project) == []  # nothing changed: every file from the cache

    # a document edit: only that file is parsed again, and its new problem is reported
    _edit(docs / "wenzhou-two-healthy-talent.yaml", "- id: talent-evaluation", "- id: talent-evaluatoin")
    assert _parses(project) == ["data/documents/wenzhou-two-healthy-talent.yaml"]
    assert any("talent-evaluatoin" in line for line in _same_as_clean(project))

    # a reference-file edit changes the per-document checks of unchanged documents
    _edit(project.data / "themes.yaml", "- id: regional-balance", "- id: regional-balanse")
    after = _same_as_clean(project)
    assert not any("unknown theme 'regional-balanse'" in line for line in after)

    # the broken file repaired: it loads, and the cache does not keep its old problem
    (docs / "broken.yaml").unlink()
    assert not any("broken.yaml" in line for line in _same_as_clean(project))


def test_corrupt_or_foreign_cache_entries_give_a_clean_load(tmp_path):
    project = copy_fixture_project(tmp_path / "project")
    _edit(project.documents / "liaoning-mobility.yaml", "- id: regional-balance", "- id: regional-balanse")
    _same_as_clean(project)
    entries = sorted((project.build / FOLDER).rglob("*.pickle"))
    assert len(entries) > 2
    # every entry takes another file's place (stale: its stored key is not this file's key)
    contents = [e.read_bytes() for e in entries]
    for entry, content in zip(entries, contents[1:] + contents[:1], strict=True):
        entry.write_bytes(content)
    _same_as_clean(project)
    # truncated and garbage entries
    for i, entry in enumerate(sorted((project.build / FOLDER).rglob("*.pickle"))):
        entry.write_bytes(entry.read_bytes()[: 10] if i % 2 else b"not a pickle")
    _same_as_clean(project)
    # and a cache that is gone
    for entry in (project.build / FOLDER).rglob("*.pickle"):
        entry.unlink()
    assert any("regional-balanse" in line for line in _same_as_clean(project))
