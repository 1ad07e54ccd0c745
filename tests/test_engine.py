"""The door to the engine: the same staged project builds on MkDocs and on ProperDocs (the MkDocs 1.x
continuation) into the same site, apart from the generator meta tag; an unknown engine is refused."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import pytest

from generator.build import build
from generator.paths import REPO_ROOT
from generator.settings import Settings
from tests.conftest import copy_project
from tests.sitecompare import GENERATOR_META, differences, files, without_generator_meta


@pytest.mark.slow
def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    project = copy_project(tmp_path / "project", documents=["liaoning-mobility"])
    mkdocs_site, properdocs_site = tmp_path / "mkdocs-site", tmp_path / "properdocs-site"
    # without search: Pagefind indexes the engine's HTML, compared here whole
    build(project, out=mkdocs_site, search=False, settings=replace(Settings.defaults(project.root), engine="mkdocs"))
    build(project, out=properdocs_site, search=False, settings=replace(Settings.defaults(project.root), engine="properdocs"))
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


@pytest.mark.slow
def test_nav_rendered_once_per_folder_gives_the_same_site(tmp_path):
    """The nav cache (engine/build_hooks.py) changes no byte: the staged project built without the
    hook (every page renders its own nav, as Material does) equals the build with it."""
    import yaml

    from generator.engine.runner import run_build

    project = copy_project(tmp_path / "project", documents=["liaoning-mobility", "wenzhou-two-healthy-talent"])
    cached = tmp_path / "cached"
    build(project, out=cached, search=False)
    staged = project.build / "staging" / "mkdocs.yml"
    config = yaml.safe_load(staged.read_text(encoding="utf-8"))
    assert any(h.endswith("build_hooks.py") for h in config["hooks"])
    config["hooks"] = [h for h in config["hooks"] if not h.endswith("build_hooks.py")]
    plain_config = staged.with_name("no-nav-cache.yml")
    plain_config.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plain = tmp_path / "plain"
    run_build(project, plain_config, plain, "mkdocs", Settings.defaults(project.root).source_date_epoch)
    # build() removes the sitemap when SITE_URL is unset; the plain engine run does not
    for sitemap in [*plain.glob("sitemap.xml*"), *plain.glob("en/sitemap.xml*")]:
        sitemap.unlink()
    assert len(list(cached.rglob("*.html"))) > 20
    # build() adds the downloads and feeds after the engine: compare what the engine wrote
    engine_files = files(plain)
    assert {p for p in files(cached) if p.endswith(".html")} == {p for p in engine_files if p.endswith(".html")}
    assert [p for p, data in engine_files.items() if (cached / p).read_bytes() != data] == []


class _Page:
    def __init__(self, url):
        self.url = url


class _Nav:
    def __init__(self, *urls):
        self.pages = [_Page(u) for u in urls]


def test_nav_cache_key_shares_only_between_pages_outside_the_nav_in_one_folder():
    from generator.engine.build_hooks import cache_key

    nav = _Nav("", "documents/", "themes/", "about/")
    a, b, c = _Page("documents/a/"), _Page("documents/b/"), _Page("themes/x/")
    assert cache_key(a, nav, "zh", "站") == cache_key(b, nav, "zh", "站") is not None
    assert cache_key(a, nav, "zh", "站") != cache_key(c, nav, "zh", "站")
    assert cache_key(a, nav, "zh", "站") != cache_key(a, nav, "en", "Site")
    assert cache_key(nav.pages[1], nav, "zh", "站") is None  # in the nav: its item is active
    assert cache_key(_Page("documents/"), nav, "zh", "站") is None  # same URL as a nav page
    assert cache_key(_Page("do/"), _Nav("do/x/"), "zh", "站") is None  # a nav page below it: links differ
    assert cache_key(None, nav, "zh", "站") is None


def test_a_warning_of_the_engine_fails_the_build_and_keeps_the_site(tmp_path, cli):
    """`--strict` fails on the engine's warnings (a link to a page that does not exist), so they must reach
    it: with `--quiet` MkDocs logged only errors and such a build passed. The last good site stays."""
    from tests.conftest import copy_fixture_project

    project = copy_fixture_project(tmp_path / "project")
    assert cli("build", root=project.root).returncode == 0
    before = (project.root / "site" / "en" / "about" / "index.html").read_bytes()
    about = project.root / "docs" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [the missing page](no-such-page.md).\n", encoding="utf-8")
    result = cli("build", root=project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no-such-page.md" in result.stderr and "[E-BUILD-MKDOCS]" in result.stderr, result.stderr
    assert (project.root / "site" / "en" / "about" / "index.html").read_bytes() == before
