"""Readers report errors where the site is published with CORRECTIONS_URL: each measure links to a
pre-filled report naming its permalink; without it there is no dead link."""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.data.validate import validate
from generator.engine.staging import render_site_sources
from generator.errors import BuildError
from generator.settings import Settings


def document_page(project, tmp_path, lang="en", environ=None) -> str:
    corpus, _ = validate(project, check_seeds=False)
    settings = Settings.from_environment(project.root, environ or {})  # as the CLI makes them
    render_site_sources(project, corpus, tmp_path / "staging", settings=settings)
    return (tmp_path / "staging" / "docs" / lang / "documents" / "tianjin-2020-mobility.md").read_text(encoding="utf-8")


def test_each_measure_links_to_a_prefilled_report(project_copy, tmp_path):
    page = document_page(project_copy, tmp_path, environ={"CORRECTIONS_URL": "https://example.org/tracker/issues/new"})
    links = [html.unescape(part.split('"')[0]) for part in page.split('href="')[1:] if "tracker/issues/new" in part]
    assert len(links) == page.count('class="measure ')  # one per measure
    query = parse_qs(urlsplit(next(link for link in links if "m-3-1" in link)).query)
    assert query["title"] == ["tianjin-2020-mobility 3.1: correction"]
    assert "Page: /en/documents/tianjin-2020-mobility/#m-3-1" in query["body"][0]


def test_no_report_link_without_a_tracker(project_copy, tmp_path):
    assert "Report a correction" not in document_page(project_copy, tmp_path)


def test_a_tracker_url_that_is_not_http_is_refused(project_copy, tmp_path):
    with pytest.raises(BuildError, match="not an http"):
        document_page(project_copy, tmp_path, environ={"CORRECTIONS_URL": "javascript:alert(1)"})
