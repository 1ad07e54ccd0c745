"""Implementation timeline (generator/analyse/timeline.py, issue 12): lags only from what the data states — a
month-precision date gives a range, never an invented day; documents without a date are listed apart;
the pages and the `lag_days` columns of documents.csv agree."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import yaml

from generator.analyse.timeline import date_span


def test_dates_mean_exactly_what_they_state():
    assert date_span("2020-06-23") == (date(2020, 6, 23), date(2020, 6, 23))
    assert date_span("2019-12") == (date(2019, 12, 1), date(2019, 12, 31))
    assert date_span("2020-02") == (date(2020, 2, 1), date(2020, 2, 29))  # leap year
    assert date_span("2019") == (date(2019, 1, 1), date(2019, 12, 31))
    assert date_span(None) is None and date_span("") is None and date_span("not a date") is None


def test_lag_is_exact_only_between_full_dates(project_copy):
    from generator.analyse.timeline import lag
    from generator.data.load import load_corpus

    corpus, problems = load_corpus(project_copy)
    assert not problems.errors
    fw = next(iter(corpus.frameworks.values()))
    doc = next(iter(corpus.documents.values()))
    doc.issued, fw.date = "2020-06-23", "2019-12"
    month = lag(doc, fw)
    assert (month.days, month.low, month.high) == (None, 175, 205)  # from 31 and from 1 December 2019
    fw.date = "2019-12-25"
    day = lag(doc, fw)
    assert (day.days, day.low, day.high) == (181, 181, 181)
    doc.issued = None
    assert not lag(doc, fw).stated


def _documents_csv(site):
    return {row["id"]: row for row in csv.DictReader(io.StringIO((site / "data" / "documents.csv").read_text(encoding="utf-8-sig")))}


def test_framework_page_timeline_agrees_with_the_downloads_and_lists_undated_documents_apart(built):
    project, site = built
    rows = _documents_csv(site)
    fw = yaml.safe_load(next((project.data / "frameworks").glob("*.yaml")).read_text(encoding="utf-8"))
    for root in ("", "en/"):
        html = (site / root / "framework" / "index.html").read_text(encoding="utf-8")
        timeline = html[html.index('class="timeline"'):html.index("</figure>")]
        table = dict(re.findall(r'<tr data-doc="([^"]+)">.*?<td class="nobreak">[^<]*</td><td class="nobreak">([^<]*)</td></tr>', timeline))
        undated = set(re.findall(r'<li data-doc="([^"]+)">', timeline))
        implementing = {d for d, row in rows.items() if row["lag_framework"] == fw["id"]}
        assert implementing, "no document implements the framework: nothing was checked"
        assert set(table) | undated == implementing and not set(table) & undated
        for doc_id in implementing:
            row = rows[doc_id]
            if not row["issued"]:
                assert doc_id in undated and row["lag_days_min"] == row["lag_days_max"] == row["lag_days"] == ""
                continue
            low, high = int(row["lag_days_min"]), int(row["lag_days_max"])
            shown = table[doc_id]
            if row["lag_days"]:
                assert low == high == int(row["lag_days"]) and shown.startswith(f"{low} ")
            else:
                assert shown.startswith(f"{low}–{high} ")
            if len(fw["date"] or "") < 10:  # the national date has no day: no exact lag may be published
                assert row["lag_days"] == "" and low < high


def test_documents_implementing_no_framework_have_empty_lag_columns(built):
    from .newdoc import DOC_ID

    _, site = built
    row = _documents_csv(site)[DOC_ID]
    assert row["lag_framework"] == row["lag_days"] == row["lag_days_min"] == row["lag_days_max"] == ""


def test_region_pages_show_their_documents_timeline(built):
    _, site = built
    rows = _documents_csv(site)
    dated = [row for row in rows.values() if row["lag_framework"] and row["issued"]]
    assert dated
    for row in dated:
        html = (site / "en" / "regions" / row["region"] / "index.html").read_text(encoding="utf-8")
        assert f'<tr data-doc="{row["id"]}">' in html
