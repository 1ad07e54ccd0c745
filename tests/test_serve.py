"""`make serve`, as an editor uses it: a save shows up after one rebuild; an error in the data shows in
the page (file:line and message) and goes when fixed; a deleted document disappears; stopping the
preview stops everything it started."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.paths import REPO_ROOT, with_generator_importable
from generator.tools.bench import stop_process_group

from .conftest import copy_fixture_project
from .processes import alive, command, descendants, in_group

pytestmark = pytest.mark.slow

DOC = "data/documents/jilin-2020-task-division.yaml"
PAGE = "/en/documents/jilin-2020-task-division/"


class Preview:
    def __init__(self, root: Path, log: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.url = f"http://127.0.0.1:{s.getsockname()[1]}"
        self.root, self.log = root, log
        env = with_generator_importable(dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        with open(log, "wb") as out:  # a new session: the test can find, and must stop, the whole group
            self.proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "--address",
                                          self.url.removeprefix("http://")], cwd=REPO_ROOT, env=env, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8", errors="replace")
        except urllib.error.HTTPError as exc:
            return exc.code, ""
        except OSError:
            return 0, ""

    def wait_for(self, condition, what: str, timeout: float = 120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"serve exited ({self.proc.returncode}):\n{self.output()[-3000:]}"
            result = condition()
            if result:
                return result
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}:\n{self.output()[-3000:]}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def rebuilds(self) -> int:
        return self.output().count("Detected file changes")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def renders(self) -> int:
        return self.output().count("preview: ")

    def settled(self, renders_before: int) -> None:
        """Wait until serve has re-rendered after a save and mkdocs has finished every build it started."""
        # every rebuild mkdocs starts ends in "Reloading browsers" (its "Documentation built" line is not
        # always written before the next poll of the log, so it is not counted)
        def done():
            out = self.output()
            return out.count("preview: ") > renders_before and out.count("Reloading browsers") == out.count("Detected file changes")
        self.wait_for(done, "the save to be handled")
        time.sleep(1)  # a second rebuild for the same save would be detected within this
        assert self.output().count("Reloading browsers") == self.rebuilds()


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve") / "project"
    copy_fixture_project(root)  # the small fixture project: quicker rebuilds
    server = Preview(root, root.parent / "serve.log")
    try:
        server.wait_for(lambda: server.get(PAGE)[0] == 200, "the first build")
        yield server
    finally:
        if server.proc.poll() is None:
            stop_process_group(server.proc)


@pytest.mark.browser
def test_in_the_browser_a_broken_file_shows_its_error_and_the_fix_shows_the_page(preview, browser):
    """What the editor sees: the open page reloads by itself with the error named, then without it."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(preview.url + PAGE)
        title = page.text_content("h1")
        preview.edit(DOC, "region: jilin", "region: nowhere")
        banner = page.wait_for_selector("#preview-errors", timeout=120_000)  # livereload, no manual reload
        text = banner.text_content()
        assert re.search(rf"{re.escape(DOC)}:\d+:\d+: error: unknown region 'nowhere'", text), text
        assert page.text_content("h1") == title  # the last good page is still there under the banner
        preview.edit(DOC, "region: nowhere", "region: jilin")
        page.wait_for_selector("#preview-errors", state="detached", timeout=120_000)
        assert page.text_content("h1") == title
    finally:
        context.close()


def test_a_broken_file_is_named_in_the_page_once_per_save_and_goes_when_fixed(preview):
    before, renders = preview.rebuilds(), preview.renders()
    preview.edit(DOC, "provisions:", "provisions: [")  # a YAML syntax error: the preview must survive it
    page = preview.wait_for(lambda: "preview-errors" in preview.get(PAGE)[1] and preview.get(PAGE)[1], "the error banner")
    assert re.search(rf"{re.escape(DOC)}:\d+:\d+: error: YAML syntax error", page), page[:2000]
    preview.settled(renders)
    assert preview.rebuilds() == before + 1  # one save, one rebuild
    renders = preview.renders()
    # fixed, with a visible change in the same save: the banner goes and the change shows
    preview.edit(DOC, "provisions: [", "provisions:")
    preview.edit(DOC, "en: Strengthen", "en: PREVIEWPROBE Strengthen")
    preview.wait_for(lambda: "PREVIEWPROBE" in preview.get(PAGE)[1], "the fixed page")
    assert "preview-errors" not in preview.get(PAGE)[1]
    preview.settled(renders)
    assert preview.rebuilds() == before + 2


def test_saves_that_keep_a_staged_page_the_same_size_still_show(preview):
    """The engine keys a staged page by its bytes, read again only when the file's fingerprint (size,
    times, inode) changed: edits that keep every staged file the same size show, one save after another,
    and the page's title (front matter, reused while the file is unchanged) follows an edit to it."""
    renders = preview.renders()
    text = (preview.root / DOC).read_text(encoding="utf-8")
    measure = "en: PREVIEWPROBE Strengthen" if "en: PREVIEWPROBE Strengthen" in text else "en: Strengthen"  # (an earlier test's edit)
    preview.edit(DOC, measure, "en: SAMESIZE1 Strengthen")
    preview.wait_for(lambda: "SAMESIZE1" in preview.get(PAGE)[1], "the first edit")
    preview.settled(renders)
    for old, new in (("SAMESIZE1", "SAMESIZE2"), ("SAMESIZE2", "SAMESIZE3")):
        renders = preview.renders()
        preview.edit(DOC, old, new)
        preview.wait_for(lambda new=new: new in preview.get(PAGE)[1], f"the edit to {new}")
        assert old not in preview.get(PAGE)[1]
        preview.settled(renders)
    def title() -> str:
        return re.search(r"<title>([^<]*)</title>", preview.get(PAGE)[1]).group(1)

    before = title()
    assert "Task Division Plan" in before
    renders = preview.renders()
    preview.edit(DOC, "en: Task Division Plan", "en: Task Divizion Plan")  # the document's English title
    preview.wait_for(lambda: "Task Divizion Plan" in title(), "the new title")
    preview.settled(renders)
    assert title() == before.replace("Task Division Plan", "Task Divizion Plan")


def test_a_deleted_document_disappears(preview):
    preview.wait_for(lambda: preview.get("/documents/liaoning-mobility/")[0] == 200, "the document's page")
    (preview.root / "data/documents/liaoning-mobility.yaml").unlink()
    preview.wait_for(lambda: preview.get("/documents/liaoning-mobility/")[0] == 404, "the deleted document's page to go")
    status, home = preview.get("/documents/")
    assert status == 200 and "liaoning-mobility" not in home


def test_stopping_serve_stops_everything_it_started(preview):
    started = descendants(preview.proc.pid)
    assert any("mkdocs" in command(p) for p in started), [command(p) for p in started]
    preview.proc.send_signal(signal.SIGTERM)
    assert preview.proc.wait(timeout=30) == 0
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(alive(p) for p in started):
        time.sleep(0.2)
    assert [command(p) for p in started if alive(p)] == []
    assert in_group(preview.proc.pid) == []
    assert preview.get(PAGE)[0] == 0  # nothing answers on the port any more
