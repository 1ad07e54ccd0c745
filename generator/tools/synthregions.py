"""The regions synthetic documents are placed in (generator/tools/synth.py): real GB/T 2260 divisions,
so synthetic regions have real names, codes and short names that documents would print."""

from __future__ import annotations

import json
from pathlib import Path

# The table is data (synthregions.json, one region a line): (id, zh name, zh short name, en name, code) per
# province; (id, zh short name, en name, code, province id) per prefecture-level city, zh name = short + 市.
_TABLE = json.loads((Path(__file__).with_name("synthregions.json")).read_text(encoding="utf-8"))
PROVINCES: list[tuple[str, str, str, str, str]] = [tuple(row) for row in _TABLE["provinces"]]
CITIES: list[tuple[str, str, str, str, str]] = [tuple(row) for row in _TABLE["cities"]]


def region_table() -> dict[str, dict]:
    """Every region of the tables above as a regions.yaml entry, keyed by id."""
    table: dict[str, dict] = {}
    for rid, zh, short, en, code in PROVINCES:
        table[rid] = {"id": rid, "name": {"zh": zh, "en": en}, "level": "province", "parent": "china",
                      "code": code, "aliases": [short]}
    for rid, short, en, code, province in CITIES:
        table[rid] = {"id": rid, "name": {"zh": short + "市", "en": en}, "level": "prefecture", "parent": province,
                      "code": code, "aliases": [short]}
    return table
