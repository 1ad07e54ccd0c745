"""`python -m generator serve` (make serve): live preview while editing.

Two processes, one owner:

- this process watches data/, templates/ and docs/ (polling, so it works on any file system), waits
  until saving has stopped (debounce), re-validates and renders into a scratch folder, then copies only
  the changed pages into the staging folder and deletes the pages that no longer exist (a deleted
  document disappears). Copying at the end, in one short burst, is what gives one rebuild per save:
  rendering straight into the watched folder spread the writes over a second and MkDocs rebuilt twice.
- `mkdocs serve` (a child) watches only the status file, which this process rewrites once the pages
  are in place; it rebuilds and reloads the browser. Its hook (serve_hook.py) puts a banner naming every error (file:line:column, message,
  fix) at the top of every page while the data has errors, and re-indexes search after each build.

Any error while rendering is shown in the browser and the terminal, and the preview keeps running:
the pages stay at the last good state until the error is fixed, then the banner goes. Stopping the
preview (Ctrl-C, SIGTERM, SIGHUP, or this process dying) stops `mkdocs serve` too.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import jinja2

from generator.data.load_cache import keep_in_process
from generator.data.validate import validate
from generator.engine.runner import CACHE_ENV, CACHE_STATUS_ENV, check_engine, command, engine_env
from generator.engine.staging import render_site_sources
from generator.errors import GeneratorError, Problem
from generator.paths import Project
from generator.settings import Settings

STAGING = "serve"          # .build/serve: what mkdocs serve builds (mkdocs.yml + docs/)
SCRATCH = "serve-next"     # .build/serve-next: each render goes here first
STATUS = "status"          # .build/serve/status/errors.json: read by serve_hook for the banner
POLL_S = 0.1               # how often the sources are looked at (a stat of each source file: milliseconds)
QUIET_S = 0.2              # a save is over when nothing changed for this long (editors save in bursts; a
                           # burst split in two costs a second render, not a wrong page)


def staging(project: Project) -> Path:
    return project.build / STAGING


def errors_file(project: Project) -> Path:
    return staging(project) / STATUS / "errors.json"


def _serve_config(project: Project) -> dict:
    return {
        # the hook ships with this code, wherever the project being previewed lives (--root)
        "hooks": [str(Path(__file__).resolve().parent / "engine" / "serve_hook.py")],
        # the pages are rendered into the scratch folder, but served from the staging folder
        "docs_dir": str((staging(project) / "docs").resolve()),
        "watch": [str((staging(project) / STATUS).resolve())],
    }


def render_preview(project: Project, settings: Settings | None = None,
                   steps: dict[str, float] | None = None) -> tuple[list[str], int]:
    """Validate and render into the staging folder. Returns the errors (as printed lines) that kept the
    pages from being updated ([] when the preview shows the current data) and how many staged files
    changed. Never raises: the preview must survive whatever an editor saves. `steps` receives the
    seconds each step took (validate, render, sync), for the preview's log line and the benchmark."""
    steps = {} if steps is None else steps
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        steps[name] = now - clock
        clock = now

    try:
        corpus, problems = validate(project, check_seeds=False)
        lap("validate")
        for p in problems.problems:
            print(p.format(), file=sys.stderr, flush=True)
        if problems.errors:
            return [p.format() for p in problems.errors], 0
        scratch = project.build / SCRATCH
        # the scratch folder is kept between saves: the render writes only the files that change
        render_site_sources(project, corpus, scratch, clean=False, extra_config=_serve_config(project),
                            settings=settings or Settings.defaults(project.root))
        lap("render")
        changed = sync_tree(scratch, staging(project), keep={STATUS})
        lap("sync")
        return [], changed
    except GeneratorError as exc:
        lines = [p.format() for p in exc.problems]
    except jinja2.TemplateError as exc:  # an edit to templates/: name the template and line
        name = getattr(exc, "name", None) or getattr(exc, "filename", None)
        where = f"templates/pages/{name}" if name and "/" not in name else (name or "templates/pages")
        line = getattr(exc, "lineno", 0) or 0
        lines = [Problem(where, line, 1 if line else 0, f"template error: {exc}", "fix the template", code="E-TEMPLATE").format()]
    except Exception as exc:  # a bug, or a file system error: say so, keep serving the last good pages
        lines = [Problem("-", 0, 0, f"internal error while rendering: {type(exc).__name__}: {exc}",
                         "this is a bug in the generator (run `make validate` or GENERATOR_DEBUG=1 make build for details)",
                         code="E-INTERNAL").format()]
    for line in lines:
        print(line, file=sys.stderr, flush=True)
    return lines, 0


def sync_tree(source: Path, target: Path, keep: set[str] = frozenset()) -> int:
    """Make target equal to source, touching only files that differ; top-level names in `keep` are left
    alone. Returns how many files were written or removed. A copy keeps its source's modification time, so
    a file whose size and time match its source's is the same file (the next save compares no bytes: the
    render writes only the files that change). Plain strings and os.scandir, not pathlib: at 100× the
    folders hold 16,000 files, and pathlib's per-path work was most of a save's sync."""
    touched = 0
    wanted = set()
    for rel, src_stat in _tree(str(source)):
        wanted.add(rel)
        dst = os.path.join(target, rel)
        if src_stat is None:  # a folder
            os.makedirs(dst, exist_ok=True)
            continue
        dst_stat = _file_stat(dst)
        if dst_stat and (dst_stat.st_size, dst_stat.st_mtime_ns) == (src_stat.st_size, src_stat.st_mtime_ns):
            continue
        src = os.path.join(source, rel)
        if dst_stat and dst_stat.st_size == src_stat.st_size and filecmp.cmp(src, dst, shallow=False):
            os.utime(dst, ns=(src_stat.st_atime_ns, src_stat.st_mtime_ns))  # the same bytes: only the time
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)
        touched += 1
    for rel, dst_stat in reversed(list(_tree(str(target)))) if target.exists() else []:
        if rel.split("/", 1)[0] in keep or rel in wanted:
            continue
        dst = os.path.join(target, rel)
        if dst_stat is None:
            if not os.listdir(dst):
                os.rmdir(dst)
        else:
            os.unlink(dst)
            touched += 1
    return touched


def _tree(root: str, rel: str = ""):
    """(relative path with "/", its stat or None for a folder) of everything under root, sorted, each
    folder before what it holds."""
    with os.scandir(os.path.join(root, rel) if rel else root) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        path = f"{rel}/{entry.name}" if rel else entry.name
        if entry.is_dir():
            yield path, None
            yield from _tree(root, path)
        else:
            yield path, entry.stat()


def _file_stat(path: str) -> os.stat_result | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def write_status(project: Project, errors: list[str], staged_changes: int) -> None:
    """Tell mkdocs to rebuild (it watches only this file) and the hook what to show. Written only when
    the pages or the errors changed, so a save that changes nothing shown costs no rebuild."""
    path = errors_file(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        before = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {"errors": None, "generation": 0}
    if staged_changes or before.get("errors") != errors:
        status = {"errors": errors, "generation": before.get("generation", 0) + 1}
        # written beside the watched folder, then renamed into it: MkDocs' poller sees one change, the whole
        # file (written in place, a poll between the truncation and the write, on a busy machine, was a
        # second change and a second rebuild for one save)
        tmp = path.parent.parent / f".{path.name}.tmp"
        tmp.write_text(json.dumps(status, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)


def snapshot(project: Project) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every source file the preview depends on."""
    found = {}
    for folder in (project.data, project.templates, project.docs):
        for path in folder.rglob("*") if folder.exists() else []:
            try:
                st = path.stat()
            except OSError:  # deleted while we looked
                continue
            if not path.is_dir():
                found[str(path)] = (st.st_mtime_ns, st.st_size)
    config = project.root / "mkdocs.yml"
    if config.exists():
        found[str(config)] = (config.stat().st_mtime_ns, config.stat().st_size)
    return found


def changed_files(before: dict, after: dict) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def wait_for_quiet(project: Project, seen: dict) -> tuple[dict, list[str]]:
    """After a first change, wait until the files stop changing; returns the new snapshot and what changed."""
    current = snapshot(project)
    changed = changed_files(seen, current)
    while True:
        time.sleep(QUIET_S)
        later = snapshot(project)
        if later == current:
            return current, changed
        changed = sorted(set(changed) | set(changed_files(current, later)))
        current = later


class _Stop(BaseException):
    """Raised by the SIGTERM/SIGHUP handler so the finally block stops mkdocs (a BaseException, like
    KeyboardInterrupt: the render step turns every Exception into the banner, and a SIGTERM arriving
    during a render was reported as an internal error while the preview kept running)."""


def _raise_stop(signum, frame):
    raise _Stop(signum)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """mkdocs must act on SIGINT (its clean shutdown), even when this process was started with SIGINT
    ignored (a background job of a shell), and on Linux it gets SIGINT if this process dies, even by SIGKILL."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Python then installs its KeyboardInterrupt handler
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGINT)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def stop_child(child: subprocess.Popen, grace_s: float = 10) -> None:
    """SIGINT first (mkdocs shuts its server down and removes its temporary site), then SIGKILL."""
    if child.poll() is not None:
        return
    child.send_signal(signal.SIGINT)
    try:
        child.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def serve(project: Project, address: str = "127.0.0.1:8000", settings: Settings | None = None) -> int:
    settings = settings or Settings.defaults(project.root)
    # imported by the Chinese pages' sorting on first use: here once, not in the language workers after every save
    import pypinyin  # noqa: F401

    keep_in_process()  # the load cache's entries stay in memory between saves (data/load_cache.py)

    seen = snapshot(project)
    shutil.rmtree(project.build / "serve-cache" / "pending", ignore_errors=True)  # left by a preview that was killed
    errors, staged = render_preview(project, settings)
    config = staging(project) / "mkdocs.yml"
    if not config.exists():  # nothing was ever rendered: there is no last good page to show
        print("error: the preview cannot start until the data is valid — fix the errors above, then run make serve again",
              file=sys.stderr)
        return 1
    write_status(project, errors, staged)
    # the engine's page cache, keyed on the banner's errors too: a save re-renders only the pages it changed
    env = engine_env({"GENERATOR_ROOT": str(project.root), CACHE_ENV: str((project.build / "serve-cache").resolve()),
                      CACHE_STATUS_ENV: str(errors_file(project).resolve())})
    # --dirty: the site folder is kept between builds; the page cache writes only the pages that changed
    # and serve_hook removes what is gone (cleaning it rewrote the whole site after every save)
    cmd = command(check_engine(settings.engine), "serve", config, "-a", address, "--livereload", "--dirty")
    previous = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    child = subprocess.Popen(cmd, cwd=project.root, env=env, preexec_fn=_die_with_parent if os.name == "posix" else None)
    try:
        while child.poll() is None:
            time.sleep(POLL_S)
            if snapshot(project) == seen:
                continue
            seen, changed = wait_for_quiet(project, seen)
            started = time.perf_counter()
            steps: dict[str, float] = {}
            errors, staged = render_preview(project, settings, steps)
            write_status(project, errors, staged)
            names = ", ".join(project.relative(Path(c)) for c in changed[:3]) + (" …" if len(changed) > 3 else "")
            state = f"{len(errors)} error{'s' if len(errors) != 1 else ''}: shown in the browser" if errors else "ok"
            detail = ", ".join(f"{name} {s:.2f} s" for name, s in steps.items())
            print(f"preview: {names} changed — re-rendered in {time.perf_counter() - started:.1f} s ({state}; {detail}; "
                  f"{staged} staged file{'s' if staged != 1 else ''} changed)", file=sys.stderr, flush=True)
        return child.returncode or 0
    except (KeyboardInterrupt, _Stop):
        return 0
    finally:
        stop_child(child)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
