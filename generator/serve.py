"""`python -m generator serve` (make serve): live preview while editing.

MkDocs' own server watches data/, templates/ and docs/; before each rebuild, the hook below
re-validates and re-renders the pages (writing only files that changed). Data errors are printed
and the last good pages stay up, so a typo never takes the preview down.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .errors import DataError
from .paths import Project, with_generator_importable
from .render import render_site_sources
from .validate import validate

STAGING = "serve"


def _render(project: Project) -> None:
    corpus, problems = validate(project, check_seeds=False)
    for p in problems.problems:
        print(p.format(), file=sys.stderr)
    if problems.errors:
        raise DataError(problems.problems)
    render_site_sources(project, corpus, project.build / STAGING, clean=False, extra_config=_serve_config(project))


def _serve_config(project: Project) -> dict:
    return {
        # the hook ships with this code, wherever the project being previewed lives (--root)
        "hooks": [str(Path(__file__).resolve().with_name("serve_hook.py"))],
        "watch": [str(project.data), str(project.templates), str(project.docs)],
    }


def serve(project: Project, address: str = "127.0.0.1:8000") -> int:
    _render(project)
    config = project.build / STAGING / "mkdocs.yml"
    env = with_generator_importable(dict(os.environ, NO_MKDOCS_2_WARNING="1", GENERATOR_ROOT=str(project.root)))
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", address, "--livereload"]
    return subprocess.call(cmd, cwd=project.root, env=env)


def reindex(site_dir) -> None:
    from .search import build_index

    # mkdocs-static-i18n builds the English site into <site>/en after the main build: index once both exist
    root = site_dir.parent if site_dir.name == "en" else site_dir
    if (root / "en").exists():
        build_index(_project(), root)


def _project() -> Project:
    from pathlib import Path

    return Project(Path(os.environ.get("GENERATOR_ROOT", Project().root)))


def rerender() -> None:
    project = _project()
    try:
        _render(project)
    except DataError:
        print("data has errors (above): keeping the last good pages", file=sys.stderr)
