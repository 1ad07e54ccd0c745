"""The benchmark's edit probe works on any corpus: it changes the English of one measure (found through
the loaded corpus, not a hard-coded phrase), and the edited document still validates and shows the edit."""

from __future__ import annotations

from generator.data.validate import validate
from generator.tools.bench_edit import MARKER, probe_edit
from tests.conftest import copy_fixture_project


def test_probe_edits_one_measures_english_in_any_corpus(tmp_path):
    project = copy_fixture_project(tmp_path / "project")
    found = probe_edit(project)
    assert found is not None
    path, original, edited = found
    assert path.read_text(encoding="utf-8") == original  # the probe only proposes the edit
    changed = [(a, b) for a, b in zip(original.splitlines(), edited.splitlines(), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].strip().startswith(f"en: {MARKER} ")

    path.write_text(edited, encoding="utf-8")
    corpus, problems = validate(project, check_seeds=False, cache=False)
    assert not problems.errors, [p.format() for p in problems.errors]
    english = [t.en for p in corpus.documents[path.stem].measures for t in (p.heading, p.text) if t and t.en]
    assert sum(text.startswith(f"{MARKER} ") for text in english) == 1
