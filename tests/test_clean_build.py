"""The full clean build's shortcuts (issue 19, item 5) change nothing a reader sees: validate parses each
document once (the release fingerprints come from the same parse) and still tells a released dataset
from an edited one, with the cache and without; the downloads are written while the engine runs and land
in its site, and a failure in either leaves the previous site and no engine process behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import generator.build as build_module
import generator.data.dataset as dataset
import generator.data.load as load
from generator.build import build
from generator.data.validate import validate
from generator.errors import BuildError
from tests.conftest import copy_fixture_project, counting_yaml_parses


def _edit_first_measure_english(project) -> None:
    path = project.documents / "liaoning-mobility.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("en: ") and i > 40)
    lines[at] = lines[at].rstrip("\n").rstrip(".") + " (revised).\n"
    path.write_text("".join(lines), encoding="utf-8")


def _validate_counting_parses(project, cache: bool):
    with counting_yaml_parses(project, load, dataset) as parsed:
        corpus, problems = validate(project, cache=cache)
    assert not problems.errors, [p.format() for p in problems.errors]
    return corpus.site_version, [rel for rel in parsed if rel.startswith("data/documents/")]


@pytest.mark.parametrize("cache", [False, True])
def test_each_document_is_parsed_once_and_the_release_state_is_right(tmp_path, cache):
    project = copy_fixture_project(tmp_path / "project")
    documents = sorted(project.relative(p) for p in project.documents.glob("*.yaml"))

    version, parsed = _validate_counting_parses(project, cache)
    assert sorted(parsed) == documents  # each once: the fingerprints reuse the load's parse
    assert not version.unreleased_changes and version.released  # the fixture is exactly its release

    _edit_first_measure_english(project)
    version, parsed = _validate_counting_parses(project, cache)
    assert version.unreleased_changes and version.released is None and version.version.endswith("+unreleased")
    assert len(parsed) == (1 if cache else len(documents))  # with the cache: only the edited file


def _engine_children() -> list[str]:
    """Command lines of this process's children that run an engine build."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if " build " in cmdline:
                found.append(cmdline)
    return found


@pytest.mark.slow
def test_downloads_written_beside_the_engine_land_in_the_site(tmp_path):
    project = copy_fixture_project(tmp_path / "project")
    site = tmp_path / "site"
    report = build(project, out=site, search=False, cache=False)
    assert report.exports["measures"] > 0
    assert (site / "data" / "index.html").is_file()  # the engine's page about the downloads
    for name in ("measures.csv", "measures.json", "datapackage.json", "CHANGELOG.md"):
        assert (site / "data" / name).stat().st_size > 0
    assert any((site / "data" / "cite").iterdir()) and any((site / "feeds").iterdir()) and any((site / "en" / "feeds").iterdir())
    assert not (project.build / "exports-tmp").exists()


@pytest.mark.slow
def test_a_failing_download_stops_the_engine_and_keeps_the_previous_site(tmp_path, monkeypatch):
    project = copy_fixture_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", encoding="utf-8")

    def failing(*args, **kwargs):
        assert _engine_children(), "the engine should be running while the downloads are written"
        raise BuildError([])

    monkeypatch.setattr(build_module, "write_exports", failing)
    with pytest.raises(BuildError):
        build(project, out=site, search=False, cache=False)
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    assert not (project.build / "site-tmp").exists() and not (project.build / "exports-tmp").exists()
    assert _engine_children() == []
