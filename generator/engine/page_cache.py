"""MkDocs hooks: the engine's page cache, so that a build redoes only the pages whose inputs changed.

A page's HTML is a function of its staged Markdown, its place (source path, URL, destination), the set
of files in the build (links and language alternates), the nav (labels and URLs), the config, the theme
overrides, this package's engine code, the pinned engine versions and SOURCE_DATE_EPOCH. All of that
goes into the page's key (sha256); a page whose key was built before by a successful build is not
rendered again: Markdown is not run (`_populate_page` with a no-op render) and the template is not
rendered (`_build_page` writes the stored bytes). What other pages need from a skipped page — its
anchors, its links to other pages' anchors (MkDocs validates them after the build) and the title the
render found — is stored with it and restored, so validation sees what a clean build sees.

In a build (a new site folder each time) a stored page and the built page are one file under two names
(hard links: the store is not a second copy of the site); the preview's site folder, which MkDocs rewrites
in place, gets copies. Each entry records its file's size and modification time, checked whenever the page
is reused: a page changed in place in site/ is rendered again, not served from the store.

Entries written by a build go to `pending/`; the runner moves them into the store only when the engine
exits successfully (a strict-mode warning fails the build after pages are written: such a page must not
be served from the cache later), and keeps only the entries that build used, so the store never grows
past one site. The cache is on only when the runner sets GENERATOR_PAGE_CACHE to its folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

import yaml
from mkdocs.commands import build as mkdocs_build
from mkdocs.utils.meta import get_data

from generator.engine.runner import BUILD_RECORD_PREFIX, CACHE_ENV, CACHE_STATUS_ENV, commit_page_cache, read_store_index
from generator.files import content_key, replace_file
from generator.jinjacache import CompiledTemplates

ENGINE_DIR = Path(__file__).resolve().parent
ENGINE_PACKAGE = mkdocs_build.__name__.split(".")[0]  # "properdocs" when ProperDocs stands in for MkDocs

_state: dict = {"base": {}, "nav": {}}


def cache_dir() -> Path | None:
    value = os.environ.get(CACHE_ENV, "")
    return Path(value) if value else None


def _tree_bytes(folder: Path, pattern: str = "*") -> list:
    return [(p.relative_to(folder).as_posix(), p.read_bytes()) for p in sorted(folder.rglob(pattern))
            if p.is_file() and "__pycache__" not in p.parts]


def base_key(config, files) -> str:
    """Everything every page depends on, once per language build (the i18n plugin builds English with
    its own config and files)."""
    key = (id(config), id(files))
    if key not in _state["base"]:
        config_path = Path(config.config_file_path)
        staged = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
        parents = [Path(staged["INHERIT"]).read_bytes()] if staged.get("INHERIT") else []
        custom_dir = config.theme.custom_dir
        _state["base"][key] = content_key(
            config_path.read_bytes(), *parents, repr(_tree_bytes(Path(custom_dir))) if custom_dir else "",
            repr(_tree_bytes(ENGINE_DIR, "*.py")), _status_errors(),
            # the engine that runs (MkDocs or ProperDocs: they print different generator tags) and its parts
            ENGINE_PACKAGE, version(ENGINE_PACKAGE),
            *(version(name) for name in ("mkdocs-material", "mkdocs-static-i18n", "markdown", "jinja2")),
            os.environ.get("SOURCE_DATE_EPOCH", ""), config.theme.get("language", ""), config.site_url or "",
            # the files of this build: links and language alternates are resolved against them
            repr(sorted((f.src_uri, f.dest_uri) for f in files)),
        )
    return _state["base"][key]


def _status_errors() -> str:
    """In the preview, the errors its banner puts on every page (see serve_hook)."""
    status = os.environ.get(CACHE_STATUS_ENV, "")
    if not status:
        return ""
    try:
        return repr(json.loads(Path(status).read_text(encoding="utf-8")).get("errors"))
    except (OSError, ValueError, AttributeError):
        return "unreadable"


def nav_signature(nav) -> str:
    """The nav as pages print it: titles and URLs, in order (computed once per build)."""
    if id(nav) not in _state["nav"]:
        def walk(items):
            return [(type(i).__name__, str(i.title), getattr(i, "url", None), walk(getattr(i, "children", None) or []))
                    for i in items]
        _state["nav"][id(nav)] = (nav, content_key(repr(walk(nav.items))))
    return _state["nav"][id(nav)][1]


def source_key(page, config, files) -> str:
    return content_key(base_key(config, files), page.file.src_uri, page.file.dest_uri, page.url, _source(page)[1])


def _sources() -> dict:
    """Staged file → (its fingerprint, the sha256 of its bytes, its front matter as JSON or None), kept on
    MkDocs' module so that it outlives the hook's reloads: `mkdocs serve` rebuilds in one process, and
    reading and parsing every staged page again after each save was most of its rebuild. The preview
    writes a staged file only when its bytes change (serve.sync_tree), and every write changes the file's
    change time (ctime, set by the kernel: it cannot be set back), so an unchanged fingerprint is an
    unchanged file."""
    return mkdocs_build.__dict__.setdefault("_generator_sources", {})


def _fingerprint(path: str) -> tuple:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _source(page) -> tuple:
    """The page's (fingerprint, sha256, front matter JSON or None), its file read only when it changed."""
    path = page.file.abs_src_path
    known = _sources().get(path)
    fingerprint = _fingerprint(path)
    if known is None or known[0] != fingerprint:
        data = Path(path).read_bytes()
        known = (fingerprint, hashlib.sha256(data).hexdigest(), None)
        _sources()[path] = known
        page._generator_source = data  # read once: read_source below takes the page from these bytes
    return known


def _read_source_keeping_front_matter(page, known: tuple, cached: bool):
    """Page.read_source that keeps the page's front matter for the next build in this process, while the
    file is unchanged (what the nav and other pages use of it: its title), and takes the page from the
    bytes the key was computed from when they were just read (not opening each page twice). `cached`: the page is served
    from the cache, so no Markdown is needed and, with its front matter known, nothing is read. A page
    rendered for real is read as MkDocs reads it, and its front matter kept too: without that the
    preview's first rebuild after its first build (which renders every page) read and parsed every
    staged page again, 12 s against 4 s at 100×."""
    original = page.read_source

    def read_source(config):
        data = page.__dict__.pop("_generator_source", None)
        if cached and known[2] is not None:
            page.markdown, page.meta = "", json.loads(known[2])
            return
        source = config.plugins.on_page_read_source(page=page, config=config)  # (what MkDocs' own read_source asks)
        if source is None and data is not None:
            try:
                source = data.decode("utf-8-sig")  # as MkDocs reads a page (File.content_string)
            except UnicodeDecodeError:
                source = None  # MkDocs' own read names the file
        if source is None:
            original(config)
        else:
            page.markdown, page.meta = get_data(source)
        path = page.file.abs_src_path
        try:
            if _fingerprint(path) == known[0]:  # not changed while it was read (the preview syncs files meanwhile)
                _sources()[path] = (*known[:2], json.dumps(page.meta))
        except (OSError, TypeError, ValueError):  # gone, or front matter JSON cannot hold (a YAML date): parsed again
            pass
    return read_source


def _entry(key: str) -> dict | None:
    """A stored page: what its render found (its nav, title, anchors, links, its file's stamp), or None: from
    this process's own entries, else from the store's index (read once per process). Kept per process: a key
    names fixed content, and the preview never prunes its store. A page whose HTML is gone or changed when
    it is needed is rendered (`_stored_html`)."""
    known = _entries().get(key)
    if known is None:
        known = _store_index().get(key)
    return known


def _store_index() -> dict[str, dict]:
    """The store's index (key → entry, runner.read_store_index), as this process found it first."""
    folder = cache_dir()
    state = mkdocs_build.__dict__.setdefault("_generator_store_index", {})
    if state.get("folder") != folder:
        state.update(folder=folder, index=read_store_index(folder / "pages") if folder else {})
    return state["index"]


def _entries() -> dict[str, dict]:
    """Key → stored entry, on MkDocs' module so that it outlives the hook's reloads (see _sources)."""
    return mkdocs_build.__dict__.setdefault("_generator_entries", {})


def _stored_html(key: str) -> Path | None:
    """The stored page's file: in the store, or still pending (written by this build); None when gone or
    changed since it was stored (a stored page may be a built page's file under a second name, see
    build_page: one changed in place in site/ must not come back)."""
    folder = cache_dir()
    for path in (folder / "pages" / f"{key}.html", folder / "pending" / f"{key}.html"):
        try:
            st = path.stat()
        except OSError:
            continue
        if [st.st_size, st.st_mtime_ns] == (_entry(key) or {}).get("stat"):
            return path
        break
    _entries().pop(key, None)
    _store_index().pop(key, None)
    return None


def _noop_render(page):
    def render(config, files):
        page.content = ""
    return render


# MkDocs' own steps, kept on its module: `mkdocs serve` loads this hook file again for every rebuild,
# and a second load must wrap the originals, not the first load's wrappers
if not hasattr(mkdocs_build, "_generator_originals"):
    mkdocs_build._generator_originals = (mkdocs_build._populate_page, mkdocs_build._build_page)
_original_populate, _original_build = mkdocs_build._generator_originals


def _written() -> dict[str, str]:
    """The preview's site folder, kept between its builds (`serve --dirty`, see serve_hook): destination →
    the key of the page last written there, on MkDocs' module so that it outlives the hook's reloads."""
    return mkdocs_build.__dict__.setdefault("_generator_written", {})


def populate_page(page, config, files, dirty=False):
    # `dirty` (the preview) means the site folder is kept: MkDocs' own dirty mode would skip pages by
    # modification time, which misses a page whose nav or links changed; the keys decide instead
    dirty = False
    folder = cache_dir()
    if folder is None or page.file.abs_src_path is None:
        return _original_populate(page, config, files, dirty)
    key = source_key(page, config, files)
    page._generator_cache_key = key
    page._generator_files = files
    entry = _entry(key)
    if entry is None:
        page.read_source = _read_source_keeping_front_matter(page, _source(page), cached=False)
        try:
            return _original_populate(page, config, files, dirty)
        finally:
            del page.read_source
    # the page is in the cache (for some nav): its front matter as usual (parsed once while unchanged), skip Markdown
    page.render = _noop_render(page)
    page.read_source = _read_source_keeping_front_matter(page, _source(page), cached=True)
    try:
        _original_populate(page, config, files, dirty)
    finally:
        del page.render, page.read_source
    stored = entry
    page._generator_cached = stored
    page._title_from_render = stored["title"]
    page.present_anchor_ids = set(stored["anchors"])
    page.links_to_anchors = {files.get_file_from_path(src): links for src, links in stored["links"].items()
                             if files.get_file_from_path(src) is not None} or None


def build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
    kept_site, dirty = dirty, False  # see populate_page
    key = getattr(page, "_generator_cache_key", None)
    if key is None:
        return _original_build(page, config, doc_files, nav, env, dirty, excluded)
    nav_sig = nav_signature(nav)
    stored = getattr(page, "_generator_cached", None)
    entry = _entry(key)
    dest = Path(page.file.abs_dest_path)
    if stored is not None and entry is not None and stored["nav"] == nav_sig and not excluded:
        if kept_site and _written().get(str(dest)) == key and dest.exists():  # there already
            _record(key)
            return None
        stored_html = _stored_html(key)
        if stored_html is not None:
            if kept_site:  # the preview's site folder: a copy (see below)
                replace_file(dest, stored_html.read_bytes())
            else:
                replace_file(dest, link_from=stored_html)
            _written()[str(dest)] = key
            _record(key)
            return None
    if stored is not None:  # built for another nav: render it for real after all
        del page._generator_cached
        _original_populate(page, config, page._generator_files, dirty)
    _original_build(page, config, doc_files, nav, env, dirty, excluded)
    _written().pop(str(dest), None)
    if excluded or not dest.exists():
        return None
    stored = cache_dir() / "pending" / f"{key}.html"
    if kept_site:  # the preview's site folder, where MkDocs rewrites pages in place: a copy
        replace_file(stored, dest.read_bytes())
    else:  # a build's new site folder: the page itself under a second name (writing 650 MB again at 100x was seconds)
        replace_file(stored, link_from=dest)
    st = stored.stat()
    meta = {"nav": nav_sig, "title": page._title_from_render, "anchors": sorted(page.present_anchor_ids or ()),
            "links": {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()},
            "stat": [st.st_size, st.st_mtime_ns]}  # what the stored file must still be when it is reused
    # written with the keys used at the end of the build (one file per process, not one per page)
    _entries()[key] = _state.setdefault("new", {})[key] = json.loads(json.dumps(meta))  # as the index will hold it
    _written()[str(dest)] = key
    _record(key)
    return None


def _record(key: str) -> None:
    """The keys this build used: the runner keeps these and drops the rest."""
    _state.setdefault("used", []).append(key)


def _flush() -> None:
    """This process's part of the build for the runner (runner.commit_page_cache): the keys it used and the
    entries it added, in one file (the languages' engine processes run side by side: a file each)."""
    keys, _state["used"] = _state.get("used", []), []
    new, _state["new"] = _state.get("new", {}), {}
    if (keys or new) and cache_dir() is not None:
        pending = cache_dir() / "pending"
        pending.mkdir(parents=True, exist_ok=True)
        (pending / f"{BUILD_RECORD_PREFIX}{os.getpid()}-{len(list(pending.glob(BUILD_RECORD_PREFIX + '*')))}.json").write_text(
            json.dumps({"used": keys, "entries": new}, ensure_ascii=False), encoding="utf-8")


if cache_dir() is not None:  # the runner asked for the cache: route MkDocs' two per-page steps through it
    mkdocs_build._populate_page = populate_page
    mkdocs_build._build_page = build_page


def on_env(env, config, files, **kwargs):
    """The theme's templates compiled once, not once per build and language (generator/jinjacache.py)."""
    if cache_dir() is not None:
        env.bytecode_cache = CompiledTemplates()
    return env


def on_post_build(config, **kwargs):
    _flush()
    _state["nav"].clear()
    _state["base"].clear()
    if os.environ.get(CACHE_STATUS_ENV) and cache_dir() is not None:
        # the preview has no runner after each rebuild: its pages join the store at once (not pruned,
        # since the i18n plugin's nested English build ends before this one)
        commit_page_cache(cache_dir(), ok=True, prune=False)
