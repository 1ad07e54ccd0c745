"""The staged files the site stage writes and the engine reads (shared top level: both rooms use it, so
neither reaches into the other): `write_if_changed`, so a watcher (or an incremental build) sees only real
changes, and `GENERATED_MARK`, the first line of a generated page's body, which tells the engine's Markdown
extension (`engine/rawhtml`) that the page is raw HTML with Markdown headings only."""

from __future__ import annotations

from pathlib import Path

GENERATED_MARK = "<!-- generated page: raw HTML and Markdown headings -->"


def write_if_changed(target: Path, text: str) -> bool:
    """Write text unless the file already holds it; True when it was written. Unchanged files keep their
    modification time, so a live-reload watcher and the engine's page cache see only real changes."""
    try:
        if target.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return True
