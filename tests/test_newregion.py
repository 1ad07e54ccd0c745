"""`make new-region`: a new region is added in the canonical form and validates; arguments that would
make the data invalid are refused with every reason at once, and nothing is written."""

from __future__ import annotations

import yaml

from .conftest import copy_fixture_project


def test_new_region_is_added_and_validates(tmp_path, cli):
    project = copy_fixture_project(tmp_path / "project")
    result = cli("new-region", "sample-town", "--zh", "样例镇", "--en", "Sample Town", "--parent", "liaoning",
                 "--level", "county", "--alias", "样例镇", root=project.root)
    assert result.returncode == 0, result.stderr
    assert "make resolve" in result.stdout and "data/agencies.yaml" in result.stdout
    regions = yaml.safe_load((project.data / "regions.yaml").read_text(encoding="utf-8"))
    assert regions[-1] == {"id": "sample-town", "name": {"zh": "样例镇", "en": "Sample Town"}, "level": "county",
                           "parent": "liaoning", "code": None, "aliases": ["样例镇"]}
    assert cli("fmt", "--check", root=project.root).returncode == 0
    assert cli("validate", root=project.root).returncode == 0


def test_bad_arguments_are_refused_and_nothing_is_written(tmp_path, cli):
    project = copy_fixture_project(tmp_path / "project")
    before = (project.data / "regions.yaml").read_text(encoding="utf-8")
    result = cli("new-region", "tianjin", "--zh", "天津市", "--en", "Tianjin", "--parent", "nowhere", "--level", "city",
                 "--code", "12", root=project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for reason in ("region 'tianjin' already exists", "unknown parent region 'nowhere'", "level 'city'", "code '12'"):
        assert reason in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1] == "4 errors, 0 warnings in 2 files"
    assert (project.data / "regions.yaml").read_text(encoding="utf-8") == before
