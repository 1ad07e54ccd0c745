"""What every engine run repeats and no page changes: the theme's file list and its compiled templates.

- **The theme's files, listed once per theme state (the preview).** MkDocs lists and filters every file
  of the theme (Material: about 15,000, its icons included) in each build and language to find the few
  assets it copies: a third of a preview's rebuild at seed scale. The listing is kept per theme state
  (its folders and what the overrides folder holds, with times); the two languages' states differ, so
  both are kept. (A one-off build lists each language once anyway: it does not use this.)
- **Compiled templates.** Jinja compiles Material's templates again in every language's environment
  (0.5 s of a small build). `CompiledTemplates` keeps the compiled code of the installed theme's
  templates (the same files for every project on this machine) in Jinja's own per-user folder, and
  the project's overrides under its `.build`. Jinja checks each entry against its template's source;
  the key names the engine and its version, whose environment options compiled the code.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket


def _theme_signature(config) -> tuple:
    """The theme folders and what our overrides folder holds (an editor may add a file there)."""
    custom = config.theme.custom_dir
    listing = tuple((str(p), p.stat().st_mtime_ns) for p in sorted(Path(custom).rglob("*"))) if custom else ()
    return tuple(config.theme.dirs), tuple(config.theme.static_templates), listing


def list_theme_files_once() -> None:
    """Route MkDocs' theme listing through a per-process cache (idempotent: the preview's hook that calls
    it is loaded again by every rebuild)."""
    from mkdocs.structure.files import File, Files

    if getattr(Files.add_files_from_theme, "_generator_listed_once", False):
        return
    original = Files.add_files_from_theme
    listed: dict[tuple, list[tuple[str, str]]] = {}

    def add_files_from_theme(self, env, config):
        key = _theme_signature(config)
        if key not in listed:
            probe = Files([])
            original(probe, env, config)  # MkDocs' own listing, against no docs files
            if len(listed) >= 4:  # one state per language build (they differ): keep both, not one
                listed.clear()
            listed[key] = [(f.src_uri, f.src_dir) for f in probe]
        for path, folder in listed[key]:
            if self.get_file_from_path(path) is None:  # theme files do not override docs files (as MkDocs)
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))

    add_files_from_theme._generator_listed_once = True
    Files.add_files_from_theme = add_files_from_theme


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's bytecode cache for the engine's environment: installed templates in one folder per user,
    the project's own in `project_folder`. A cache: a write that fails is skipped, never a failed build."""

    def __init__(self, project_folder: Path, engine: str):
        super().__init__(str(project_folder))
        self.installed_folder = FileSystemBytecodeCache().directory  # Jinja's default: private to this user
        self.engine = f"{engine} jinja {jinja2.__version__}"
        self._installed_keys: set[str] = set()

    def get_bucket(self, environment, name, filename, source):
        installed = bool(filename) and os.path.abspath(filename).startswith(sys.prefix + os.sep)
        # installed templates: the engine and Jinja versions in the key (their options and compiler made the code)
        key = self.get_cache_key(f"{self.engine}|{name}" if installed else name, filename)
        if installed:
            self._installed_keys.add(key)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def _get_cache_filename(self, bucket) -> str:
        folder = self.installed_folder if bucket.key in self._installed_keys else self.directory
        return os.path.join(folder, self.pattern % bucket.key)

    def dump_bytecode(self, bucket) -> None:
        try:
            os.makedirs(os.path.dirname(self._get_cache_filename(bucket)), exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass
