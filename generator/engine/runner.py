"""Which engine publishes the staged project, and running it.

MkDocs 1.6 is the default; ProperDocs (the drop-in continuation of MkDocs 1.x, pinned in the dev
requirements) runs the same staged project, the same theme, plugins and hooks unchanged: it redirects
`mkdocs.*` imports to itself. `ENGINE=properdocs make build` selects it; a test builds both and finds
the sites identical apart from the generator meta tag. Nothing outside engine/ names either engine.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from generator.errors import BuildError, Problem
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


def run_build(project: Project, config: Path, site_dir: Path, engine: str, source_date_epoch: str,
              cache: Path | None = None, beside: Callable[[], T] | None = None) -> T | None:
    """`<engine> build --strict` of the staged config into site_dir; its warnings become problems.
    With `cache`, pages whose inputs are unchanged come from the page cache (engine/page_cache.py).
    `beside`: work of our own done in this process while the engine runs (it keeps one core busy, so
    the other is free); its result is returned once both have finished."""
    extra = {"SOURCE_DATE_EPOCH": source_date_epoch, "PYTHONHASHSEED": "0"}
    if cache is not None:
        shutil.rmtree(cache / "pending", ignore_errors=True)  # left by a build that failed or was killed
        extra[CACHE_ENV] = str(cache.resolve())
    env = engine_env(extra)
    cmd = command(engine, "build", config, "--strict", "--quiet", "-d", str(site_dir))
    # output to files, not pipes: nobody reads a pipe while `beside` runs, and a full one would stall the engine
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(cmd, cwd=project.root, env=env, stdout=out, stderr=err, preexec_fn=die_with_parent)
        try:
            done = beside() if beside is not None else None
            returncode = process.wait()
        finally:
            if process.poll() is None:  # `beside` failed or the build was interrupted: the engine's work is moot
                process.kill()
                process.wait()
        out.seek(0)
        err.seek(0)
        stdout, stderr = (stream.read().decode("utf-8", errors="replace") for stream in (out, err))
    if cache is not None:
        commit_page_cache(cache, ok=returncode == 0)
    if returncode != 0:
        lines = [line for line in (stderr + stdout).splitlines() if line.strip()]
        problems = [Problem(engine, 0, 0, line.strip(), "fix the page or template it names", code="E-BUILD-MKDOCS") for line in lines[-30:]
                    if "WARNING" in line or "ERROR" in line or "Error" in line] or \
                   [Problem(engine, 0, 0, f"{engine} build failed: " + " | ".join(lines[-5:]), "see the output above",
                            code="E-BUILD-MKDOCS")]
        raise BuildError(problems)
    return done


def commit_page_cache(cache: Path, ok: bool, prune: bool = True) -> None:
    """After a successful engine run its new pages join the store, and (with prune) entries it did not
    use leave it (the store holds one site); after a failed run nothing it wrote is kept."""
    pending = cache / "pending"
    if ok and pending.is_dir():
        store = cache / "pages"
        store.mkdir(parents=True, exist_ok=True)
        used_file = pending / "used.txt"
        used = set(used_file.read_text(encoding="utf-8").split()) if used_file.exists() else set()
        for entry in pending.iterdir():
            if entry.suffix in (".html", ".json"):
                os.replace(entry, store / entry.name)
        for entry in store.iterdir() if prune else []:
            if entry.stem not in used:
                entry.unlink()
    shutil.rmtree(pending, ignore_errors=True)
