"""Use every core for work that splits into independent items (documents to validate, languages to
render). Workers are forked, so they inherit what the parent has already loaded (reference tables,
the analysed corpus) without pickling it; only each item's result travels back, in input order, so
the output does not depend on which worker finished first.

Serial when the work is small, when there is one core, or where fork is unavailable: forking a
process costs more than a handful of items.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
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
    # what the parent holds goes out of the collector's reach while the workers run: a collection in a
    # worker writes to every object it visits, so the kernel copied the pages of the whole corpus into
    # each worker (copy-on-write); frozen objects are not visited
    gc.freeze()
    pool = multiprocessing.get_context("fork").Pool(n, initializer=_worker_signals)
    try:
        results = pool.map(_run, items, chunksize=max(1, len(items) // (n * 4)))
        pool.close()  # the workers finish and exit on their own; terminate() below then has nothing to stop
        pool.join()
        return results
    finally:
        pool.terminate()
        _TASK = None
        gc.unfreeze()


def background(task: Callable[[], Any]) -> Callable[[], Any]:
    """Start task() in a forked worker while this process goes on; returns the function that waits for its
    result (and raises what it raised). Run here and now where there is one core or no fork. The result
    travels back pickled: a copy, so a task that returns the parent's objects must not run here."""
    global _TASK
    if workers() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        value = task()
        return lambda: value
    _TASK = lambda _: task()  # noqa: E731 - inherited by the worker forked next
    gc.freeze()  # as in fork_map
    pool = multiprocessing.get_context("fork").Pool(1, initializer=_worker_signals)
    _TASK = None
    pending = pool.apply_async(_run, (None,))
    pool.close()

    def wait():
        try:
            return pending.get()
        finally:
            pool.terminate()
            pool.join()
            gc.unfreeze()
    return wait


def _worker_signals() -> None:
    """A worker dies on SIGTERM, as Pool.terminate() expects. It inherited the parent's handler (build.py
    turns SIGTERM into SystemExit for its clean-up): a worker that raised it while holding the task queue's
    lock left its sibling waiting on that lock, and the parent waiting for both, for ever (a hung build)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
