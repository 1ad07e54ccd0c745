"""`python -m generator build`: the whole pipeline, all-or-nothing.

validate (incl. seed check; a seed without a document is refused, never drafted into data/) → render Markdown → mkdocs build (strict) into a
temporary directory → exports → search index → swap into site/. Any failure leaves the previous
site/ untouched.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.analyse.comparisons import analyse
from generator.data.inputs import require_regular_inputs
from generator.data.validate import validate
from generator.engine.runner import check_engine, run_build
from generator.engine.siteconfig import check_site_config
from generator.engine.staging import render_site_sources
from generator.errors import BuildError, DataError, Problem
from generator.files import move_tree
from generator.paths import Project
from generator.settings import Settings
from generator.site.export import write_exports


@dataclass
class BuildReport:
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    exports: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    def format(self) -> str:
        steps = ", ".join(f"{k} {v:.2f} s" for k, v in self.timings.items())
        total = sum(self.timings.values())
        return f"built site/ in {total:.1f} s ({steps}); {self.pages} pages per language; exports: " + \
            ", ".join(f"{k} {v}" for k, v in self.exports.items())


@contextmanager
def build_lock(project: Project):
    """One build at a time per checkout: two would write the same .build/ and swap half a site.
    The lock is an flock on .build/lock, released by the kernel however the holder dies."""
    project.build.mkdir(parents=True, exist_ok=True)
    lock_path = project.build / "lock"
    handle = open(lock_path, "a+")  # noqa: SIM115 - held for the whole build
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise BuildError(Problem(project.relative(lock_path), 0, 0,
                                     f"another build is running in this checkout (process {holder})",
                                     "wait for it to finish, then build again", code="E-BUILD-LOCKED")) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def _terminate_on_sigterm():
    """SIGTERM (CI cancelling the job) unwinds like Ctrl-C, so the clean-up runs. Returns the
    handler it replaced (None off the main thread, where handlers cannot be set)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def build(project: Project, out: Path | None = None, search: bool = True, settings: Settings | None = None,
          cache: bool = True) -> BuildReport:
    """`settings` come from the CLI (the environment, checked once); without them: no public URL, no tracker,
    the default engine. `cache=False` builds without the caches (.build/load-cache, render-cache, engine-cache)."""
    out = out or project.site
    settings = settings or Settings.defaults(project.root)
    # Everything that can be refused is refused before any work (and before anything is read).
    check_engine(settings.engine)
    require_regular_inputs(project)
    check_site_config(project)
    check_target(out)
    previous = _terminate_on_sigterm()
    try:
        with build_lock(project):
            return _build(project, out, search, settings, cache)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _build(project: Project, out: Path, search: bool, settings: Settings, cache: bool) -> BuildReport:
    report = BuildReport()
    clock = time.perf_counter()
    recover_interrupted_swap(out)
    # the site the last build replaced is deleted while this one works (deleting some 16,000 files at
    # 100x waits on the disk for seconds; here it overlaps validation, which waits on the processor)
    trash = project.build / TRASH
    replaced = sorted(trash.iterdir()) if trash.is_dir() else []  # listed now: this build adds one at its end
    emptying = threading.Thread(target=lambda: [shutil.rmtree(site, ignore_errors=True) for site in replaced])
    emptying.start()
    try:
        return _stages(project, out, search, settings, cache, report, clock)
    finally:
        emptying.join()


def _stages(project: Project, out: Path, search: bool, settings: Settings, cache: bool, report: BuildReport,
            clock: float) -> BuildReport:
    def lap(name: str, now: float | None = None) -> None:
        """The time since the last lap, up to `now` (default: this moment), as this stage's."""
        nonlocal clock
        now = time.perf_counter() if now is None else now
        report.timings[name] = now - clock
        clock = now

    # A seed no document uses yet is an error here: drafting it would write into data/ (the editors'
    # files) and the draft could not pass validation anyway; `make ingest` drafts it.
    corpus, problems = validate(project, undrafted_seeds_fail=True, cache=cache)
    if problems.errors:
        raise DataError(problems.problems)
    report.messages += [p.format() for p in problems.warnings]
    lap("validate")
    staging = project.build / "staging"
    # once: the pages and the downloads show the same comparisons (from scratch: a build keeps nothing for a next one)
    analysis = analyse(corpus)
    pages = render_site_sources(project, corpus, staging, settings=settings, analysis=analysis, cache=cache)
    report.pages = len(pages)
    lap("render")
    tmp_site = project.build / "site-tmp"
    if tmp_site.exists():
        shutil.rmtree(tmp_site)
    # the downloads are written while the engine runs (it keeps one core busy), into a folder of their
    # own (the engine empties its site folder as it starts), then moved into the engine's site
    exports = project.build / "exports-tmp"
    if exports.exists():
        shutil.rmtree(exports)
    # each language's search index is started as soon as its engine process has finished (it overlaps the
    # other language's engine), into a folder of its own, merged into the site's pagefind/ at the end
    indexes: list = []
    engines_done: list[float] = []

    def index_language(lang: str, folder: Path):
        from generator.engine.search import start_index

        engines_done.append(time.perf_counter())
        # the default language's folder holds its pages only (the others' folders join it later)
        indexes.append(start_index(project, folder, None if folder == tmp_site else lang, project.build / f"search-{lang or 'all'}"))
        return indexes[-1]
    try:
        report.exports = run_build(
            project, staging / "mkdocs.yml", tmp_site, settings.engine, settings.source_date_epoch,
            cache=project.build / "engine-cache" if cache else None,
            beside=lambda: write_exports(corpus, analysis, exports / "data", site_base=settings.site_base),
            after=index_language if search else None)
        if not settings.site_url:
            # without a public URL MkDocs writes <loc>None…</loc>: publish no sitemap rather than a wrong one
            for sitemap in [*tmp_site.glob("sitemap.xml*"), *tmp_site.glob("en/sitemap.xml*")]:
                sitemap.unlink()
        # the engines with the exports beside them (until the last language's engine finished)
        lap("mkdocs", engines_done[-1] if engines_done else None)
        if indexes:
            from generator.engine.search import merge_index

            indexes[0].output.rename(tmp_site / "pagefind")
            for more in indexes[1:]:
                merge_index(more.output, tmp_site / "pagefind")
            lap("pagefind")  # what search took after the last engine (it started after each language's engine)
        move_into(exports, tmp_site)
        lap("export")
        swap_into_place(tmp_site, out, project.build / TRASH)
    except BaseException:
        shutil.rmtree(tmp_site, ignore_errors=True)  # never leave a half-built site behind
        raise
    finally:
        shutil.rmtree(exports, ignore_errors=True)
        for index in indexes:
            shutil.rmtree(index.output, ignore_errors=True)
    return report


def move_into(source: Path, target: Path) -> None:
    """Every file under source to the same place under target (replacing a file there), then source goes."""
    move_tree(source, target)
    shutil.rmtree(source)


def check_target(target: Path) -> None:
    """site/ must be a plain folder (or absent): it is replaced by renaming, which would replace a
    symbolic link itself (and its target would go stale), so a link is refused before any work."""
    if target.is_symlink():
        raise BuildError(Problem(str(target), 0, 0, "the output folder is a symbolic link",
                                 "make it a real folder (point the web server at it), or build elsewhere", code="E-BUILD-OUTPUT"))
    if target.exists() and not target.is_dir():
        raise BuildError(Problem(str(target), 0, 0, "the output path exists and is not a folder", "move it away", code="E-BUILD-OUTPUT"))
    parent = target.parent
    if not os.access(parent, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK | os.X_OK)):
        raise BuildError(Problem(str(target), 0, 0, "the output folder (or its parent) is not writable",
                                 "fix its permissions, or build elsewhere", code="E-BUILD-OUTPUT"))


# under .build/: sites replaced by a build, deleted by the next one
TRASH = "replaced-sites"


def _old(target: Path) -> Path:
    return target.with_name(target.name + ".old")


def recover_interrupted_swap(target: Path) -> None:
    """A build killed between the two renames of the fallback swap left site.old and no site/."""
    old = _old(target)
    if old.is_dir() and not target.exists():
        old.rename(target)


def swap_into_place(new: Path, target: Path, trash: Path | None = None) -> None:
    """Replace target with new atomically: one renameat2(RENAME_EXCHANGE) where the kernel has it, so
    there is no moment without a site; else two renames, undone by the next build if killed between."""
    try:
        if target.exists() and _exchange(new, target):
            # new now holds the previous site: deleted here, or (`trash`) moved there for the next build
            # to delete while it works
            if trash is None or not _moved_aside(new, trash):
                shutil.rmtree(new)
            return
        old = _old(target)
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        new.rename(target)
        if old.exists():
            shutil.rmtree(old)
    except OSError as exc:
        raise BuildError(Problem(str(exc.filename or target), 0, 0, f"cannot replace the site: {exc.strerror}",
                                 "check the permissions of the output folder and its parent", code="E-BUILD-OUTPUT")) from None


def _moved_aside(folder: Path, trash: Path) -> bool:
    try:
        trash.mkdir(exist_ok=True)
        folder.rename(trash / f"site-{time.time_ns()}")
        return True
    except OSError:
        return False


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if sys.platform != "linux":
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EXDEV):  # filesystem or kernel without it
        return False
    raise OSError(err, os.strerror(err), str(b))
