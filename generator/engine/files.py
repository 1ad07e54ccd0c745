"""Writing staged files so that a watcher (or an incremental build) sees only real changes."""

from __future__ import annotations

from pathlib import Path


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
