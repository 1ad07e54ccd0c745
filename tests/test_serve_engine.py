"""The preview's engine (`mkdocs serve --dirty` with our hooks: the page cache, the i18n plugin's records
kept between rebuilds, the load cache kept in memory) rebuilds, save after save, exactly the site a clean
build of the same staged project makes: after a measure's edit, a document's title edit (nav, titles,
links), a deleted document (its pages gone, the nav and language switcher without it) and its return."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.structure.files import File

import generator.data.load as load
from generator import serve
from generator.data import load_cache
from generator.data.validate import validate
from generator.engine.runner import CACHE_ENV, CACHE_STATUS_ENV, engine_env
from tests.sitecompare import differences

from .conftest import copy_fixture_project, counting_yaml_parses

DOC = "data/documents/jilin-2020-task-division.yaml"
GONE = "data/documents/liaoning-mobility.yaml"

# The engine as `mkdocs serve --dirty` runs it: one process, the first config's plugins started once, one
# build per line on stdin (serve.py's status file plays that part in the preview). Pagefind is left out.
# "clean": one build with none of the preview's shortcuts (no page cache, i18n records made as the plugin
# makes them, a new site folder), to compare with.
ENGINE = """
import sys
from mkdocs_static_i18n import folder
from mkdocs.commands.build import build
from mkdocs.config import load_config
import generator.engine.search as search
search.build_index = lambda *args, **kwargs: None
config_file, site, mode = sys.argv[1:4]
if mode == "clean":
    folder.create_i18n_file._generator_once = True  # engine/i18n_files.py then leaves the plugin alone
    build(load_config(config_file=config_file, site_dir=site))
    sys.exit(0)
sys.argv.append("--dirty")  # the i18n plugin builds its second language dirty only when it sees this
import pathlib
from mkdocs.structure.pages import Page
reads = []  # the staged pages each build read from disk: for its key (the page cache), or by MkDocs itself
read_bytes = pathlib.Path.read_bytes
pathlib.Path.read_bytes = lambda self: (self.suffix == ".md" and reads.append(str(self))) or read_bytes(self)
read_source = Page.read_source
Page.read_source = lambda self, config: reads.append(self.file.src_uri) or read_source(self, config)
config = load_config(config_file=config_file, site_dir=site)
config.plugins.on_startup(command="serve", dirty=True)
for line in sys.stdin:
    reads.clear()
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
    print("built", len(reads), flush=True)
    config = load_config(config_file=config_file, site_dir=site)
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_preview_rebuilds_equal_clean_builds_save_after_save(tmp_path, monkeypatch):
    project = copy_fixture_project(tmp_path / "project")
    monkeypatch.setattr(load_cache, "_in_process", None)
    load_cache.keep_in_process()  # as serve() does (undone after the test)
    env = engine_env({"GENERATOR_ROOT": str(project.root), CACHE_ENV: str(project.build / "serve-cache"),
                      CACHE_STATUS_ENV: str(serve.errors_file(project)), "SOURCE_DATE_EPOCH": "1700000000"})
    clean_env = {k: v for k, v in env.items() if k not in (CACHE_ENV, CACHE_STATUS_ENV)}
    config = serve.staging(project) / "mkdocs.yml"
    site = tmp_path / "preview-site"

    def render() -> int:
        errors, changed = serve.render_preview(project)
        assert errors == []
        serve.write_status(project, errors, changed)
        return changed

    def compare(round_name: str) -> None:
        clean = tmp_path / f"clean-{round_name}"
        subprocess.run([sys.executable, "-c", ENGINE, str(config), str(clean), "clean"], cwd=project.root, env=clean_env,
                       check=True, capture_output=True)
        assert differences(site, clean) == [], round_name
        shutil.rmtree(clean)

    render()
    engine = subprocess.Popen([sys.executable, "-c", ENGINE, str(config), str(site), "serve"], cwd=project.root, env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        def rebuild() -> int:
            """One build; how many staged pages it read from disk."""
            engine.stdin.write("build\n")
            engine.stdin.flush()
            word, reads = engine.stdout.readline().split()
            assert word == "built", "the engine stopped"
            return int(reads)

        everything = rebuild()
        compare("first")
        page = site / "en" / "documents" / "jilin-2020-task-division" / "index.html"
        _edit(project.root / DOC, "en: Strengthen", "en: SERVEPROBE Strengthen")
        changed = render()
        # the first rebuild after the first build reads only the pages that changed: the others' front
        # matter is kept from the first build, which rendered every page (it used to read them all again)
        assert 0 < rebuild() <= changed < everything
        assert "SERVEPROBE" in page.read_text(encoding="utf-8")
        compare("measure")
        _edit(project.root / DOC, "en: Task Division Plan", "en: Task Divizion Plan")  # titles in nav, links, feeds
        render()
        rebuild()
        compare("title")
        kept = (project.root / GONE).read_bytes()
        (project.root / GONE).unlink()
        render()
        rebuild()
        assert not (site / "documents" / "liaoning-mobility").exists()
        compare("deleted")
        (project.root / GONE).write_bytes(kept)
        render()
        rebuild()
        assert (site / "en" / "documents" / "liaoning-mobility" / "index.html").exists()
        compare("restored")
    finally:
        engine.stdin.close()
        engine.wait(timeout=60)


def test_the_i18n_records_kept_between_rebuilds_equal_the_plugins(tmp_path):
    """engine/i18n_files.py: the copy a later build gets of a file's record has every field the plugin's
    own record has, and its own alternates."""
    from mkdocs_static_i18n import folder

    from generator.engine import i18n_files

    original = folder.create_i18n_file
    assert not getattr(original, "_generator_once", False), "the memo is installed only by the preview's engine"
    config = SimpleNamespace(docs_dir=str(tmp_path / "docs"), site_dir=str(tmp_path / "site"), use_directory_urls=True)
    sources = ["zh/index.md", "en/index.md", "zh/documents/a.md", "en/documents/a.md", "zh/README.md",
               "assets/site.css", "en/assets/logo.png", "zh/documents/index.md"]
    files = [File(src, config.docs_dir, config.site_dir, True) for src in sources]
    made: dict = {}
    try:
        i18n_files.make_records_once()
        memo = folder.create_i18n_file
        for _ in range(3):  # the first call makes the record, later ones copy it
            for file in files:
                for lang in ("zh", "en"):
                    record = memo(file, lang, "zh", ["zh", "en"], config)
                    expected = original(file, lang, "zh", ["zh", "en"], config)
                    assert record.alternates == {lang: record}
                    fields = {k: v for k, v in vars(record).items() if k != "alternates"}
                    assert fields == {k: v for k, v in vars(expected).items() if k != "alternates"}, (file.src_uri, lang)
                    assert record is not made.get((file.src_uri, lang)), "each build gets its own record"
                    made[(file.src_uri, lang)] = record
    finally:
        folder.create_i18n_file = original
        from mkdocs_static_i18n import reconfigure

        reconfigure.is_relative_to = getattr(reconfigure.is_relative_to, "__wrapped__", reconfigure.is_relative_to)


def test_the_preview_keeps_the_load_cache_in_memory_and_validates_as_a_clean_run(tmp_path, monkeypatch):
    """data/load_cache.keep_in_process: after each save the preview's validate gives a clean run's problems and
    documents, an unchanged file answered from memory (not parsed, not read from the disk cache)."""
    project = copy_fixture_project(tmp_path / "project")
    monkeypatch.setattr(load_cache, "_in_process", None)
    load_cache.keep_in_process()  # as serve() does (undone after the test)

    def same_as_clean() -> list[str]:
        cached_corpus, cached = validate(project, check_seeds=False)
        clean_corpus, clean = validate(project, check_seeds=False, cache=False)
        assert [p.format() for p in cached.problems] == [p.format() for p in clean.problems]
        assert cached_corpus.documents == clean_corpus.documents
        return [p.format() for p in clean.problems]

    before = same_as_clean()
    shutil.rmtree(project.build / load_cache.FOLDER)  # the disk cache gone: memory answers
    with counting_yaml_parses(project, load) as parsed:
        validate(project, check_seeds=False)
    assert [rel for rel in parsed if rel != "data/dataset.yaml"] == []
    doc = project.documents / "liaoning-mobility.yaml"
    _edit(doc, "- id: regional-balance", "- id: regional-balanse")
    assert any("regional-balanse" in line for line in same_as_clean())
    for entry in (project.build / load_cache.FOLDER).rglob("*.pickle"):
        entry.write_bytes(b"corrupt")  # memory answers only under the same key: still a clean run's answer
    assert any("regional-balanse" in line for line in same_as_clean())
    _edit(doc, "- id: regional-balanse", "- id: regional-balance")
    assert same_as_clean() == before


def test_what_forked_workers_load_and_check_is_kept_in_the_previews_memory(tmp_path, monkeypatch):
    """At scale the preview's first validate loads and checks the documents in forked workers; what they
    stored must be in the preview's memory afterwards too (they took theirs with them), or its first save
    read every entry back from disk."""
    import functools

    from generator import parallel
    from generator.data import validate as validate_module

    project = copy_fixture_project(tmp_path / "project")
    monkeypatch.setattr(load_cache, "_in_process", None)
    load_cache.keep_in_process()
    forked = functools.partial(parallel.fork_map, min_items=1)  # the fixture's few files, forked as at scale
    monkeypatch.setattr(load, "fork_map", forked)
    monkeypatch.setattr(validate_module, "fork_map", forked)
    if parallel.workers() < 2:
        pytest.skip("one core: nothing is forked")
    _, first = validate(project, check_seeds=False)
    shutil.rmtree(project.build / load_cache.FOLDER)  # only memory can answer now
    serial = lambda task, items, **kwargs: [task(item) for item in items]  # noqa: E731 - parses counted here
    monkeypatch.setattr(load, "fork_map", serial)
    monkeypatch.setattr(validate_module, "fork_map", serial)
    store = load_cache.LoadCache(project)
    with counting_yaml_parses(project, load) as parsed:
        _, again = validate(project, check_seeds=False)
    assert [rel for rel in parsed if rel != "data/dataset.yaml"] == []
    assert [p.format() for p in again.problems] == [p.format() for p in first.problems]
    held = {rel for kind, rel in load_cache._in_process if kind == "checks"}
    assert {project.relative(path) for path in project.documents.glob("*.yaml")} <= held, held
    assert store.folder.exists() is False  # the second run stored nothing on disk: it had nothing new
