"""The render cache per page (.build/render-cache): after each kind of data edit, a render that reused the
stored pages of the last one — into a kept output folder, as the preview renders — holds byte for byte the
pages of a render without the cache, and an edit to one measure renders only the pages that read it."""

from __future__ import annotations

import pytest

import generator.parallel as parallel
import generator.site.pages as pages_module
import generator.site.render as render
from generator.analyse.comparisons import Index
from generator.data.validate import validate
from generator.engine.staging import render_site_sources
from generator.settings import Settings
from tests.conftest import copy_fixture_project

pytestmark = pytest.mark.slow


def _files(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _render(project, out, cache: bool) -> dict:
    corpus, problems = validate(project, check_seeds=False, cache=cache)
    assert not problems.errors, [p.format() for p in problems.errors]
    render_site_sources(project, corpus, out, settings=Settings(root=project.root), cache=cache, clean=not cache)
    return _files(out / "docs")


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: {old!r} not found once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_each_kind_of_data_edit_renders_what_a_clean_render_renders(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "workers", lambda: 1)  # pages counted in this process
    project = copy_fixture_project(tmp_path / "project")
    rendered: list[tuple[str, str]] = []
    real = render.Renderer.render_page

    def counting(self, site, lang, page, *args):
        rendered.append((lang, page.path))
        return real(self, site, lang, page, *args)

    monkeypatch.setattr(render.Renderer, "render_page", counting)
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    _render(project, cached, cache=True)
    every_page = len(rendered)

    doc = project.documents / "liaoning-mobility.yaml"
    other = project.documents / "wenzhou-two-healthy-talent.yaml"
    original, other_original = doc.read_text(encoding="utf-8"), other.read_text(encoding="utf-8")
    heading = "    en: Implement the employment-first policy to create opportunities for mobility.\n"
    edits = [
        ("a measure's English", lambda: _edit(doc, heading, heading.replace("Implement", "Carry out"))),
        ("the same measure's English again", lambda: _edit(doc, "Carry out", "Put into effect")),
        ("a measure's Chinese", lambda: _edit(doc, "实施就业优先政策创造流动机会。", "实施就业优先政策,创造流动机会。")),
        ("a document's own field", lambda: _edit(doc, "en: Liaoning implementation measures", "en: Liaoning's implementation measures")),
        ("a measure's themes", lambda: _edit(doc, "  - id: employment-first\n    why: under heading (一)", "  - id: regional-balance\n    why: under heading (一)")),
        ("every edit undone", lambda: doc.write_text(original, encoding="utf-8")),
        ("a document deleted", other.unlink),
        ("the document back", lambda: other.write_text(other_original, encoding="utf-8")),
    ]
    counts = {}
    for name, edit in edits:
        edit()
        rendered.clear()
        assert _render(project, cached, cache=True) == _render(project, clean, cache=False), name
        counts[name] = len(rendered) - every_page  # the clean render renders every page
        if name == "the same measure's English again":
            page = (cached / "docs" / "en" / "documents" / "liaoning-mobility.md").read_text(encoding="utf-8")
            assert "Put into effect the employment-first policy" in page
    # one measure's English (after the first edit, which may also change the dataset version every
    # citation prints): some pages, far from all
    assert 0 < counts["the same measure's English again"] < every_page / 3, counts
    # a theme moved: the page plan and the analysis change, so every page is rendered
    assert counts["a measure's themes"] == every_page
    print(f"pages rendered of {every_page}:", counts)


def test_a_render_that_changes_shared_state_falls_back_to_a_full_render(tmp_path, monkeypatch):
    """Should a page ever change what the pages share (the analysis, the plan), a partial render could
    differ from a clean one: the cache notices, renders every page, and keeps no skeleton to match, so
    the render after it is full too."""
    monkeypatch.setattr(parallel, "workers", lambda: 1)  # pages counted (and shared state changed) in this process
    project = copy_fixture_project(tmp_path / "project")
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    real = render.Renderer.render_page
    pages: list[str] = []

    def counting(self, site, lang, page, *args):
        pages.append(page.path)
        return real(self, site, lang, page, *args)

    def meddling(self, site, lang, page, *args):
        self.analysis.related[f"meddled-{len(pages)}"] = []  # a page changing shared state (no page shows it)
        return counting(self, site, lang, page, *args)

    monkeypatch.setattr(render.Renderer, "render_page", counting)
    _render(project, cached, cache=True)
    every_page = len(pages)
    doc = project.documents / "liaoning-mobility.yaml"
    _edit(doc, "en: Implement the employment-first policy", "en: Carry out the employment-first policy")
    monkeypatch.setattr(render.Renderer, "render_page", meddling)
    pages.clear()
    _render(project, cached, cache=True)
    assert len(pages) > every_page  # the partial render, then every page again
    monkeypatch.setattr(render.Renderer, "render_page", counting)
    _edit(doc, "en: Carry out the employment-first policy", "en: Put into effect the employment-first policy")
    pages.clear()
    assert _render(project, cached, cache=True) == _render(project, clean, cache=False)
    assert len(pages) == 2 * every_page  # the cached render was full (and the clean one)


def test_the_data_files_beside_a_page_are_made_again_one_by_one(tmp_path, monkeypatch):
    """The explorer's rows files and the compare page's files read many documents: after one measure's edit
    only the rows file that holds it and the edited document's compare file are made again (not the pages'
    own Markdown, nor the other files), and the result is a clean render's, whatever else is edited after."""
    import generator.site.explorer as explorer

    monkeypatch.setattr(parallel, "workers", lambda: 1)  # files counted in this process
    monkeypatch.setattr(explorer, "EXPLORER_CHUNK", 5)  # several rows files (the page plan counts them too)
    monkeypatch.setattr(pages_module, "EXPLORER_CHUNK", 5)
    project = copy_fixture_project(tmp_path / "project")
    made: list[str] = []
    real = render.Renderer.data_files

    def counting(view, page, lang):
        def counted(rel, make):
            return lambda: made.append(rel) or make()
        return [(rel, counted(rel, make)) for rel, make in real(view, page, lang)]

    monkeypatch.setattr(render.Renderer, "data_files", staticmethod(counting))
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    _render(project, cached, cache=True)
    every_file = len(made)
    assert sum("/explorer/rows-" in rel for rel in made) > 2 and any("/compare/doc-" in rel for rel in made)
    doc = project.documents / "liaoning-mobility.yaml"
    for n, (old, new) in enumerate([("en: Implement the employment-first policy", "en: Carry out the employment-first policy"),
                                    ("en: Carry out the employment-first policy", "en: Put into effect the employment-first policy"),
                                    ("en: Liaoning implementation measures", "en: Liaoning's implementation measures")]):
        _edit(doc, old, new)
        made.clear()
        assert _render(project, cached, cache=True) == _render(project, clean, cache=False), new
        cached_made = made[: len(made) - every_file]  # the clean render made every file after it
        if n == 1:  # one measure: its rows file and its document's compare file, in each language
            assert sorted(cached_made) == sorted(rel for rel in cached_made if "/compare/doc-liaoning-mobility.json" in rel
                                                 or "/explorer/rows-" in rel), cached_made
            assert sum("/explorer/rows-" in rel for rel in cached_made) == 2, cached_made
            assert sum("/compare/doc-liaoning-mobility.json" in rel for rel in cached_made) == 2, cached_made
        if n == 2:  # the document's title: also the compare index, which lists every document's title
            assert sum(rel.endswith("/compare/index.json") for rel in cached_made) == 2, cached_made
        assert len(cached_made) < every_file / 2, cached_made


def test_a_finished_index_reads_a_missing_key_as_empty_without_adding_it():
    index = Index({"a": Index({"x": [1]})}, empty=dict)
    assert index["b"] == {} and index["a"]["y"] == [] and "b" not in index and "y" not in index["a"]
    assert index["a"]["x"] == [1]


def test_a_damaged_store_is_a_miss_for_the_pages_it_damages(tmp_path):
    """Stored files gone or altered, and the output folder emptied: the pages are rendered or rewritten
    as without the cache."""
    from generator.site.render_cache import FILES, FOLDER

    project = copy_fixture_project(tmp_path / "project")
    cached, clean = tmp_path / "cached", tmp_path / "clean"
    _render(project, cached, cache=True)
    stored = sorted((project.build / FOLDER / FILES).iterdir())
    for victim in stored[::3]:
        victim.unlink()
    for victim in stored[1::3]:
        victim.write_bytes(b"not what was stored")
    for page in list((cached / "docs").rglob("*.md"))[::2]:
        page.unlink()
    assert _render(project, cached, cache=True) == _render(project, clean, cache=False)
