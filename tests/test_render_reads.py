"""The read tracer of the render cache (site/render_deps.DocumentReads): what a page and a data file beside
it record, however often and in whatever order they read the same records, and the model as it was after."""

from __future__ import annotations

import pytest

from generator.data.model import Document, Provision
from generator.data.validate import validate
from generator.site.render_deps import DocumentReads, provision_name
from tests.conftest import copy_fixture_project

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    project = copy_fixture_project(tmp_path_factory.mktemp("reads") / "project")
    corpus, problems = validate(project, check_seeds=False, cache=False)
    assert not problems.errors
    return corpus


def test_each_set_records_every_record_read_in_it_however_often_it_was_read_before(corpus):
    first, second = list(corpus.documents.values())[:2]
    measure = first.provisions[0]
    reads = DocumentReads(corpus)
    with reads.installed():
        with reads.page() as page:
            for _ in range(3):
                _ = measure.text, first.title
            with reads.part() as part:  # read again inside a data file: the file's own set has it too
                _ = measure.id, second.id
            _ = first.id  # read again after the part: still the page's
        with reads.page() as next_page:  # a new page records what the last one read, when it reads it
            _ = measure.label
    assert page == {first.id, provision_name(first.id, 0)}
    assert part == {provision_name(first.id, 0), second.id}
    assert next_page == {provision_name(first.id, 0)}


def test_after_the_render_the_records_are_what_they_were(corpus):
    doc = next(iter(corpus.documents.values()))
    before = repr(doc)
    reads = DocumentReads(corpus)
    with reads.installed(), reads.page():
        _ = doc.provisions[0].id, doc.id
        assert type(doc).__name__ == "Document" and isinstance(doc, Document)  # read as before, inside the page
        assert repr(doc) == before
    assert type(doc) is Document and all(type(p) is Provision for p in doc.provisions)
    assert "__getattribute__" not in Document.__dict__ and "__getattribute__" not in Provision.__dict__
    assert repr(doc) == before
