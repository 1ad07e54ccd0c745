"""MkDocs hooks used only by `make serve` (the mkdocs child of generator/serve.py): while the data has
errors, a banner at the top of every page names each one (file:line:column: error: what — how to fix);
after each build, the Pagefind index is rebuilt so search works in the preview too — in a thread of its
own, after the build has returned, so the browser reloads the edited page first (the index used to
hold the reload back by the whole Pagefind run).

It also makes the preview's rebuild cheap: MkDocs watches only the status file, polled often; the site
folder is kept between builds (`serve --dirty`; pages whose key is unchanged are not written again, see
page_cache, and what a build no longer makes is removed); the theme's files are listed once.
"""

import html
import json
import logging
import os
import re
import sys
import threading
import time
from pathlib import Path

from generator.engine.i18n_files import make_records_once
from generator.engine.runner import CACHE_STATUS_ENV, SEARCH_REINDEXED
from generator.engine.theme_files import list_theme_files_once
from generator.files import remove_file
from generator.paths import Project

_BODY = re.compile(r"<body[^>]*>")
_STYLE = ("position:sticky;top:0;z-index:10;margin:0;padding:.8rem 1rem;background:#fdecea;color:#611a15;"
          "border-bottom:3px solid #b71c1c;font:14px/1.4 system-ui,sans-serif;overflow-wrap:anywhere")


def banner(errors: list[str]) -> str:
    """The error banner: data is escaped (it is what the editor typed) and never becomes markup."""
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors)
    return (f'<div id="preview-errors" role="alert" style="{_STYLE}">'
            f'<strong><span lang="zh-Hans">数据有错误，预览显示的是上一次正确的版本</span> · <span lang="en">The data has errors: the '
            f"preview shows the last good version until they are fixed</span></strong>"
            f'<ul lang="en" style="margin:.4rem 0 0 1.2rem">{items}</ul></div>')


# How often the engine looks at the status file (MkDocs polls every 0.5 s, then waits 0.1 s for quiet):
# one small folder, so a tight poll costs nothing and takes a quarter second off every save
STATUS_POLL_S = 0.05
STATUS_QUIET_S = 0.01


def on_serve(server, config, builder, **kwargs):
    """Watch only the status folder: serve.py writes one file there after it has copied a render into
    the docs folder, so each save is exactly one rebuild (watching the docs folder itself, MkDocs saw the
    copies arrive in several batches on a busy machine and rebuilt twice). The status file is written
    once per save, whole, so it is polled often and nothing waits for more writes."""
    server.unwatch(config["docs_dir"])
    if config.config_file_path:
        server.unwatch(config.config_file_path)
    if getattr(server, "_watched_paths", None) == {}:  # nothing scheduled on MkDocs' observer yet: replace it with a faster one
        from watchdog.observers.polling import PollingObserver

        server.observer = PollingObserver(timeout=STATUS_POLL_S)
    server.build_delay = STATUS_QUIET_S
    return server


def _kept() -> dict:
    """State that outlives this hook file (MkDocs loads it again for every rebuild): on MkDocs' module."""
    import mkdocs.commands.build as mkdocs_build

    return mkdocs_build.__dict__.setdefault("_generator_serve", {"dests": {}, "quiet": False})


class _NoDirtyWarning(logging.Filter):
    def filter(self, record):
        return "'dirty' build" not in record.getMessage()


def _quiet_dirty_warning() -> None:
    """MkDocs warns that a dirty build may be inaccurate (and strict mode fails on it): the page keys make
    it exact. Installed when MkDocs loads this hook, before its first build."""
    kept = _kept()
    if not kept["quiet"]:
        logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())
        kept["quiet"] = True


_quiet_dirty_warning()


list_theme_files_once()  # engine/theme_files.py: once per theme state, not in every rebuild and language
make_records_once()  # engine/i18n_files.py: the i18n plugin's per-file records, once per file, not per rebuild


def on_env(env, config, files, **kwargs):
    """The preview builds into the same site folder every time (`serve --dirty`: rewriting a whole site
    after every save was most of the engine's time at scale; engine/page_cache.py writes only the pages
    whose key changed). What a build no longer makes (a deleted document's pages) is removed here, just
    before it writes: the destinations are final only now (the i18n plugin moves them per language)."""
    kept = _kept()
    current = {f.abs_dest_path for f in files}
    if not current:
        return env
    language = config.theme.get("language", "")  # the i18n plugin builds each language with its own files
    site = Path(config["site_dir"])
    for gone in sorted(kept["dests"].get(language, set()) - current):
        remove_file(Path(gone), site)  # and the folders it leaves empty
    kept["dests"][language] = current
    return env


def on_post_page(output, page, config, **kwargs):
    errors = current_errors()
    if not errors:
        return output
    return _BODY.sub(lambda m: m.group(0) + banner(errors), output, count=1)


def current_errors() -> list[str]:
    """The errors the banner shows: serve.py writes them to its status file and names that file in the
    child's environment (the page cache keys the preview's pages on it too)."""
    try:
        return json.loads(Path(os.environ[CACHE_STATUS_ENV]).read_text(encoding="utf-8"))["errors"]
    except (KeyError, OSError, ValueError, TypeError):
        return []


def reindex(site_dir: Path) -> None:
    from generator.engine.search import build_index

    # mkdocs-static-i18n builds the English site into <site>/en after the main build: index once both exist
    root = site_dir.parent if site_dir.name == "en" else site_dir
    if (root / "en").exists():
        build_index(Project(Path(os.environ.get("GENERATOR_ROOT", Project().root))), root)


class _Indexer:
    """One background indexer: builds that finish while it runs are folded into one more run."""

    def __init__(self):
        self.wanted = threading.Event()
        self.site_dir: Path | None = None
        self.thread: threading.Thread | None = None

    def request(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.wanted.set()
        if self.thread is None:
            # a daemon: it ends with the server; Pagefind, started with PR_SET_PDEATHSIG, ends with it
            self.thread = threading.Thread(target=self.run, name="pagefind-reindex", daemon=True)
            self.thread.start()

    def run(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            started = time.perf_counter()
            try:
                reindex(self.site_dir)
            except Exception as exc:  # search is stale until the next save; the preview keeps serving
                print(f"preview: search index not rebuilt: {exc}", file=sys.stderr, flush=True)
            else:
                print(f"preview: {SEARCH_REINDEXED} in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


_indexer = _Indexer()


def on_post_build(config, **kwargs):
    _indexer.request(Path(config["site_dir"]))
