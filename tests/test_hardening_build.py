"""Builds are exclusive and all-or-nothing: the swap into site/ is atomic (or undone by the next
build), a build killed at any moment leaves the old or the new site and no child process writing,
two builds at once give one site and one clear message, and a seed named differently from its
document is not drafted a second time."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import recover_interrupted_swap, swap_into_place
from generator.paths import REPO_ROOT
from tests.conftest import copy_fixture_project


def _tree(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.unit
def test_swap_replaces_the_site_in_one_step(tmp_path):
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "index.html").write_text("new")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("old")
    swap_into_place(tmp_path / "new", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.unit
def test_a_swap_killed_between_its_renames_is_undone_by_the_next_build(tmp_path):
    (tmp_path / "site.old").mkdir()
    (tmp_path / "site.old" / "index.html").write_text("old")
    recover_interrupted_swap(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "old"


def _start_build(project) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), NO_MKDOCS_2_WARNING="1")
    return subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project.root), "build", "--no-search"],
                            cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline:
            found.append(f"{proc.name}: {cmdline[:120]}")
    return found


@pytest.mark.slow
@pytest.mark.site
def test_killed_and_concurrent_builds_leave_a_whole_site(tmp_path):
    project = copy_fixture_project(tmp_path / "project")
    # a seed whose file name differs from its document's id: validate and build accept it as it is
    doc_path = project.documents / "liaoning-mobility.yaml"
    text = doc_path.read_text(encoding="utf-8")
    assert "seed: seeds/liaoning-mobility.txt" in text
    (project.seeds / "liaoning-mobility.txt").rename(project.seeds / "liaoning-renamed.txt")
    doc_path.write_text(text.replace("seed: seeds/liaoning-mobility.txt", "seed: seeds/liaoning-renamed.txt"), encoding="utf-8")

    started = time.monotonic()
    first = _start_build(project)
    out, err = first.communicate(timeout=600)
    duration = time.monotonic() - started
    assert first.returncode == 0, err
    assert not (project.documents / "liaoning-renamed.yaml").exists()  # no second draft of the same seed
    site = project.root / "site"
    old = _tree(site)

    # change one title, then kill builds at moments spread over a build's duration (every stage)
    doc_path.write_text(doc_path.read_text(encoding="utf-8").replace("en: ", "en: Changed ", 1), encoding="utf-8")
    after_kill = {}
    for fraction in (0.1, 0.3, 0.55, 0.8):  # validate, render, the engine, search and the swap
        build = _start_build(project)
        time.sleep(duration * fraction)
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
        # the kernel delivers the children's SIGKILL (PR_SET_PDEATHSIG); on a busy machine they take a moment to go
        deadline = time.monotonic() + 10
        while _processes_mentioning(str(project.root)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _processes_mentioning(str(project.root)) == [], fraction  # no orphaned mkdocs
        assert site.is_dir(), f"no site/ after a kill at {fraction:.0%} of the build"
        after_kill[fraction] = _tree(site)

    # two builds at once: one builds, the other says why it does not
    a, b = _start_build(project), _start_build(project)
    results = [(p.wait(timeout=600), p.stderr.read()) for p in (a, b)]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results
    message = next(err for code, err in results if code == 1)
    assert "error: another build is running in this checkout" in message and "Traceback" not in message
    new = _tree(site)
    assert new != old
    # builds are byte-reproducible, so after every kill the site was the old one or this one, whole
    assert {f: state in (old, new) for f, state in after_kill.items()} == {f: True for f in after_kill}
    assert "Changed" in (site / "en" / "documents" / "liaoning-mobility" / "index.html").read_text(encoding="utf-8")
    assert not (project.build / "site-tmp").exists()
