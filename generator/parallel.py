"""Use every core for work that splits into independent items (documents to validate, languages to
render). Workers are forked, so they inherit what the parent has already loaded (reference tables,
the analysed corpus) without pickling it; only each item's result travels back, in input order, so
the output does not depend on which worker finished first.

Serial when the work is small, when there is one core, or where fork is unavailable: forking a
process costs more than a handful of items.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any

_TASK: Callable[[Any], Any] | None = None  # set before forking; the children inherit it


def _run(item):
    return _TASK(item)


def workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def fork_map(task: Callable[[Any], Any], items: Sequence, min_items: int = 40) -> list:
    """[task(item) for item in items], spread over forked workers when it pays."""
    global _TASK
    n = min(workers(), len(items))
    if n < 2 or len(items) < min_items or "fork" not in multiprocessing.get_all_start_methods():
        return [task(item) for item in items]
    _TASK = task
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            return pool.map(_run, items, chunksize=max(1, len(items) // (n * 4)))
    finally:
        _TASK = None
