"""Compiled templates kept on disk (generator/jinjacache.py), shared by every copy of a project: another copy
reads the code back instead of compiling it and names its own file; an environment with other compile options,
a changed source or an installed template with another path gets its own entry; a folder that cannot be written
never fails a render."""

from __future__ import annotations

import sys

from jinja2 import Environment, FileSystemLoader

from generator.jinjacache import CompiledTemplates


def _env(folder, cache_dir, **options) -> tuple[Environment, list]:
    env = Environment(loader=FileSystemLoader(str(folder)), **options)
    env.bytecode_cache = CompiledTemplates()
    env.bytecode_cache.directory = str(cache_dir)
    compiled = []
    real = env.compile
    env.compile = lambda *a, **k: compiled.append(a[1]) or real(*a, **k)
    return env, compiled


def _project(root, text: str):
    root.mkdir(parents=True)
    (root / "page.j2").write_text(text, encoding="utf-8")
    return root


def test_copies_share_compiled_code_and_each_names_its_own_file(tmp_path):
    cache = tmp_path / "cache"
    text = "{% for x in items %}\n{{ x }}\n{% endfor %}\n"
    first, second = _project(tmp_path / "a", text), _project(tmp_path / "b", text)
    env, compiled = _env(first, cache, trim_blocks=True)
    assert env.get_template("page.j2").render(items=[1, 2]) == "1\n2\n" and compiled == ["page.j2"]

    env, compiled = _env(second, cache, trim_blocks=True)
    template = env.get_template("page.j2")
    assert compiled == [] and template.render(items=[3]) == "3\n"
    assert template.filename == str(second / "page.j2")  # a traceback names this copy's file

    # other compile options: their own code, not the first environment's
    env, compiled = _env(second, cache)
    assert env.get_template("page.j2").render(items=[4]) == "\n4\n" and compiled == ["page.j2"]

    # a changed source is compiled again, never served from the old entry
    (second / "page.j2").write_text("changed {{ items|length }}", encoding="utf-8")
    env, compiled = _env(second, cache, trim_blocks=True)
    assert env.get_template("page.j2").render(items=[5]) == "changed 1" and compiled == ["page.j2"]


def test_installed_templates_are_keyed_on_their_path(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    one, two = _project(tmp_path / "prefix" / "one", "{{ 1 }}"), _project(tmp_path / "prefix" / "two", "{{ 1 }}")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    env_one, compiled_one = _env(one, cache)
    env_two, compiled_two = _env(two, cache)
    env_one.get_template("page.j2")
    env_two.get_template("page.j2")
    assert compiled_one == ["page.j2"] and compiled_two == ["page.j2"]
    assert len(list(cache.iterdir())) == 2


def test_a_folder_that_cannot_be_written_never_fails_a_render(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    env, compiled = _env(_project(tmp_path / "p", "{{ 2 }}"), blocked / "cache")
    assert env.get_template("page.j2").render() == "2" and compiled == ["page.j2"]


def test_a_damaged_entry_is_compiled_again(tmp_path):
    cache = tmp_path / "cache"
    project = _project(tmp_path / "p", "{{ 3 }}")
    _env(project, cache)[0].get_template("page.j2")
    (entry,) = cache.iterdir()
    entry.write_bytes(entry.read_bytes()[:40])  # truncated inside the compiled code
    env, compiled = _env(project, cache)
    assert env.get_template("page.j2").render() == "3" and compiled == ["page.j2"]


def test_another_code_generator_compiles_its_own_code(tmp_path):
    from jinja2.compiler import CodeGenerator

    class Other(CodeGenerator):
        pass

    cache = tmp_path / "cache"
    project = _project(tmp_path / "p", "{{ 1 }}")
    _env(project, cache)[0].get_template("page.j2")
    env, compiled = _env(project, cache)
    env.code_generator_class = Other
    assert env.get_template("page.j2").render() == "1" and compiled == ["page.j2"]


def test_a_refused_cache_folder_means_no_cache_not_a_failure(tmp_path, monkeypatch):
    import jinja2.bccache

    def refuse(self):
        raise RuntimeError("Cache directory is not owned by the user")

    monkeypatch.setattr(jinja2.bccache.FileSystemBytecodeCache, "_get_default_cache_dir", refuse)
    env = Environment(loader=FileSystemLoader(str(_project(tmp_path / "p", "{{ 4 }}"))))
    env.bytecode_cache = CompiledTemplates()
    assert env.get_template("page.j2").render() == "4"
