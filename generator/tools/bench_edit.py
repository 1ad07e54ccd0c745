"""The benchmark's editor-side measurements (used by tools/bench.py): the edit loop (one measure's English
changed → the preview serves the changed page), one-file validate, and the load/validate and render
caches (clean against cached).

The edit is made to the first measure, in document order, whose English heading (else text) is written
as-is in its YAML file, found through the loaded corpus, so the probe works on any corpus.

Standalone, the edit-loop probe and the cache timings for one project (no full builds):
`python -m generator.tools.bench_edit <project root>` prints JSON.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from generator.engine.runner import SEARCH_REINDEXED
from generator.paths import Project, with_generator_importable

MARKER = "EDIT-LOOP-PROBE"
MARKER_NEXT = "EDIT-LOOP-PROBE-AGAIN"  # the second save: the marker changed again


def probe_edit(project: Project, marker: str = MARKER) -> tuple[Path, str, str] | None:
    """(document file, its text, its text with `marker ` put before the English of one measure's heading
    or text), or None when no measure has English written verbatim in its file."""
    from generator.data.load import load_corpus

    corpus, _ = load_corpus(project)
    for doc in corpus.documents.values():
        path = project.root / doc.where.path
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        for measure in doc.measures:
            for field in (measure.heading, measure.text):
                english = field.en if field else None
                if not english or "\n" in english:
                    continue
                # the `en:` line of this measure: the first one after the measure's own line
                for number in range(measure.line - 1, len(lines)):
                    line = lines[number]
                    if line.strip() == f"en: {english}":
                        lines[number] = line.replace(f"en: {english}", f"en: {marker} {english}", 1)
                        return path, text, "".join(lines)
    return None


def measure_edit_loop(project: Project, timeout_s: float = 90, saves_wanted: int = 2) -> dict:
    """Seconds from saving a change to one document YAML to `python -m generator serve` serving the
    changed page: the editor's loop. Runs a real preview server on a free loopback port. `saves_wanted`: 2 times
    the first save after a release and the usual one after it; 1 only the first (the benchmark's test)."""
    import socket
    import urllib.request

    probe = probe_edit(project)
    if probe is None:
        return {"edit_loop_error": "no measure with English written as-is to edit"}
    doc, original, edited = probe
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/en/documents/{doc.stem}/"
    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project.root), "serve", "--address",
                               f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=with_generator_importable(dict(os.environ)), start_new_session=True)
    log = _TimedLines(server.stderr)

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + timeout_s
        while "<html" not in page():
            if time.monotonic() > deadline or server.poll() is not None:
                return {"edit_loop_error": "the preview server did not start"}
            time.sleep(0.2)
        # the first build's search index (Pagefind over the whole site, in the engine's background)
        log.wait_for(SEARCH_REINDEXED, 0, timeout_s)
        time.sleep(1)  # let the watcher settle after the first build
        result: dict = {}
        # Two saves. The first after a release also changes the dataset version every citation prints
        # ("+unreleased"), so every page that cites a measure changes; the saves after it change only the
        # pages that show the edited measure: what an editor waits for most of the time.
        saves = (("edit_loop", MARKER, edited), ("edit_loop_next", MARKER_NEXT, edited.replace(MARKER, MARKER_NEXT, 1)))
        saves = saves[:max(1, saves_wanted)]
        for name, marker, text in saves:
            start = time.monotonic()
            doc.write_text(text, encoding="utf-8")
            while marker not in page():
                if time.monotonic() - start > timeout_s:
                    last = " | ".join(line for _, line in log.lines[-6:])
                    return {**result, f"{name}_error": f"the change did not appear within {timeout_s:.0f} s "
                                                       f"(the preview's last lines: {last})"}
                time.sleep(0.05)
            served = time.monotonic() - start
            result.update({f"{name}_s": round(served, 2), f"{name}_steps": log.steps(start, served)})
            if name != saves[-1][0]:  # the re-index after the reload (an editor reads first), before the next save
                log.wait_for(SEARCH_REINDEXED, start + served, timeout_s)
        return result
    finally:
        doc.write_text(original, encoding="utf-8")
        stop_process_group(server)


# What the preview and its engine print on the way, in order: the step each line ends
EDIT_LOOP_STEPS = (("rendered", "re-rendered in"), ("engine started", "Detected file changes"),
                   ("engine done", "Reloading browsers"))


class _TimedLines:
    """The preview's stderr, read in a thread, each line with the time it arrived: where the edit loop's
    seconds go (the generator's steps are in its `re-rendered` line, the engine's in MkDocs' log)."""

    def __init__(self, stream):
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for raw in stream:
            self.lines.append((time.monotonic(), raw.decode("utf-8", errors="replace").strip()))

    def wait_for(self, needle: str, since: float, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not any(at >= since and needle in line for at, line in list(self.lines)):
            time.sleep(0.1)

    def steps(self, start: float, served: float) -> dict:
        """Seconds from the save to the first line of each step after it, and the preview's own breakdown."""
        found: dict = {}
        for at, line in list(self.lines):
            for name, needle in EDIT_LOOP_STEPS:
                if at >= start and needle in line and name not in found:
                    found[name] = round(at - start, 2)
                    if name == "rendered":
                        found["preview"] = line[line.find("re-rendered in"):]
        found["served"] = round(served, 2)
        return found


def stop_process_group(proc: subprocess.Popen, grace_s: float = 10) -> None:
    """Stop a process started with start_new_session=True and everything it started (serve's mkdocs):
    terminating only the parent used to leave `mkdocs serve` running, watching a deleted folder. The
    leader is asked first (serve stops its own children cleanly); whatever is left is killed."""
    proc.terminate()
    deadline = time.monotonic() + grace_s
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        pass
    while time.monotonic() < deadline and _group_alive(proc.pid):
        time.sleep(0.1)
    if _group_alive(proc.pid):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:  # the group ended after the check
            pass
    proc.wait()


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs. An exited one its parent has not reaped yet (a zombie)
    does not: under a test session, which adopts orphans (it is their subreaper) and reaps none, counting
    one waited out the whole grace period for a group that had stopped."""
    try:
        entries = os.listdir("/proc")
    except OSError:  # no /proc (not Linux): a zombie counts
        try:
            os.killpg(pgid, 0)
            return True
        except (ProcessLookupError, PermissionError):
            return False
    return any(st is not None and st[2] == pgid and st[0] != "Z"
               for st in (process_stat(int(entry)) for entry in entries if entry.isdigit()))


def process_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, process group) of a process from Linux's /proc, None if it is gone (tests/processes.py
    uses it too, to find what the tests left running)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as stat:
            text = stat.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # the command name may contain spaces and parentheses
    return fields[0], int(fields[1]), int(fields[2])


def measure_validate_one(project: Project) -> float:
    """What an editor waits for: `python -m generator validate <one file>` (reference data + one document),
    with the load cache as the editor has it (filled by an earlier validate or build)."""
    path = sorted(project.documents.glob("*.yaml"))[0]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "validate", str(path)],
                          capture_output=True, text=True, env=with_generator_importable(dict(os.environ)))
    if done.returncode != 0:
        raise RuntimeError(f"validating one document failed: {done.stderr[-500:]}")
    return time.perf_counter() - start


def measure_caches(project: Project) -> dict:
    """validate and render, clean (no cache) against cached: validate warm (nothing changed) and after one
    measure's English changed; render with the stored render reused (data unchanged)."""
    from generator.data.validate import validate
    from generator.engine.staging import render_site_sources

    def timed(action) -> tuple[float, object]:
        start = time.perf_counter()
        value = action()
        return round(time.perf_counter() - start, 3), value

    result: dict = {}
    result["validate_clean_s"], (corpus, _) = timed(lambda: validate(project, check_seeds=False, cache=False))
    timed(lambda: validate(project, check_seeds=False))  # fills the load cache
    result["validate_cached_s"], _ = timed(lambda: validate(project, check_seeds=False))
    probe = probe_edit(project, "Revised")
    if probe:
        path, original, edited = probe
        try:
            path.write_text(edited, encoding="utf-8")
            result["validate_cached_one_changed_s"], _ = timed(lambda: validate(project, check_seeds=False))
        finally:
            path.write_text(original, encoding="utf-8")
    staging = project.build / "bench-staging"
    result["render_clean_s"], _ = timed(lambda: render_site_sources(project, corpus, staging, cache=False))
    timed(lambda: render_site_sources(project, corpus, staging))  # fills the render cache
    result["render_cached_s"], _ = timed(lambda: render_site_sources(project, corpus, staging))
    result["validate_one_document_s"] = round(measure_validate_one(project), 3)
    return result


def format_caches(results: list[dict]) -> str:
    """The report's section on the caches, one line per scale."""
    lines = []
    for r in results:
        if "validate_cached_s" not in r:
            continue
        line = (f"- {r['scale']}×: validate clean {r['validate_clean_s']:.1f} s, cached {r['validate_cached_s']:.1f} s")
        if "validate_cached_one_changed_s" in r:
            line += f", cached with one file changed {r['validate_cached_one_changed_s']:.1f} s"
        line += (f"; one-file validate {r['validate_one_document_s']:.2f} s; "
                 f"render clean {r['render_clean_s']:.1f} s, cached (data unchanged) {r['render_cached_s']:.1f} s")
        lines.append(line)
    return "## Caches (.build/load-cache, .build/render-cache)\n\n" + "\n".join(lines) + "\n" if lines else ""


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print("usage: python -m generator.tools.bench_edit <project root>", file=sys.stderr)
        return 2
    project = Project(Path(args[0]).resolve())
    from generator.tools.bench_engine import loadavg

    result = {"load_before": loadavg(), **measure_caches(project)}
    scale = max(1, round(len(list(project.documents.glob("*.yaml"))) / max(1, len(list(project.seeds.glob("*.txt"))))))
    result.update(measure_edit_loop(project, timeout_s=90 * scale), load_after=loadavg())
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
