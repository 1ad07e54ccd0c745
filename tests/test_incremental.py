"""Incremental builds: the engine's page cache (.build/engine-cache) redoes only the pages whose inputs
changed, and a build that used the caches (with the load and render caches, .build/load-cache and
.build/render-cache) is byte for byte the build without them, after editing a document, a reference
file, a page template and a theme template, and with a deleted or corrupt cache."""

from __future__ import annotations

import shutil

import pytest

from generator.build import build
from generator.site.render import Renderer
from tests.conftest import copy_project
from tests.sitecompare import differences

pytestmark = pytest.mark.slow


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: {old!r} not found once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _first_english(path) -> str:
    """The first English text of a measure-length field in a data file (a line `en: …` long enough)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("en: ") and len(stripped) > 80 and stripped.endswith(".") and '"' not in stripped and "'" not in stripped:
            return stripped
    raise AssertionError(f"{path}: no long English line to edit")


def test_cached_build_equals_clean_build_after_edits(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project", documents=["liaoning-mobility"])
    store = project.build / "engine-cache" / "pages"
    site = tmp_path / "cached"
    build(project, out=site, search=False)
    first = {p.name for p in store.iterdir()}
    assert first, "the first build filled the page cache"
    # nothing changed: every page comes from the cache, no entry is added or dropped
    build(project, out=site, search=False)
    assert {p.name for p in store.iterdir()} == first

    # one document's English changes: only the pages that show it are built again
    doc = project.documents / "liaoning-mobility.yaml"
    line = _first_english(doc)
    _edit(doc, line, line[:-1] + ", as the editors revised it.")
    build(project, out=site, search=False)
    second = {p.name for p in store.iterdir()}
    rebuilt = second - first
    assert rebuilt and len(rebuilt) < len(second) / 2, (len(rebuilt), len(second))
    assert any("as the editors revised it." in p.read_text(encoding="utf-8") for p in (site / "en" / "documents").rglob("*.html"))

    # a reference file, a page template and a theme template change too
    _edit(project.data / "themes.yaml", (reference := _first_english(project.data / "themes.yaml")),
          reference[:-1] + ";")  # same length: descriptions have a length limit
    page_template = project.templates / "pages" / "document.md.j2"
    page_template.write_text(page_template.read_text(encoding="utf-8") + '<div class="revised-template"></div>\n', encoding="utf-8")
    _edit(project.templates / "overrides" / "main.html", "{% block content %}", '{% block content %}\n  <span class="revised-theme"></span>')
    build(project, out=site, search=False)

    clean = tmp_path / "clean"
    shutil.rmtree(project.build / "engine-cache")
    build(project, out=clean, search=False, cache=False)
    assert differences(site, clean) == []
    assert "revised-template" in (clean / "documents" / "liaoning-mobility" / "index.html").read_text(encoding="utf-8")
    assert "revised-theme" in (clean / "index.html").read_text(encoding="utf-8")
    revised = reference[len("en: "):-1] + ";"
    assert any(revised in p.read_text(encoding="utf-8") for p in (clean / "en" / "themes").rglob("*.html"))

    # the engine's cache deleted and the load cache's entries corrupt: the same site. The data did not
    # change since the last cached build, so its stored render is used (Jinja does not run)
    for entry in (project.build / "load-cache").rglob("*.pickle"):
        entry.write_bytes(b"corrupt")
    renders = []
    real_render_all = Renderer.render_all
    monkeypatch.setattr(Renderer, "render_all", lambda self, out: renders.append(out) or real_render_all(self, out))
    again = tmp_path / "again"
    build(project, out=again, search=False)
    assert differences(again, clean) == [] and any(store.iterdir())
    assert renders == []


def test_a_page_changed_in_place_in_the_site_is_not_served_from_the_store(tmp_path):
    """A build's pages and the store's are one file under two names (no second copy of the site): a page
    someone changed in place in site/ must be rendered again by the next build, not copied from the store."""
    project = copy_project(tmp_path / "project", documents=["liaoning-mobility"])
    site = tmp_path / "site"
    build(project, out=site, search=False)
    page = site / "en" / "documents" / "liaoning-mobility" / "index.html"
    store = project.build / "engine-cache" / "pages"
    assert any(f.stat().st_ino == page.stat().st_ino for f in store.glob("*.html"))  # stored as a link
    original = page.read_bytes()
    with open(page, "ab") as handle:  # in place: the same file, as the store sees it
        handle.write(b"<!-- changed in place -->")
    build(project, out=site, search=False)
    assert page.read_bytes() == original
