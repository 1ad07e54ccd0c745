"""The search index is canonicalised: Pagefind's hash-map ordering of filter values must not reach
the published files (two builds of one commit are byte-identical)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cbor2

from generator.engine.search import PAGEFIND_MAGIC, canonicalise_index


def _write(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(PAGEFIND_MAGIC + cbor2.dumps(value)))


def _read(path: Path):
    return cbor2.loads(gzip.decompress(path.read_bytes())[len(PAGEFIND_MAGIC):])


def fake_index(root: Path, region_values: list, filter_order: list[str]) -> Path:
    """A Pagefind index as Pagefind 1.5 lays it out, with filter values in the given order."""
    index = root / "pagefind"
    stems = {"Region": "en_aaaaaaa", "Themes": "en_bbbbbbb"}
    _write(index / "filter" / f"{stems['Region']}.pf_filter", ["Region", region_values])
    _write(index / "filter" / f"{stems['Themes']}.pf_filter", ["Themes", [["Hukou", [3, 1]]]])
    meta = ["1.5.2", [["en_p1", 10], ["en_p2", 20]], [["a", "z", "en_i1"]],
            [[name, stems[name]] for name in filter_order], []]
    _write(index / "pagefind.en_0123456789.pf_meta", meta)
    entry = {"version": "1.5.2", "languages": {"en": {"hash": "en_0123456789", "wasm": "en", "page_count": 2}}}
    (index / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    return index


def tree(index: Path) -> dict[str, bytes]:
    return {str(p.relative_to(index)): p.read_bytes() for p in sorted(index.rglob("*")) if p.is_file()}


def test_filter_value_order_does_not_change_the_index(tmp_path):
    one = fake_index(tmp_path / "one", [["Tianjin", [0, 1]], ["Jilin", [2]], ["Wenzhou", [3]]], ["Region", "Themes"])
    two = fake_index(tmp_path / "two", [["Wenzhou", [3]], ["Tianjin", [1, 0]], ["Jilin", [2]]], ["Themes", "Region"])
    canonicalise_index(one)
    canonicalise_index(two)
    assert tree(one) == tree(two)


def test_canonical_index_stays_consistent_and_complete(tmp_path):
    index = fake_index(tmp_path, [["Wenzhou", [3]], ["Tianjin", [1, 0]], ["Jilin", [2]]], ["Themes", "Region"])
    canonicalise_index(index)
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_path = index / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    assert meta_path.exists() and len(list(index.glob("*.pf_meta"))) == 1
    meta = _read(meta_path)
    assert meta[:3] == ["1.5.2", [["en_p1", 10], ["en_p2", 20]], [["a", "z", "en_i1"]]]
    assert [name for name, _ in meta[3]] == ["Region", "Themes"]
    region = _read(index / "filter" / f"{dict(meta[3])['Region']}.pf_filter")
    # every value and page survives, sorted
    assert region == ["Region", [["Jilin", [2]], ["Tianjin", [0, 1]], ["Wenzhou", [3]]]]
    assert len(list((index / "filter").iterdir())) == 2
