"""Work spread over forked workers gives exactly what a serial run gives: same results, same order,
same problems, and project errors that keep their file:line messages."""

from __future__ import annotations

import pytest

from generator import parallel
from generator.data.validate import validate
from generator.errors import BuildError, Problem
from generator.paths import Project
from generator.tools.synth import synthesize

from .conftest import copy_fixture_project


def test_results_come_back_in_input_order():
    items = list(range(200))
    assert parallel.fork_map(lambda x: x * x, items, min_items=2) == [x * x for x in items]


def test_workers_die_on_sigterm_whatever_handler_the_parent_has():
    """build() turns SIGTERM into SystemExit for its clean-up; forked workers inherited that, and one that
    raised it while holding the task queue's lock (Pool.terminate stops workers with SIGTERM) left the other
    worker and the parent waiting for ever: a benchmark hung in CI this way. Workers get the default back."""
    import signal

    if parallel.workers() < 2:
        pytest.skip("one core: fork_map runs serially")
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        dispositions = parallel.fork_map(lambda _: signal.getsignal(signal.SIGTERM) == signal.SIG_DFL, [0, 1], min_items=2)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert dispositions == [True, True]


def _fail(item):
    if item == 7:
        raise BuildError(Problem("templates/pages/x.md.j2", 3, 1, "broken", "fix it"))
    return item


def test_a_project_error_in_a_worker_arrives_whole():
    if parallel.workers() < 2:
        pytest.skip("one core: fork_map runs serially")
    with pytest.raises(BuildError) as caught:
        parallel.fork_map(_fail, list(range(50)), min_items=2)
    assert caught.value.problems == [Problem("templates/pages/x.md.j2", 3, 1, "broken", "fix it")]


@pytest.fixture(scope="module")
def ten_times(tmp_path_factory) -> Project:
    """42 short documents (the fixture project's three, 14 times): enough for validate to fork (40); one of
    them broken in two ways."""
    base = tmp_path_factory.mktemp("parallel")
    project = synthesize(copy_fixture_project(base / "fixture"), base / "project", 14)
    assert len(list(project.documents.glob("*.yaml"))) > 40
    victim = sorted(project.documents.glob("*.yaml"))[17]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace("region: ", "region: nowhere-", 1).replace("- id: ", "- id: x", 1), encoding="utf-8")
    return project


def test_parallel_validation_equals_serial(ten_times, monkeypatch):
    corpus, problems = validate(ten_times, check_seeds=False)
    files = len(list(ten_times.documents.glob("*.yaml")))
    assert len(corpus.documents) == files - 1 and problems.errors  # the broken one fails its schema
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    serial_corpus, serial_problems = validate(ten_times, check_seeds=False)
    assert [p.format() for p in problems.problems] == [p.format() for p in serial_problems.problems]
    assert list(corpus.documents) == list(serial_corpus.documents)


def test_work_in_the_background_returns_its_result_or_its_error(monkeypatch):
    import os

    wait = parallel.background(lambda: (os.getpid(), [1, 2, 3]))
    pid, value = wait()
    assert value == [1, 2, 3] and (pid != os.getpid() or parallel.workers() < 2)  # forked where there are two cores

    def fails():
        raise BuildError(Problem("data/x.yaml", 3, 1, "broken", "fix it"))
    with pytest.raises(BuildError) as caught:
        parallel.background(fails)()
    assert caught.value.problems[0].format().startswith("data/x.yaml:3:1")
    monkeypatch.setattr(parallel, "workers", lambda: 1)  # one core: run at once, the same result
    assert parallel.background(lambda: 6 * 7)() == 42


def test_the_analysis_with_related_measures_in_the_background_equals_the_serial_one(tmp_path, monkeypatch):
    """A build works the related measures out in a forked worker beside the rest of the analysis; the
    analysis, and the render cache's skeleton of it, are what the preview's in-process analysis gives."""
    from generator.analyse import related
    from generator.analyse.comparisons import analyse
    from generator.site.render_deps import skeleton_key

    project = copy_fixture_project(tmp_path / "project")
    corpus, problems = validate(project, check_seeds=False, cache=False)
    assert not problems.errors
    monkeypatch.setattr(related, "BACKGROUND_FROM", 0)  # the fixture is small: fork anyway
    monkeypatch.setattr(related, "_LAST", None)
    in_background = analyse(corpus)
    corpus.__dict__.pop("_related_measures")
    in_process = analyse(corpus, reuse=True)
    assert in_background.related == in_process.related and any(in_process.related.values())
    assert skeleton_key(corpus, in_background) == skeleton_key(corpus, in_process)
