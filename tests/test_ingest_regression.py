"""No regression: every committed seed re-ingests to exactly the YAML in data/documents/.

Two views: the fresh draft merged with the committed file must equal it (nothing an editor would
see changes), and the draft alone must carry the same Chinese, structure and roles — merge copies
an edited role over, so it alone could hide a parser change.
"""

from __future__ import annotations

import pytest

from generator.data.yamlio import load_yaml
from generator.ingest import ingest_bytes, merge
from generator.ingest.cli import known_regions
from generator.paths import Project

PROJECT = Project()
SEEDS = sorted(path for path in PROJECT.seeds.iterdir() if (PROJECT.documents / f"{path.stem}.yaml").exists())


def _skeleton(doc: dict) -> list:
    """What ingest decides: ids, labels, kinds, Chinese texts, printed responsibility and unit roles."""
    out = []
    for p in doc["provisions"]:
        r = p.get("responsibility") or {}
        out.append((p["id"], p.get("label"), p["kind"], (p.get("heading") or {}).get("zh"),
                    (p.get("text") or {}).get("zh"), r.get("printed"),
                    [(u["name"], u["role"]) for u in r.get("units") or []], p.get("deadline")))
    return out


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_reingests_to_the_committed_yaml(seed):
    assert SEEDS, "no seed with a committed YAML"
    committed = load_yaml(PROJECT.documents / f"{seed.stem}.yaml")
    draft = ingest_bytes(seed.read_bytes(), PROJECT.relative(seed), seed.stem, known_regions(PROJECT)).document
    assert _skeleton(draft) == _skeleton(committed)
    for key in ("title", "issuer", "issuer_note", "preamble"):
        assert (draft.get(key) or {}).get("zh") == (committed.get(key) or {}).get("zh"), key
    for key in ("doc_number", "dates", "front", "chrome", "implements", "cites", "unordered_units_from"):
        if key in ("implements", "cites"):
            strip = [{k: v for k, v in r.items() if k != "en"} for r in committed.get(key) or []]
            assert draft[key] == strip, key
        elif key == "front":
            assert [(f["line"], f["role"], f["text"]["zh"]) for f in draft["front"]] == \
                   [(f["line"], f["role"], f["text"]["zh"]) for f in committed.get("front") or []]
        else:
            assert draft.get(key) == committed.get(key), key
    merged, _ = merge(draft, committed)
    assert merged == committed
