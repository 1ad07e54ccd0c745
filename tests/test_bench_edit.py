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


def test_a_group_of_exited_processes_is_not_waited_for():
    """stop_process_group waits while its group runs; an exited process not yet reaped (a zombie: the test
    session adopts orphans and reaps none) is not running, or every stop waited out its 10 s grace."""
    import subprocess
    import sys
    import time

    from generator.tools.bench_edit import _group_alive, process_stat

    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], start_new_session=True)
    exited = subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while process_stat(exited.pid)[0] != "Z":
            assert time.monotonic() < deadline, "the short process did not exit"
            time.sleep(0.02)
        assert _group_alive(running.pid) and not _group_alive(exited.pid)
    finally:
        running.kill()
        running.wait()
        exited.wait()
