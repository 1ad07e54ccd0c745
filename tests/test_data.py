"""Data checks: the committed documents hold what tests/expected.py says (and where it says the numbers
come from), and a new editor's document added to the project passes every data and site check."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from generator.paths import Project

from .expected import DOCUMENTS
from .newdoc import DOC_ID, REGION


def listed_document_problems(project: Project) -> list[str]:
    """What differs from the table, for the documents the table lists (any others are not its business)."""
    found = []
    for doc_id, (region, measures, source) in DOCUMENTS.items():
        path = project.documents / f"{doc_id}.yaml"
        if not path.exists():
            found.append(f"{doc_id}: missing (remove it from tests/expected.py if that is intended)")
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        count = sum(1 for p in doc["provisions"] if p["kind"] == "measure")
        if doc["region"] != region:
            found.append(f"{doc_id}: region {doc['region']}, expected {region}")
        if count != measures:
            found.append(f"{doc_id}: {count} measures, expected {measures} ({source})")
    return found


@pytest.mark.data
def test_committed_documents_match_the_table():
    assert listed_document_problems(Project()) == []


@pytest.mark.data
def test_committed_data_is_valid_and_complete(cli):
    result = cli("validate")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no warnings either


@pytest.mark.data
def test_the_fixture_project_is_valid_canonical_and_released(fixture_copy, cli):
    """The project the build, preview and hostile-input tests run on (tests/fixtures/project) must stay a
    valid project as the schemas, checks and templates change: no error, no warning, canonical files, and
    its release history current. If this fails, fix the fixture, not the test."""
    result = cli("validate", root=fixture_copy.root)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.startswith("ok: "), result.stdout
    fmt = cli("fmt", "--check", root=fixture_copy.root)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    release = cli("release", "--check", root=fixture_copy.root)
    assert release.returncode == 0, release.stdout + release.stderr


@pytest.mark.site
def test_a_new_editors_document_passes_the_data_and_site_checks(built, cli):
    """The project with one more document (new region, new agencies, reviewed: false), as a new editor
    would add it: valid with no warnings, the table's checks still pass, and the built site (which every
    site and browser test also runs on) shows it in both languages, says it is not yet reviewed, links
    its region and agencies, and carries its measures in the downloads."""
    project, site = built
    doc = yaml.safe_load((project.documents / f"{DOC_ID}.yaml").read_text(encoding="utf-8"))
    assert doc["translation"]["reviewed"] is False and doc["region"] == REGION
    result = cli("validate", root=project.root)
    assert result.returncode == 0 and f"{DOC_ID}.yaml" not in result.stderr, result.stderr  # not even a warning
    assert listed_document_problems(project) == []
    stats = cli("stats", root=project.root)
    assert stats.returncode == 0 and DOC_ID in stats.stdout

    zh = (site / "documents" / DOC_ID / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "documents" / DOC_ID / "index.html").read_text(encoding="utf-8")
    assert "未经校对" in zh and "not yet reviewed" in en
    assert "Open up channels of mobility." in en and "畅通流动渠道。" in zh
    for lang_root in (site, site / "en"):
        assert (lang_root / "regions" / REGION / "index.html").exists()
        agency = (lang_root / "agencies" / f"{REGION}-hrss" / "index.html").read_text(encoding="utf-8")
        assert f"documents/{DOC_ID}/" in agency  # the agency's page lists the measures it is responsible for
    rows = [r for r in csv.DictReader(io.StringIO((site / "data/measures.csv").read_text(encoding="utf-8-sig")))
            if r["document"] == DOC_ID]
    assert [r["id"] for r in rows] == ["1.1", "1.2"]
    records = [r for r in json.loads((site / "data/measures.json").read_text(encoding="utf-8")) if r["document"] == DOC_ID]
    assert records and all(r["translation_reviewed"] is False for r in records)
