"""`make bench` in miniature: one scale, no Hugo. The table and the report carry every measured
column (times, sizes, search bytes per query, the editor's loop) as numbers, not blanks."""

from __future__ import annotations

import json
import re

import pytest

from generator.bench import count_corpus, run_bench
from generator.paths import Project


@pytest.mark.browser
def test_bench_at_scale_one_reports_every_column(tmp_path):
    table = run_bench(scales=(1,), out_dir=tmp_path, hugo=False, profile=False, warmup=False)
    header, _, row = table.strip().splitlines()
    documents, measures = count_corpus(Project())  # scale 1 is the project's own corpus, whatever it holds
    assert "search KB per query" in header and row.startswith(f"| 1× | {documents} | {measures} |")
    cells = [c.strip() for c in row.strip("|").split("|")]
    columns = [c.strip() for c in header.strip("|").split("|")]
    search = cells[columns.index("search KB per query: warm / cold (cold gzip)")]
    warm, cold, cold_gzip = (int(x) for x in re.findall(r"\d+", search))
    assert 0 < warm < 150 and warm < cold and cold_gzip < cold
    assert float(cells[columns.index("related s (in render)")]) >= 0  # the related-measures stage, timed alone
    assert result_related_s(tmp_path) > 0
    result = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))["results"][0]
    # a number, within the probe's own timeout: on a shared two-core machine one rebuild took 31 s
    assert 0 < result["edit_loop_s"] < 90 and 0 < result["validate_one_document_s"] < 5
    report = (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert re.search(r"`make serve` shows a saved YAML change after \d+\.\d s", report)
    assert "Hugo comparison switched off" in report


def result_related_s(out_dir) -> float:
    return json.loads((out_dir / "bench.json").read_text(encoding="utf-8"))["results"][0]["related_s"]
