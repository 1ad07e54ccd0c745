"""The render cache (.build/render-cache): the generated pages of the last render, reused without running
Jinja when nothing they are made from changed.

What a generated page is made from: the corpus (every record and the dataset's release history, as
validate loaded them), the templates/ folder (page templates, macros, prose, strings.yaml), the
settings (site URL, corrections URL, engine, SOURCE_DATE_EPOCH), the generator's code and the
versions of Jinja and MarkupSafe. The key hashes all of it — the corpus as its repr, so no field can
be forgotten — and the store holds one render (the newest), so it never grows past one site.

It is keyed on the whole corpus, not per page: the templates reach the whole corpus and analysis
through `r`, `c` and `a` (view models are not plain data), so no page's inputs can be named short of
all of them. It therefore pays when the data did not change: a rebuild after editing hand-written
docs/ or mkdocs.yml, the preview after such an edit, `make build` run twice. A data or template edit
renders every page again (the engine's page cache then redoes only the pages whose Markdown changed).

Anything wrong with the stored render (missing, truncated, another key) is a miss: the pages are
rendered as without the cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from importlib.metadata import version
from pathlib import Path

from generator.data.load_cache import code_version
from generator.site.pages import Page
from generator.site.render import Renderer

FOLDER = "render-cache"
ENTRY = "pages.pickle"


def render_key(renderer: Renderer) -> str:
    corpus = renderer.corpus
    digest = hashlib.sha256()
    for part in (code_version(), version("jinja2"), version("markupsafe"), repr(renderer.settings),
                 repr(sorted(corpus.unavailable))):
        digest.update(part.encode("utf-8") + b"\0")
    # the corpus as its repr: every field of every record (only the lazily filled lookups are left
    # out, repr=False), independent of how the objects were built (parsed afresh or from the load cache)
    for table in (corpus.regions, corpus.functions, corpus.agencies, corpus.themes, corpus.frameworks, corpus.glossary,
                  corpus.documents, corpus.dataset, corpus.site_version):
        text = repr(table).encode("utf-8")
        digest.update(len(text).to_bytes(8, "big") + text)
    templates = renderer.project.templates
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(templates).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def render_cached(renderer: Renderer, docs_out: Path, folder: Path | None) -> list[Page]:
    """renderer.render_all(docs_out), or the stored render of the same inputs written out again.
    `folder` None: no cache."""
    if folder is None:
        return renderer.render_all(docs_out)
    key = render_key(renderer)
    entry = folder / ENTRY
    try:
        with open(entry, "rb") as handle:
            stored_key, files = pickle.load(handle)
    except Exception:  # missing, truncated, corrupt, another Python: render
        stored_key, files = None, None
    if stored_key == key:
        for rel, data in files:
            target = docs_out / rel
            if not (target.is_file() and target.read_bytes() == data):  # unchanged files keep their time
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        return renderer.pages()
    pages = renderer.render_all(docs_out)
    files = [(rel, (docs_out / rel).read_bytes()) for rel in renderer.written]
    tmp = entry.with_name(f".{ENTRY}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(pickle.dumps((key, files), protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(entry)  # atomic: the old render or the new one, never half of one
    except OSError:
        tmp.unlink(missing_ok=True)  # a cache that cannot be written is only slower
    return pages
