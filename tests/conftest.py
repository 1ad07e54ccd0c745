"""Shared fixtures: a throw-away copy of the project to mutate, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.paths import REPO_ROOT, Project

COPIED = ["data", "seeds", "templates", "docs", "mkdocs.yml"]


def copy_project(target: Path) -> Project:
    for name in COPIED:
        src = REPO_ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        else:
            shutil.copyfile(src, target / name)
    return Project(target)


@pytest.fixture
def project_copy(tmp_path) -> Project:
    return copy_project(tmp_path / "project")


def run_cli(*args: str, root: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "generator"]
    if root is not None:
        cmd += ["--root", str(root)]
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), NO_MKDOCS_2_WARNING="1")
    return subprocess.run(cmd + list(args), cwd=REPO_ROOT, capture_output=True, text=True, env=env, **kwargs)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """One full build (with the search index) of a copy of the project, shared by the site tests."""
    from generator.build import build

    project = copy_project(tmp_path_factory.mktemp("site-build") / "project")
    out = project.root / "site"
    build(project, out=out)
    return project, out


@pytest.fixture(scope="session")
def site_url(built):
    """The built site served over HTTP on a free loopback port."""
    from generator.searchprobe import serve_site

    _, site = built
    with serve_site(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (Playwright's own browser download cannot work here)."""
    from playwright.sync_api import sync_playwright

    from generator.searchprobe import CHROMIUM_ARGS, chromium_path

    if not Path(chromium_path()).exists():
        pytest.fail("chromium is not installed: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()
