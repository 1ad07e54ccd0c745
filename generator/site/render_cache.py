"""The render cache (.build/render-cache): each generated page's files from the last render, reused
without running Jinja when nothing the page is made from changed — so an edit to one document renders
again only the pages that read it.

What a page is made from (site/render_deps.py says how each part is known):
- the code, the templates/ folder (page templates, macros, prose, strings.yaml), the settings and the
  versions of Jinja and MarkupSafe: one key for the whole render;
- the skeleton: the reference tables, the analysis and the page plan, with the documents' records as
  tokens (so a changed count, index, target, related measure or page split changes it);
- the documents the page read while it rendered (traced), each as the hash of its records.
When the key or the skeleton differ from the stored render's, every page is rendered (and its reads
traced again); otherwise only the pages that read a changed document, and any page the store lacks.

Layout: `index.pickle` (the keys, each page's reads and files with their content hashes, and when each
file was last written to which output folder) and `files/<sha256>` (the files' bytes, shared by equal
files). A reused file already in the output folder as the index last wrote it (same size and
modification time) is not touched; otherwise it is written from the store. Anything wrong with the
store (missing, truncated, another key, a missing file) is a miss: those pages are rendered.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from generator.data.load_cache import code_version
from generator.files import replace_file
from generator.parallel import fork_map, workers
from generator.site.pages import Page
from generator.site.render import LANGS, Renderer, Wanted
from generator.site.render_deps import DocumentReads, document_keys, skeleton_key

FOLDER = "render-cache"
ENTRY = "index.pickle"
FILES = "files"
KEEP_FORK_FROM = 400  # rendered files from which storing them is spread over the cores


@dataclass
class StoredRender:
    key: str
    skeleton: str | None
    documents: dict[str, str]  # document id → hash of its records
    # (lang, path) → (the page's reads, ((rel, sha), …), {rel of a data file: its own reads})
    pages: dict[tuple[str, str], tuple[frozenset, tuple, dict]] = field(default_factory=dict)
    out: str = ""  # the output folder the stamps are of
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)  # rel → (size, mtime_ns) as last written there


def render_key(renderer: Renderer) -> str:
    """Everything every page depends on apart from the data: code, versions, settings, templates/."""
    digest = hashlib.sha256()
    for part in (code_version(), version("jinja2"), version("markupsafe"), repr(renderer.settings)):
        digest.update(part.encode("utf-8") + b"\0")
    templates = renderer.project.templates
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(templates).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _load(entry: Path) -> StoredRender | None:
    try:
        with open(entry, "rb") as handle:
            stored = pickle.load(handle)
        return stored if isinstance(stored, StoredRender) else None
    except Exception:  # missing, truncated, corrupt, another Python or layout: render
        return None


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _restore(stored: StoredRender, files: tuple, docs_out: Path, store: Path, same_folder: bool) -> bool:
    """Put a stored page's files into docs_out (those not already there as last written); False when a
    stored file is missing or damaged. `same_folder`: docs_out is the folder the stamps are of."""
    for rel, sha in files:
        target = docs_out / rel
        if same_folder and stored.stamps.get(rel) is not None and _stamp(target) == stored.stamps[rel]:
            continue
        try:
            data = (store / sha).read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != sha:
            return False
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        replace_file(target, link_from=store / sha)
    return True


def render_cached(renderer: Renderer, docs_out: Path, folder: Path | None) -> list[Page]:
    """renderer.render_all(docs_out), rendering only the pages whose inputs changed since the stored
    render (the others are written from the store). `folder` None: no cache."""
    if folder is None:
        return renderer.render_all(docs_out)
    corpus = renderer.corpus
    pages = renderer.pages()
    current = StoredRender(render_key(renderer), skeleton_key(corpus, renderer.analysis, renderer.plan()),
                           document_keys(corpus))
    stored = _load(folder / ENTRY)
    store = folder / FILES
    wanted: Wanted | None = None  # None: every page
    reused: dict[tuple[str, str], tuple[frozenset, tuple, dict]] = {}
    if stored and stored.key == current.key and current.skeleton is not None and stored.skeleton == current.skeleton:
        changed = {doc for doc in current.documents.keys() | stored.documents.keys()
                   if current.documents.get(doc) != stored.documents.get(doc)}
        wanted = {}
        same_folder = stored.out == str(docs_out.resolve())  # once: resolving it per page was seconds at 100×
        for lang in LANGS:
            for page in pages:
                key = (lang, page.path)
                entry = stored.pages.get(key)
                # the files to make again: the page's own when its reads changed, a data file when its own did
                stale = None if entry is None else frozenset(
                    [f"{lang}/{page.path}"] * bool(entry[0] & changed) + [rel for rel, r in entry[2].items() if r & changed])
                kept = tuple(f for f in entry[1] if f[0] not in stale) if entry is not None else ()
                if stale is None or not _restore(stored, kept, docs_out, store, same_folder):
                    wanted[key] = None
                elif stale:
                    wanted[key] = stale
                    reused[key] = entry
                else:
                    reused[key] = entry
    if wanted is None or wanted:
        renderer.render_all(docs_out, wanted, DocumentReads(corpus))
        if any(after != current.skeleton for after in renderer.skeletons_after):
            # a page changed what the pages share (a bug: a page then depends on the pages before it): render
            # in full, the order a clean render has, and keep no skeleton, so the next render is full too
            if wanted is not None:
                wanted = None
                renderer.render_all(docs_out, None, DocumentReads(corpus))
            current.skeleton = None
    rendered = {}
    kept = _keep_all([rel for page in renderer.rendered for rel in page.files] if wanted is None or wanted else [],
                     docs_out, store)
    for page in renderer.rendered if wanted is None or wanted else []:
        key = (page.lang, page.path)
        made = {rel: kept[rel] for rel in page.files}
        only = wanted.get(key) if wanted else None
        if only is None:
            rendered[key] = (page.reads, tuple(made.items()), page.parts or {})
        else:  # the files made again, in the stored page: its own reads kept unless its own file was made
            reads, files, parts = reused.pop(key)
            rendered[key] = (page.reads if f"{page.lang}/{page.path}" in only else reads,
                             tuple((rel, made.get(rel, sha)) for rel, sha in files), {**parts, **(page.parts or {})})
    current.pages = {key: rendered.get(key) or reused[key] for lang in LANGS for key in ((lang, p.path) for p in pages)}
    renderer.written = [rel for _, files, _ in current.pages.values() for rel, _ in files]
    current.out = str(docs_out.resolve())
    current.stamps = {rel: _stamp(docs_out / rel) for rel in renderer.written}
    _save(current, folder)
    return pages


def _keep_all(rels: list[str], docs_out: Path, store: Path) -> dict[str, str]:
    """`_keep` of every rendered file (rel → hash), in a worker per core when there are many (a clean
    render at 100× stores some 10,000 files: read back, hashed and linked)."""
    n = workers()
    if len(rels) < KEEP_FORK_FROM:
        return {rel: _keep(docs_out / rel, store) for rel in rels}
    chunks = [rels[i::n] for i in range(n)]
    hashes = fork_map(lambda chunk: [_keep(docs_out / rel, store) for rel in chunk], chunks, min_items=2)
    return {rel: sha for chunk, shas in zip(chunks, hashes, strict=True) for rel, sha in zip(chunk, shas, strict=True)}


def _keep(path: Path, store: Path) -> str:
    """Store a rendered file under the hash of its bytes (once per content); returns the hash. Stored as a hard
    link to the staged file, not a copy (a clean render at 100× wrote 650 MB again): staged files are
    replaced, never rewritten in place (files.replace_file), and a stored file is checked against its hash
    whenever it is used, so one changed under the store's feet is a miss, never a wrong page."""
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    target = store / sha
    if not target.exists():
        replace_file(target, link_from=path)
    return sha


def _save(current: StoredRender, folder: Path) -> None:
    """The new index (atomically: the old render or the new one, never half of one), then the stored
    files no page uses any more go."""
    entry = folder / ENTRY
    tmp = entry.with_name(f".{ENTRY}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(pickle.dumps(current, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(entry)
        used = {sha for _, files, _ in current.pages.values() for _, sha in files}
        for stored_file in (folder / FILES).iterdir():
            if stored_file.name not in used and not stored_file.name.startswith("."):
                stored_file.unlink(missing_ok=True)
    except OSError:
        tmp.unlink(missing_ok=True)  # a cache that cannot be written is only slower
