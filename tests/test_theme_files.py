"""The engine's compiled-template cache (engine/theme_files.py): the installed theme's templates are kept in
one per-user folder, keyed by the engine that compiled them; the project's own in its .build; an entry whose
template changed is compiled again; a deleted folder is made again, never a failed build."""

from __future__ import annotations

import shutil
import sys

from jinja2 import Environment, FileSystemLoader

from generator.engine.theme_files import CompiledTemplates


def _env(loader_dirs, project_cache, shared, engine) -> Environment:
    cache = CompiledTemplates(project_cache, engine)
    cache.installed_folder = str(shared)
    return Environment(loader=FileSystemLoader([str(d) for d in loader_dirs]), bytecode_cache=cache)


def test_installed_and_project_templates_are_kept_apart_and_checked_against_their_source(tmp_path, monkeypatch):
    installed, project = tmp_path / "prefix" / "theme", tmp_path / "project" / "overrides"
    installed.mkdir(parents=True)
    project.mkdir(parents=True)
    (installed / "base.html").write_text("{{ x }} from the theme", encoding="utf-8")
    (project / "main.html").write_text("{{ x }} from the project", encoding="utf-8")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))  # the theme is "installed" under it
    shared, own = tmp_path / "shared", tmp_path / "project" / ".build" / "jinja"
    dirs = (installed, project)

    env = _env(dirs, own, shared, "mkdocs 1.6.1")
    assert env.get_template("base.html").render(x=1) == "1 from the theme"
    assert env.get_template("main.html").render(x=2) == "2 from the project"
    assert len(list(shared.iterdir())) == 1 and len(list(own.iterdir())) == 1

    # a second engine compiles its own entry; the first engine's is read back, not compiled again
    assert _env(dirs, own, shared, "properdocs 1.6.7").get_template("base.html").render(x=3) == "3 from the theme"
    assert len(list(shared.iterdir())) == 2
    again = _env(dirs, own, shared, "mkdocs 1.6.1")
    compiled = []
    real_compile = again.compile
    again.compile = lambda *a, **k: compiled.append(a) or real_compile(*a, **k)
    assert again.get_template("base.html").render(x=4) == "4 from the theme" and compiled == []

    # a changed template is compiled again, never served from its old entry
    (installed / "base.html").write_text("{{ x }} changed", encoding="utf-8")
    assert _env(dirs, own, shared, "mkdocs 1.6.1").get_template("base.html").render(x=5) == "5 changed"

    # the project's folder deleted (make clean): made again
    shutil.rmtree(own)
    assert _env(dirs, own, shared, "mkdocs 1.6.1").get_template("main.html").render(x=6) == "6 from the project"
    assert len(list(own.iterdir())) == 1
