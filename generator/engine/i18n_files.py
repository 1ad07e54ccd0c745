"""The preview's engine makes each of the i18n plugin's per-file records once, not in every rebuild.

mkdocs-static-i18n turns every file of a language build into a new `File` for that language
(`folder.create_i18n_file`: its destination, URL, locale and language-neutral path, worked out with
pathlib) — about 16,000 files per language build at 100×, twice per rebuild (the nested English build),
and again for the language switcher's alternates: 41 % of a rebuild at seed scale, about half at 10×.
What it makes is a function of the file's source and destination paths, its inclusion, the languages
and the config's folders, so `mkdocs serve` (one process, a rebuild per save) keeps a snapshot of each
record, taken as the plugin made it, and gives later builds a shallow copy of it (with its own
`alternates`, which the plugin fills per build). MkDocs then sets each build's own state (the page)
on the copy, never on the snapshot. `tests/test_serve_engine.py` holds the copies equal, field for
field, to what the plugin makes. A one-off build makes each record once anyway and does not use this.
"""

from __future__ import annotations

import copy
import functools

# records kept at most (a few sites' worth at 100×): past it the memo starts again
LIMIT = 250_000


def record_key(file, current_language: str, default_language: str, all_languages, config) -> tuple:
    """Everything `create_i18n_file` reads (of the file, the languages and the config)."""
    return (file.src_uri, file.dest_uri, file.inclusion, current_language, default_language, tuple(all_languages),
            config.docs_dir, config.site_dir, config.use_directory_urls)


def make_records_once() -> None:
    """Route the plugin's per-file step through a per-process memo (idempotent: the preview's hook that
    calls it is loaded again by every rebuild)."""
    from mkdocs_static_i18n import folder, reconfigure

    if getattr(folder.create_i18n_file, "_generator_once", False):
        return
    original = folder.create_i18n_file
    made: dict[tuple, object] = {}

    def create_i18n_file(file, current_language, default_language, all_languages, config):
        key = record_key(file, current_language, default_language, all_languages, config)
        snapshot = made.get(key)
        if snapshot is None:
            record = original(file, current_language, default_language, all_languages, config)
            if len(made) >= LIMIT:
                made.clear()
            made[key] = snapshot = copy.copy(record)
            snapshot.alternates = None  # each copy gets its own (the plugin adds the other languages per build)
            return record
        record = copy.copy(snapshot)
        record.alternates = {current_language: record}
        return record

    create_i18n_file._generator_once = True
    folder.create_i18n_file = create_i18n_file
    # and its test of each file's folder (pathlib, every file of every build): a pure function of two paths
    reconfigure.is_relative_to = functools.lru_cache(maxsize=LIMIT)(reconfigure.is_relative_to)
