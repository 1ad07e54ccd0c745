"""The render cache (.build/render-cache): the staged pages are byte for byte those of a render without
it — when the stored render is reused, after a data edit, a template edit, and when the stored render
is truncated — and an unchanged corpus does not run Jinja again."""

from __future__ import annotations

import shutil

import generator.parallel as parallel
import generator.site.render as render
from generator.data.validate import validate
from generator.engine.staging import render_site_sources
from generator.settings import Settings
from generator.site.render_cache import ENTRY, FOLDER
from tests.conftest import copy_fixture_project


def _files(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _render(project, out, cache: bool) -> dict:
    corpus, problems = validate(project, check_seeds=False, cache=cache)
    assert not problems.errors, [p.format() for p in problems.errors]
    render_site_sources(project, corpus, out, settings=Settings(root=project.root), cache=cache)
    return _files(out / "docs")


def _same_as_clean(project, tmp_path) -> int:
    """Render with the cache and without; returns how many times Jinja rendered a language (counted in
    this process: no language workers)."""
    calls = []
    real = render.Renderer.render_language

    def counting(self, site, lang, out_dir, *args, **kwargs):
        calls.append(lang)
        return real(self, site, lang, out_dir, *args, **kwargs)

    render.Renderer.render_language = counting
    real_workers, parallel.workers = parallel.workers, lambda: 1
    try:
        cached = _render(project, tmp_path / "cached", cache=True)
    finally:
        render.Renderer.render_language = real
        parallel.workers = real_workers
    assert cached == _render(project, tmp_path / "clean", cache=False)
    return len(calls)


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_cached_render_equals_clean_render(tmp_path):
    project = copy_fixture_project(tmp_path / "project")
    entry = project.build / FOLDER / ENTRY
    assert _same_as_clean(project, tmp_path) == 2 and entry.is_file()
    # nothing changed but a hand-written page: the stored render is used, Jinja does not run
    _edit(project.docs / "en" / "about.md", "\n", "\nAn edited paragraph.\n")
    assert _same_as_clean(project, tmp_path) == 0

    # a document's English and a page template: rendered again, to the clean render
    doc = project.documents / "liaoning-mobility.yaml"
    english = next(line for line in doc.read_text(encoding="utf-8").splitlines() if line.strip().startswith("en: "))
    _edit(doc, english, english.rstrip(".") + " (edited)")
    template = project.templates / "pages" / "document.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + '<div class="edited-template"></div>\n', encoding="utf-8")
    assert _same_as_clean(project, tmp_path) == 2
    staged = (tmp_path / "cached" / "docs" / "en" / "documents" / "liaoning-mobility.md").read_text(encoding="utf-8")
    assert "edited-template" in staged and english.strip()[len("en: "):].rstrip(".") + " (edited)" in staged

    # a truncated stored render: rendered again
    entry.write_bytes(entry.read_bytes()[:100])
    assert _same_as_clean(project, tmp_path) == 2


def test_build_folder_deleted_under_a_running_process(tmp_path):
    """A process renders again after .build/ was deleted under it (`make clean` beside a running preview, the
    benchmark's clean builds): the same pages, not a traceback on a missing folder."""
    project = copy_fixture_project(tmp_path / "project")
    first = _render(project, tmp_path / "first", cache=True)
    shutil.rmtree(project.build)
    assert _render(project, tmp_path / "again", cache=True) == first


def test_the_store_links_the_staged_pages_and_stays_whole_as_they_change(tmp_path):
    """The store keeps a staged page as a second name of the same file (a hard link, not a copy): a render
    that changes the page must replace it, not write into it, or the store would change with it."""
    import hashlib

    project = copy_fixture_project(tmp_path / "project")
    out = tmp_path / "kept"  # one staging folder, rendered into again and again, as the preview does

    def render_kept() -> dict:
        corpus, problems = validate(project, check_seeds=False, cache=True)
        assert not problems.errors
        render_site_sources(project, corpus, out, settings=Settings(root=project.root), cache=True, clean=False)
        return _files(out / "docs")

    first = render_kept()
    store = project.build / FOLDER / "files"
    page = out / "docs" / "en" / "documents" / "liaoning-mobility.md"
    assert any(f.stat().st_ino == page.stat().st_ino for f in store.iterdir())  # stored as a link
    doc = project.documents / "liaoning-mobility.yaml"
    original = doc.read_text(encoding="utf-8")
    english = next(line for line in original.splitlines() if line.strip().startswith("en: "))
    _edit(doc, english, english.rstrip(".") + " (edited)")
    assert render_kept() != first
    for stored in store.iterdir():  # every stored file still holds the bytes its name is the hash of
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == stored.name
    doc.write_text(original, encoding="utf-8")
    assert render_kept() == first
