"""Shared fixtures: a throw-away copy of the project to mutate, the small fixture project the tests that
build or serve a project of their own run on (tests/fixtures/project), a CLI runner, one built site (with
a synthetic new document added) shared by the site and browser tests of every xdist worker; markers; and
the check that the session leaves no process behind."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.paths import REPO_ROOT, Project

DESKTOP = {"width": 1366, "height": 900}  # the tab's width at the start of every test
# axe-core, served beside each site under test at AXE_URL: a script fetched by URL is compiled once per
# browser and then reused from its cache; injected as text, it was compiled again on every page (0.4 CPU-s)
AXE = REPO_ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
AXE_URL = "/__tests__/axe.min.js"
COPIED = ["data", "seeds", "templates", "docs", "mkdocs.yml"]


def copy_from_checkout(names: list[str], target: Path) -> None:
    """The named files and folders of this checkout, copied into target under the same names."""
    for name in names:
        src = REPO_ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        else:
            shutil.copyfile(src, target / name)


def copy_project(target: Path, documents: list[str] | None = None) -> Project:
    """A copy of the project; with `documents`, only those documents (and their seeds): a smaller
    corpus for tests that build many times."""
    copy_from_checkout(COPIED, target)
    project = Project(target)
    if documents is not None:
        for path in [*project.documents.glob("*.yaml"), *project.seeds.glob("*.txt")]:
            if path.stem not in documents:
                path.unlink()
    return project


@pytest.fixture
def project_copy(tmp_path) -> Project:
    return copy_project(tmp_path / "project")


# The project the behaviour tests run on: three shortened documents (one with its seed), only the regions,
# agencies and themes they use, and its own release history. Its data is its own, so editing the seed
# corpus cannot change what these tests see; the site's code (templates, pages, mkdocs.yml) and the schemas
# are the project's, so the tests exercise exactly what ships. test_data.py keeps it valid.
FIXTURE_PROJECT = REPO_ROOT / "tests" / "fixtures" / "project"
FROM_THE_PROJECT = ["templates", "docs", "mkdocs.yml", "data/schema"]


def copy_fixture_project(target: Path) -> Project:
    """A writable copy of the fixture project, ready for `generator --root`."""
    shutil.copytree(FIXTURE_PROJECT, target)
    copy_from_checkout(FROM_THE_PROJECT, target)
    return Project(target)


@pytest.fixture
def fixture_copy(tmp_path) -> Project:
    return copy_fixture_project(tmp_path / "project")


@contextmanager
def counting_yaml_parses(project: Project, *modules):
    """The data files parsed while the block runs (project-relative, in order), counted through the
    `load_yaml` each of `modules` calls."""
    parsed: list[str] = []
    real = modules[0].load_yaml

    def counting(path, text=None):
        parsed.append(project.relative(path))
        return real(path, text)

    with pytest.MonkeyPatch.context() as patch:
        for module in modules:
            patch.setattr(module, "load_yaml", counting)
        yield parsed


def shared_across_workers(tmp_path_factory, name: str, make):
    """make(directory) once per test session, whatever the number of xdist workers: the first worker to get
    here makes it under a lock in the session's common temp directory, the others wait and reuse it.
    (A session-scoped fixture alone runs once per worker: two builds of the same site on two cores.)"""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # pytest-of-<user>/pytest-<n>/: shared by this session's workers
    directory = base / f"shared-{name}"
    with open(base / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = directory / ".done"
        if not done.exists():
            shutil.rmtree(directory, ignore_errors=True)
            directory.mkdir()
            make(directory)
            done.touch()
    return directory


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
    """One full build (with the search index) of a copy of the project, shared by the site and browser
    tests of every xdist worker (read-only: a test that changes files copies them first). A new editor's
    document (new region, new agencies, not yet reviewed) is added first, so every site and browser check
    also proves that adding a valid document cannot break the suite."""
    from generator.build import build

    from .newdoc import add_synthetic_document

    def make(directory: Path) -> None:
        project = copy_project(directory / "project")
        add_synthetic_document(project)
        build(project, out=project.root / "site")

    project = Project(shared_across_workers(tmp_path_factory, "site-build", make) / "project")
    return project, project.root / "site"


@pytest.fixture(scope="session")
def fixture_built(tmp_path_factory):
    """The fixture project as it is, built once per session for all workers: the browser checks of every
    page type (axe-core, console, language switch, screenshots) run on its pages, which are small, so
    axe-core (whose cost grows with the page) takes a fraction of the time."""
    from generator.build import build

    def make(directory: Path) -> None:
        project = copy_fixture_project(directory / "project")
        build(project, out=project.root / "site")

    project = Project(shared_across_workers(tmp_path_factory, "fixture-build", make) / "project")
    return project, project.root / "site"


@pytest.fixture(scope="session")
def fixture_site_url(fixture_built):
    """The built fixture project served over HTTP on a free loopback port."""
    from generator.tools.searchprobe import serve_site

    _, site = fixture_built
    with serve_site(site, extra_files={AXE_URL: AXE}) as base:
        yield base


@pytest.fixture(scope="session")
def site_url(built):
    """The built site served over HTTP on a free loopback port."""
    from generator.tools.searchprobe import serve_site

    _, site = built
    with serve_site(site, extra_files={AXE_URL: AXE}) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium-headless-shell driven by Playwright (Playwright's own browser download cannot work here)."""
    from playwright.sync_api import sync_playwright

    from generator.tools.searchprobe import CHROMIUM_ARGS, headless_chromium_path

    if not shutil.which("chromium-headless-shell"):
        pytest.fail("chromium-headless-shell is not installed: run `make browser-deps` (make test does; it installs Debian's chromium-headless-shell, the browser these tests drive)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=headless_chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


def watch(page, problems: list[str], console: tuple[str, ...] = ("error",)) -> None:
    """Record into `problems` what goes wrong on the tab's pages: console messages of the given types,
    script errors, failed requests and HTTP errors."""
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in console else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # leaving a page aborts what it still loads (its favicon, a fetch): not a failure of the page
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}")
            if "ERR_ABORTED" not in (r.failure or "") else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)


@pytest.fixture(scope="session")
def _worker_tab(browser):
    """One browser tab per test worker (see `tab`), with the problems its pages report."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.problems = []
    watch(page, page.problems)
    yield page
    context.close()


@pytest.fixture
def tab(_worker_tab):
    """The worker's browser tab, reset for this test: desktop width, no problems recorded, and on leaving
    the site's storage cleared and the tab sent to about:blank. A new context and tab per test cost
    about 0.4 CPU-seconds each and started every page with cold caches (Material's script, Pagefind's
    WebAssembly): half the browser tests' CPU time. Tests that need a browser state of their own (a
    locale, JavaScript off, a fresh storage on purpose) still make their own context."""
    page = _worker_tab
    page.set_viewport_size(DESKTOP)
    page.problems.clear()
    yield page
    try:
        page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear() } catch (e) {} }")
        page.goto("about:blank")
    except Exception:  # a test that broke the tab: the next test's goto still works, or fails loudly
        pass
    page.problems.clear()


# ---- markers ------------------------------------------------------------------------------------
# unit: fast, no build (everything not marked otherwise); data: checks of the committed data;
# site: over a built site; browser: chromium; slow: builds or servers of their own.
# `make check` runs what is unit or data and needs no built site, browser or project build of its own; `make test` runs everything.

# Whole modules, named here so the test files themselves need no edits: suites that build or synthesize
# projects of their own are "slow"; checks of the committed data (seeds, canonical form) are "data".
MODULE_MARKERS = {
    "test_hostile_input": "slow", "test_synth": "slow", "test_parallel": "slow", "test_bench": "slow",
    "test_corrections": "slow", "test_ingest_new_document": "slow", "test_render_pages": "slow", "test_render_cache": "slow", "test_site": "site", "test_seed_integrity": "data", "test_canonical": "data", "test_ingest_seeds": "data",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if getattr(item, "module", None) else ""
        if module in MODULE_MARKERS:
            item.add_marker(getattr(pytest.mark, MODULE_MARKERS[module]))
        names = getattr(item, "fixturenames", ())
        if ("built" in names or "fixture_built" in names) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.site)
        if not any(item.get_closest_marker(m) for m in ("data", "site", "browser", "slow")):
            item.add_marker(pytest.mark.unit)
    run_long_work_first(items)


def run_long_work_first(items) -> None:
    """Order the scopes pytest-xdist hands out (`--dist loadscope --no-loadscope-reorder`: a module, or a class,
    at a time, in this order) so both workers finish together instead of one idling while the other ends a
    long one: scopes that build, serve or drive the browser first, then those over the built site, then the
    unit and data tests; within each, scopes of more tests first, so the last ones handed out are small.
    (xdist's own order, most tests first whatever they do, left single-test builds and browser sweeps for
    the end, with one core idle for half a minute.) Stable: a scope keeps its tests' order."""
    def rank(item) -> int:
        if item.get_closest_marker("slow") or item.get_closest_marker("browser"):
            return 0
        return 1 if item.get_closest_marker("site") else 2

    def scope(item) -> str:
        return item.nodeid.rsplit("::", 1)[0]  # xdist's loadscope unit: the module, or the class

    ranks: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for item in items:
        ranks[scope(item)] = min(ranks.get(scope(item), 2), rank(item))
        sizes[scope(item)] = sizes.get(scope(item), 0) + 1
    items.sort(key=lambda item: (ranks[scope(item)], -sizes[scope(item)]))


# ---- no process left behind ---------------------------------------------------------------------

def pytest_configure(config):
    # Linux: become the "subreaper" of everything this session starts, so a grandchild orphaned by a
    # killed parent (the `mkdocs serve` a killed preview left behind) is re-parented to this process
    # and found below, instead of escaping to init.
    try:
        import ctypes

        ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
    except Exception:
        pass


def pytest_sessionfinish(session, exitstatus):
    """Every server, preview and browser a test started must be stopped by it: fail the run otherwise."""
    from .processes import command, descendants

    if not Path("/proc").is_dir():
        return
    if session.config.pluginmanager.hasplugin("dsession"):
        return  # pytest-xdist's controller: its workers are its children; each worker checks its own
    import time

    deadline = time.monotonic() + 5  # a browser closed by the last fixture may take a moment to exit
    while (left := descendants(os.getpid())) and time.monotonic() < deadline:
        _reap_zombies()
        time.sleep(0.1)
    _reap_zombies()
    if not left:
        return
    import signal

    print("\nprocesses left behind by the tests (a test started them and did not stop them):", file=sys.stderr)
    for pid in left:
        print(f"  {pid}: {command(pid)[:200]}", file=sys.stderr)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for pid in left:  # reap those that were (re-parented) children of this process
        try:
            os.waitpid(pid, 0)
        except OSError:
            pass
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _reap_zombies() -> None:
    """Orphans re-parented to this process (see pytest_configure) are ours to reap once they exit."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
