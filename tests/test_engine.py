"""The door to the engine: the same staged project builds on MkDocs and on ProperDocs (the MkDocs 1.x
continuation) into the same site, apart from the generator meta tag; an unknown engine is refused."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from generator.build import build
from generator.paths import REPO_ROOT
from tests.conftest import copy_project
from tests.sitecompare import GENERATOR_META, differences, without_generator_meta


@pytest.mark.slow
def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    project = copy_project(tmp_path / "project", documents=["liaoning-mobility"])
    mkdocs_site, properdocs_site = tmp_path / "mkdocs-site", tmp_path / "properdocs-site"
    build(project, out=mkdocs_site, search=True, engine="mkdocs")
    build(project, out=properdocs_site, search=True, engine="properdocs")
    assert differences(mkdocs_site, properdocs_site, without_generator_meta) == []
    # the one difference there is, so the comparison above compared something real
    home_a, home_b = (mkdocs_site / "index.html").read_bytes(), (properdocs_site / "index.html").read_bytes()
    assert GENERATOR_META.search(home_a) and GENERATOR_META.search(home_b)
    assert b"ProperDocs" in GENERATOR_META.search(home_b).group(0) and home_a != home_b


def test_unknown_engine_is_refused_before_any_work(project_copy):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), ENGINE="hugo")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project_copy.root), "build"],
                            cwd=REPO_ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "ENGINE" in result.stderr and "unknown engine 'hugo'" in result.stderr and "mkdocs, properdocs" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project_copy.root / "site").exists() and not (project_copy.build / "staging").exists()
