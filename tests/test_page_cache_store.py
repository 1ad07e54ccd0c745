"""The engine page cache's store (engine/runner.commit_page_cache): what each engine process left in
pending/ joins the store only after a successful run; the preview appends its entries (no rewrite of the
whole index after every save), a build keeps exactly the entries it used; a damaged line costs one page."""

from __future__ import annotations

import json

import pytest

from generator.engine.runner import BUILD_RECORD_PREFIX, INDEX, INDEX_LOG, commit_page_cache, read_store_index

pytestmark = pytest.mark.unit


def leave(cache, process: int, used: list[str], entries: dict[str, dict]) -> None:
    """What one engine process leaves: its pages and its record."""
    pending = cache / "pending"
    pending.mkdir(parents=True, exist_ok=True)
    for key in entries:
        (pending / f"{key}.html").write_text(f"<p>{key}</p>", encoding="utf-8")
    (pending / f"{BUILD_RECORD_PREFIX}{process}.json").write_text(json.dumps({"used": used, "entries": entries}), encoding="utf-8")


def test_the_preview_appends_and_a_build_keeps_what_it_used(tmp_path):
    cache, store = tmp_path, tmp_path / "pages"
    leave(cache, 1, ["a", "b"], {"a": {"title": "A"}, "b": {"title": "B"}})
    leave(cache, 2, ["c"], {"c": {"title": "C"}})
    commit_page_cache(cache, ok=True)  # a build: the whole index
    assert read_store_index(store) == {"a": {"title": "A"}, "b": {"title": "B"}, "c": {"title": "C"}}
    assert not (store / INDEX_LOG).exists() and not (cache / "pending").exists()

    index_before = (store / INDEX).read_bytes()
    leave(cache, 3, ["d"], {"d": {"title": "D"}})
    commit_page_cache(cache, ok=True, prune=False)  # a preview's save: appended, the index left as it was
    assert (store / INDEX).read_bytes() == index_before
    assert read_store_index(store)["d"] == {"title": "D"} and (store / "d.html").exists()

    leave(cache, 4, ["e"], {"e": {"title": "E"}})
    commit_page_cache(cache, ok=False)  # a failed run: nothing it wrote is kept
    assert "e" not in read_store_index(store) and not (store / "e.html").exists()

    with open(store / INDEX_LOG, "a", encoding="utf-8") as log:
        log.write("{not json\n")
    assert set(read_store_index(store)) == {"a", "b", "c", "d"}  # the damaged line is skipped

    leave(cache, 5, ["b", "d"], {})
    commit_page_cache(cache, ok=True)  # a build that used b and d: the rest leave the store
    assert read_store_index(store) == {"b": {"title": "B"}, "d": {"title": "D"}}
    assert sorted(p.name for p in store.glob("*.html")) == ["b.html", "d.html"]
