"""Which processes a test started are still alive (Linux /proc): used to prove that servers, `mkdocs
serve` and chromium are stopped, by the tests that start them and at the end of the session."""

from __future__ import annotations

import os
from pathlib import Path

from generator.tools.bench_edit import process_stat as _stat


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


def _all() -> dict[int, tuple[str, int, int]]:
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st:
                found[int(entry)] = st
    return found


def alive(pid: int) -> bool:
    st = _stat(pid)
    return st is not None and st[0] != "Z"


def descendants(pid: int) -> list[int]:
    """Every live (not zombie) process below pid."""
    procs = _all()
    children: dict[int, list[int]] = {}
    for p, (_, ppid, _) in procs.items():
        children.setdefault(ppid, []).append(p)
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if procs[child][0] != "Z":
                found.append(child)
            todo.append(child)
    return found


def in_group(pgid: int) -> list[int]:
    """Live processes of a process group (a server started with start_new_session=True and its children)."""
    return [p for p, (state, _, group) in _all().items() if group == pgid and state != "Z"]
