"""The load/validate cache (.build/load-cache): what reading and checking one data file produced, kept
so that an unchanged file is not parsed, schema-checked and translation-checked again.

Two kinds of entry, one file per data file and kind (so the store never grows past one per file):

- `read/`: a data file read and schema-checked (`load.read_checked`, and for a document the Document
  built from it): keyed on the file's bytes, its path, the schema it is checked against, all of
  data/schema/ and the generator's code;
- `checks/`: the per-document checks of `validate` (references, dates, translations, target
  overrides, seed): keyed on the document's read key, the reference data it is checked against (the
  bytes of every reference file and framework), which tables are unavailable, today's date (dates
  may not be in the future), and the seed's bytes when seeds are checked.

An entry stores its full key next to the value and is used only when the key matches, so a changed
input, a changed generator or a half-written entry can never give a stale result. Anything wrong
with an entry (truncated, from another Python, unreadable) counts as a miss: the file is loaded
again, as without the cache. Cross-file checks (duplicate ids, theme consistency, orphan seeds) are
never cached; they run on the loaded records every time.

The entries are pickles: .build/ is the build's own scratch folder (like __pycache__), never an input.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import sys
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from generator.data.inputs import MAX_SEED_BYTES, read_bounded
from generator.errors import DataError
from generator.files import content_key
from generator.paths import Project

FOLDER = "load-cache"
GENERATOR_DIR = Path(__file__).resolve().parent.parent
MISS = object()
# The preview keeps the entries it used in its own process, (kind, file) → (key, value): after a save, an
# unchanged file's entry is neither read nor unpickled again (unpickling 500 documents was most of a 100×
# save's validate). A value is used only under the same key, as from the disk; nothing changes the loaded
# records after loading, so one object serves every save. Off (None) outside `serve`.
_in_process: dict[tuple[str, str], tuple[str, Any]] | None = None


def keep_in_process() -> None:
    """Called once by the preview: later LoadCache lookups of this process keep what they find."""
    global _in_process
    if _in_process is None:
        _in_process = {}


@cache
def code_version() -> str:
    """Every module of the generator (any of them may shape what loading and checking produce) and the
    parser and validator versions."""
    files = sorted(p for p in GENERATOR_DIR.rglob("*.py") if "__pycache__" not in p.parts)
    return content_key(sys.version, version("pyyaml"), version("jsonschema"),
                *(part for p in files for part in (p.relative_to(GENERATOR_DIR).as_posix(), p.read_bytes())))


class LoadCache:
    """One load/validate run's view of the cache; `enabled=False` makes every lookup a miss and
    writes nothing (a clean load)."""

    def __init__(self, project: Project, enabled: bool = True):
        self.project = project
        self.folder = project.build / FOLDER
        self.enabled = enabled
        self.reference_keys: list[str] = []  # read keys of the reference files, in load order
        self.document_keys: dict[str, str] = {}  # document path (relative) → its read key
        # document path → (key of the bytes parsed, or None when the cache is off; their release fingerprints),
        # taken from the YAML this run parsed: dataset.snapshot would otherwise parse every document again
        self.fingerprints: dict[str, tuple[str | None, tuple | None]] = {}
        self._schemas: str | None = None
        self.hits = self.misses = 0

    def schemas(self) -> str:
        if self._schemas is None:
            folder = self.project.schema
            self._schemas = content_key(*(part for p in sorted(folder.glob("*.json"))
                                   for part in (p.name, p.read_bytes())))
        return self._schemas

    def read_key(self, rel: str, schema: str, raw: bytes) -> str:
        return content_key("read", code_version(), self.schemas(), rel, schema, raw)

    def check_key(self, rel: str, unavailable: set[str], check_seeds: bool, seed: str | None) -> str | None:
        """The key of a document's per-document checks, or None when it cannot be formed (its seed
        unreadable: the check reports that, uncached)."""
        read = self.document_keys.get(rel)
        if read is None:
            return None
        seed_part: Any = ""
        if check_seeds and seed:
            try:
                seed_part = read_bounded(self.project.root / seed, MAX_SEED_BYTES)
            except (DataError, OSError):
                return None
        return content_key("checks", read, *self.reference_keys, ",".join(sorted(unavailable)), dt.date.today().isoformat(),
                    check_seeds, seed or "", seed_part)

    def _entry(self, kind: str, rel: str) -> Path:
        return self.folder / kind / f"{content_key(rel)[:40]}.pickle"

    def get(self, kind: str, rel: str, key: str | None):
        """The stored value for (kind, file) when it was stored under exactly this key, else MISS."""
        if not self.enabled or key is None:
            return MISS
        held = _in_process.get((kind, rel)) if _in_process is not None else None
        if held is not None and held[0] == key:
            self.hits += 1
            return held[1]
        try:
            with open(self._entry(kind, rel), "rb") as handle:
                stored_key, value = pickle.load(handle)
        except Exception:  # missing, truncated, corrupt, or from another Python: load the file again
            self.misses += 1
            return MISS
        if stored_key != key:
            self.misses += 1
            return MISS
        self.hits += 1
        if _in_process is not None:
            _in_process[(kind, rel)] = (key, value)
        return value

    def remember(self, kind: str, rel: str, key: str | None, value) -> None:
        """Keep a value a forked worker stored (`put`) in this process's memory too, where the preview
        looks first: the worker's memory went with it, and the preview's first save after its first
        validate read every entry back from disk (2 s at 100×)."""
        if self.enabled and key is not None and _in_process is not None:
            _in_process[(kind, rel)] = (key, value)

    def put(self, kind: str, rel: str, key: str | None, value) -> None:
        if not self.enabled or key is None:
            return
        self.remember(kind, rel, key, value)
        path = self._entry(kind, rel)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(path)  # atomic: a reader sees the old entry or the new one, never half of one
        except (OSError, pickle.PicklingError):
            tmp.unlink(missing_ok=True)  # a cache that cannot be written is only slower
