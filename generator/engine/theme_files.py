"""The preview's engine lists the theme's files once per theme state, not in every rebuild and language.

MkDocs lists and filters every file of the theme (Material: about 15,000, its icons included) in each
build and language to find the few assets it copies: a third of a preview's rebuild at seed scale. The
listing is kept per theme state (its folders and what the overrides folder holds, with times); the two
languages' states differ, so both are kept. A one-off build lists each language once anyway.
"""

from __future__ import annotations

from pathlib import Path


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
