"""Which engine publishes the staged project, and running it.

MkDocs 1.6 is the default; ProperDocs (the drop-in continuation of MkDocs 1.x, pinned in the dev
requirements) runs the same staged project, the same theme, plugins and hooks unchanged: it redirects
`mkdocs.*` imports to itself. `ENGINE=properdocs make build` selects it; a test builds both and finds
the sites identical apart from the generator meta tag. Nothing outside engine/ names either engine.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Protocol, TypeVar

import yaml

from generator.errors import BuildError, Problem
from generator.files import move_tree, replace_file
from generator.paths import Project, die_with_parent, with_generator_importable

T = TypeVar("T")
# engine name (ENGINE=…) → the Python module whose command line builds and serves (`python -m …`)
ENGINES = {"mkdocs": "mkdocs", "properdocs": "properdocs"}
DEFAULT_ENGINE = "mkdocs"
# the engine's page cache folder, for engine/page_cache.py in the engine process (unset: no cache)
CACHE_ENV = "GENERATOR_PAGE_CACHE"
# the preview's status file (errors.json): the errors it lists are on every page (the banner), so in keys
CACHE_STATUS_ENV = "GENERATOR_PAGE_CACHE_STATUS"
# what the preview's engine prints once search has caught up with a save (the benchmark waits for it)
SEARCH_REINDEXED = "search index rebuilt"
# the engine's page cache: the store's index, and what each engine process leaves for commit_page_cache
INDEX = "index.json"
INDEX_LOG = "index.log"
BUILD_RECORD_PREFIX = "build-"
# the language one engine process publishes (engine/language_build.py; unset: all of them)
LANGUAGE_ENV = "GENERATOR_ENGINE_LANGUAGE"


def check_engine(name: str) -> str:
    """The engine named (settings.engine, from ENGINE), checked: unknown or not installed is an error."""
    if name not in ENGINES:
        raise BuildError(Problem("ENGINE", 0, 0, f"unknown engine {name[:40]!r}",
                                 f"set ENGINE to one of: {', '.join(sorted(ENGINES))} (or leave it unset for {DEFAULT_ENGINE})",
                                 code="E-ENGINE"))
    if importlib.util.find_spec(ENGINES[name]) is None:
        raise BuildError(Problem("ENGINE", 0, 0, f"engine {name!r} is not installed",
                                 "install the dev requirements (make check does), or leave ENGINE unset", code="E-ENGINE"))
    return name


def engine_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The child's environment: our package importable (mkdocs.yml names generator.engine.rawhtml), no
    MkDocs 2 / ProperDocs banners on stderr."""
    return with_generator_importable(dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
                                          **(extra or {})))


def command(engine: str, verb: str, config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", ENGINES[engine], verb, "-f", str(config), *args]


class Started(Protocol):
    """Work started on one language's finished engine output (its search index): waited for, or stopped."""
    def finish(self) -> object: ...
    def stop(self) -> None: ...


def run_build(project: Project, config: Path, site_dir: Path, engine: str, source_date_epoch: str,
              cache: Path | None = None, beside: Callable[[], T] | None = None, by_language: bool = True,
              after: Callable[[str, Path], Started] | None = None) -> T | None:
    """`<engine> build --strict` of the staged config into site_dir; its warnings become problems.
    With `cache`, pages whose inputs are unchanged come from the page cache (engine/page_cache.py).
    `beside`: work of our own done in this process while the engine runs; its result is returned once
    both have finished. `by_language`: one engine process per language of the i18n plugin, side by side
    (engine/language_build.py; the same site as one process building them one after the other).
    `after(language, folder)`: started as soon as that language's engine process has succeeded, on the
    folder it wrote (language "" when one process builds all); finished before the folders are merged."""
    extra = {"SOURCE_DATE_EPOCH": source_date_epoch, "PYTHONHASHSEED": "0"}
    if cache is not None:
        shutil.rmtree(cache / "pending", ignore_errors=True)  # left by a build that failed or was killed
        extra[CACHE_ENV] = str(cache.resolve())
    languages = site_languages(config) if by_language else []
    # (language, its site folder): the default language's process writes the site, the others a folder
    # of their own, moved into the site when every process has finished
    runs = [(lang, site_dir if n == 0 else site_dir.with_name(f"{site_dir.name}.{lang}")) for n, lang in enumerate(languages)] \
        or [("", site_dir)]
    processes: list[tuple[subprocess.Popen, IO, IO]] = []
    started: list[Started] = []
    returncodes: list[int | None] = [None] * len(runs)
    # output to files, not pipes: nobody reads a pipe while `beside` runs, and a full one would stall the engine
    with contextlib.ExitStack() as stack:
        try:
            for lang, folder in runs:
                if folder != site_dir:
                    shutil.rmtree(folder, ignore_errors=True)
                out, err = (stack.enter_context(tempfile.TemporaryFile()) for _ in range(2))
                env = engine_env(dict(extra, **({LANGUAGE_ENV: lang} if lang else {})))
                # not --quiet: it hides the warnings --strict fails on (output goes to the files above)
                cmd = command(engine, "build", config, "--strict", "-d", str(folder))
                processes.append((subprocess.Popen(cmd, cwd=project.root, env=env, stdout=out, stderr=err,
                                                   preexec_fn=die_with_parent), out, err))
            done = beside() if beside is not None else None
            while None in returncodes and not any(returncodes):  # (any: a failure, 0 and None are not)
                for n, (process, _, _) in enumerate(processes):
                    if returncodes[n] is None and process.poll() is not None:
                        returncodes[n] = process.returncode
                        if process.returncode == 0 and after is not None:
                            started.append(after(*runs[n]))
                time.sleep(0.05)
            if all(code == 0 for code in returncodes):
                for work in started:
                    work.finish()
        finally:
            for process, _, _ in processes:
                if process.poll() is None:  # `beside` failed, a language failed or the build was interrupted
                    process.kill()
                    process.wait()
            for work in started:
                work.stop()
        outputs = []
        for _, out, err in processes:
            out.seek(0)
            err.seek(0)
            outputs.append(tuple(stream.read().decode("utf-8", errors="replace") for stream in (out, err)))
    try:
        ok = all(code == 0 for code in returncodes)
        if cache is not None:
            commit_page_cache(cache, ok=ok)
        for (stdout, stderr), code in zip(outputs, returncodes):
            if code:
                raise BuildError(engine_problems(engine, stdout, stderr))
        for _, folder in runs:
            if folder != site_dir:
                move_tree(folder, site_dir)
    finally:
        for _, folder in runs:
            if folder != site_dir:
                shutil.rmtree(folder, ignore_errors=True)
    return done


def engine_problems(engine: str, stdout: str, stderr: str) -> list[Problem]:
    lines = [line for line in (stderr + stdout).splitlines() if line.strip()]
    return [Problem(engine, 0, 0, line.strip(), "fix the page or template it names", code="E-BUILD-MKDOCS") for line in lines[-30:]
            if "WARNING" in line or "ERROR" in line or "Error" in line] or \
           [Problem(engine, 0, 0, f"{engine} build failed: " + " | ".join(lines[-5:]), "see the output above",
                    code="E-BUILD-MKDOCS")]


def site_languages(config: Path) -> list[str]:
    """The languages the i18n plugin of the staged config builds, the default first ([] without it)."""
    staged = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    for plugin in staged.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            languages = [lang for lang in plugin["i18n"].get("languages") or [] if lang.get("build", True)]
            return [lang["locale"] for lang in sorted(languages, key=lambda lang: not lang.get("default"))]
    return []


def commit_page_cache(cache: Path, ok: bool, prune: bool = True) -> None:
    """After a successful engine run its new pages join the store, and (with prune) entries it did not
    use leave it (the store holds one site); after a failed run nothing it wrote is kept. The store:
    pages/<key>.html and one index (pages/index.json: key → entry), with the entries added since it was
    written appended to pages/index.log (a line each); each engine process leaves its used keys and new
    entries in pending/build-*.json (engine/page_cache.py). A build (prune) writes the index whole; the
    preview (no prune, after every save) only appends: rewriting the whole index twice per save was a
    second at 100×."""
    pending = cache / "pending"
    if ok and pending.is_dir():
        store = cache / "pages"
        store.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        added: dict[str, dict] = {}
        for record_file in sorted(pending.glob(BUILD_RECORD_PREFIX + "*.json")):
            record = json.loads(record_file.read_text(encoding="utf-8"))
            used.update(record["used"])
            added.update(record["entries"])
        for entry in pending.iterdir():
            if entry.suffix == ".html":
                os.replace(entry, store / entry.name)
        if prune:
            index = {key: entry for key, entry in {**read_store_index(store), **added}.items() if key in used}
            for entry in store.iterdir():
                if entry.suffix == ".html" and entry.stem not in index:
                    entry.unlink()
            replace_file(store / INDEX, json.dumps(index, ensure_ascii=False, sort_keys=True).encode("utf-8"))
            (store / INDEX_LOG).unlink(missing_ok=True)
        elif added:
            with open(store / INDEX_LOG, "a", encoding="utf-8") as log:
                log.write("".join(json.dumps({key: entry}, ensure_ascii=False) + "\n" for key, entry in added.items()))
    shutil.rmtree(pending, ignore_errors=True)


def read_store_index(store: Path) -> dict[str, dict]:
    """The page cache's index (key → entry): index.json and the lines appended to index.log since; {} where
    missing, and a damaged line is skipped (its page is then built again)."""
    try:
        index = json.loads((store / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = {}
    index = index if isinstance(index, dict) else {}
    try:
        lines = (store / INDEX_LOG).read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    for line in lines:
        try:
            index.update(json.loads(line))
        except (ValueError, TypeError):
            continue
    return index
