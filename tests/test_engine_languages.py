"""The languages built side by side (one engine process per language, engine/language_build.py, and a
search index per language started as each engine finishes) give the site one engine process and one
Pagefind run give, byte for byte: pages, language switcher, 404 page, sitemaps, assets, search index."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.build import build
from generator.engine.runner import run_build, site_languages
from generator.engine.search import build_index
from generator.settings import Settings
from tests.conftest import copy_project
from tests.sitecompare import files


@pytest.mark.slow
def test_one_process_per_language_builds_the_one_process_site(tmp_path):
    project = copy_project(tmp_path / "project", documents=["liaoning-mobility", "wenzhou-two-healthy-talent"])
    # with a public URL: canonical links, and a sitemap per language with the other language's alternates
    settings = replace(Settings.defaults(project.root), site_url="https://example.org/policy/")
    side_by_side = tmp_path / "side-by-side"
    build(project, out=side_by_side, settings=settings)
    staged = project.build / "staging" / "mkdocs.yml"
    assert site_languages(staged) == ["zh", "en"]
    one_process = tmp_path / "one-process"
    run_build(project, staged, one_process, settings.engine, settings.source_date_epoch, by_language=False)
    build_index(project, one_process)  # one Pagefind run over both languages
    engine_files = files(one_process)
    assert {"pagefind/pagefind-entry.json", "pagefind/wasm.en.pagefind"} <= set(engine_files)
    assert len([p for p in engine_files if p.startswith("pagefind/fragment/")]) > 40
    assert {"404.html", "sitemap.xml", "sitemap.xml.gz", "index.html", "en/index.html"} <= set(engine_files)
    assert len([p for p in engine_files if p.startswith("en/") and p.endswith(".html")]) > 20
    # build() adds the downloads after the engine: compare what the engine and Pagefind wrote, and nothing more
    built = files(side_by_side)
    assert [p for p in engine_files if p not in built] == []
    assert [p for p, data in engine_files.items() if built[p] != data] == []
    assert {p for p in built if p.endswith(".html")} == {p for p in engine_files if p.endswith(".html")}
    assert {p for p in built if p.startswith("pagefind/")} == {p for p in engine_files if p.startswith("pagefind/")}
    # the second language's own folder and the languages' indexes are gone
    assert not any(project.build.glob("site-tmp.*")) and not any(project.build.glob("search-*"))


@pytest.mark.slow
def test_a_failing_language_fails_the_build_and_keeps_the_site(tmp_path, monkeypatch):
    """The second language's engine process failing alone (here: it cannot import our Markdown extension)
    fails the build: the previous site stays, no half-built folder is left, the engine's error is shown."""
    from generator.engine import runner
    from generator.errors import BuildError

    project = copy_project(tmp_path / "project", documents=["liaoning-mobility"])
    site = tmp_path / "site"
    build(project, out=site, search=False)
    before = files(site)
    (project.docs / "en" / "about.md").write_text("# Changed\n", encoding="utf-8")
    engine_env = runner.engine_env

    def broken_for_english(extra=None):
        env = engine_env(extra)
        if (extra or {}).get(runner.LANGUAGE_ENV) == "en":
            env["PYTHONPATH"] = str(tmp_path / "nowhere")
        return env
    monkeypatch.setattr(runner, "engine_env", broken_for_english)
    with pytest.raises(BuildError) as caught:
        build(project, out=site, search=False)
    assert "generator.engine" in " ".join(p.format() for p in caught.value.problems)
    assert files(site) == before
    assert not (project.build / "site-tmp").exists() and not any(project.build.glob("site-tmp.*"))
