"""The staged files the site stage writes and the engine reads (shared top level: both rooms use it, so
neither reaches into the other): `write_if_changed`, so a watcher (or an incremental build) sees only real
changes; `content_key`, the one hash the caches (data/load_cache, engine/page_cache) key their entries on;
and `GENERATED_MARK`, the first line of a generated page's body, which tells the engine's Markdown
extension (`engine/rawhtml`) that the page is HTML only, to be passed through unparsed."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

GENERATED_MARK = "<!-- generated page: HTML only -->"


def write_if_changed(target: Path, text: str) -> bool:
    """Write text unless the file already holds it; True when it was written. Unchanged files keep their
    modification time, so a live-reload watcher and the engine's page cache see only real changes."""
    try:
        if target.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        pass
    replace_file(target, text.encode("utf-8"))
    return True


def replace_file(target: Path, data: bytes | None = None, link_from: Path | None = None) -> None:
    """Put a new file at target (its bytes, or a hard link to `link_from`) by renaming it into place: a staged
    file is replaced, never rewritten in place, because the render cache's store keeps a staged page as
    another name of the same file (a hard link) instead of a copy. Where a link cannot be made (another
    filesystem), `link_from` is copied."""
    if not target.parent.is_dir():  # (a stat: a mkdir that finds the folder is not free on this disk)
        target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        if link_from is not None:
            try:
                os.link(link_from, tmp)
            except OSError:
                shutil.copyfile(link_from, tmp)
        else:
            tmp.write_bytes(data or b"")
        os.replace(tmp, target)
        tmp.unlink(missing_ok=True)  # (left when target already was that same file: rename then does nothing)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def content_key(*parts) -> str:
    """A cache key over parts (bytes, or anything as its str): each part is length-prefixed, so no two
    different sequences of parts hash alike ("ab", "c" is not "a", "bc")."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def remove_file(path: Path, root: Path) -> None:
    """Remove a file (if there) and then the folders it leaves empty, up to root (kept): a page that is
    no longer part of a site kept between builds."""
    path.unlink(missing_ok=True)
    for parent in path.parents:
        if parent == root or root not in parent.parents or not parent.is_dir() or any(parent.iterdir()):
            break
        parent.rmdir()


def move_tree(source: Path, target: Path) -> None:
    """Every file under source to the same place under target (replacing a file there); source's folders
    stay (empty)."""
    for path in sorted(source.rglob("*")):
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, destination)
