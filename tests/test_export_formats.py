"""The download files' formats, on records of every kind a table holds: JSON with one record per line that
reads back as the records, and CSV cells as the codebook says (lists joined with ';', booleans as words,
nothing a spreadsheet would run as a formula)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from generator.site.datapackage import table_schema
from generator.site.export import to_csv, to_json

pytestmark = pytest.mark.unit

RECORDS = [
    {"id": "a", "text": "第一条\n换行", "agencies": ["市人社局", "市财政局"], "count": 3, "organisational": False, "note": None},
    {"id": "b", "text": "=SUM(A1)", "agencies": [], "count": 0, "organisational": True, "note": "-1 \"quoted\", comma"},
]


def test_json_is_one_record_per_line_and_reads_back_as_the_records():
    text = to_json(RECORDS)
    assert json.loads(text) == RECORDS
    lines = text.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(RECORDS) + 2
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == RECORDS
    assert "市人社局" in text  # Chinese as text, not \\u escapes
    assert json.loads(to_json([])) == []


def test_csv_cells_follow_the_codebook_and_never_start_a_formula():
    rows = list(csv.reader(io.StringIO(to_csv(RECORDS).lstrip("\ufeff"))))
    assert rows[0] == list(RECORDS[0])
    assert rows[1] == ["a", "第一条\n换行", "市人社局;市财政局", "3", "false", ""]
    assert rows[2] == ["b", "'=SUM(A1)", "", "0", "true", "'-1 \"quoted\", comma"]
    assert to_csv([]) == "\ufeff"


def test_the_table_schema_types_each_column_from_its_values():
    schema = table_schema("measures", list(RECORDS[0]), RECORDS)
    types = {f["name"]: f["type"] for f in schema["fields"]}
    assert types == {"id": "string", "text": "string", "agencies": "string", "count": "integer",
                     "organisational": "boolean", "note": "string"}
    lists = [f["name"] for f in schema["fields"] if "(a list" in f.get("description", "")]
    assert lists == ["agencies"]
