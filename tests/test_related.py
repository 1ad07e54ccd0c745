"""Related measures (generator/analyse/related.py, issue 12): hand-picked measures of the committed documents
find their counterparts in other documents, never themselves or their own document; the scores are
cosines; and the built site shows on each document page exactly what related.csv publishes.

The hand-picked checks are about the seed data and ask only that a counterpart is among the measure's
top CANDIDATES, so adding a valid document cannot break them."""

from __future__ import annotations

import csv
import io
import re

import pytest

from generator.analyse.related import CANDIDATES, bigrams, related_measures
from generator.data.load import load_corpus
from generator.paths import REPO_ROOT, Project

pytestmark = pytest.mark.data

# measure → counterparts that must be among its related measures (same subject in another region)
EXPECTED = {
    # Jilin's personnel-file (档案) measure → Tianjin's and Liaoning's personnel-file measures
    ("jilin-2020-task-division", "2.6.1"): [("liaoning-mobility", "2.11"), ("tianjin-2020-mobility", "2.3")],
    # Liaoning's hukou measure → Jilin's and Tianjin's hukou measures
    ("liaoning-mobility", "2.5"): [("jilin-2020-task-division", "2.4.4"), ("tianjin-2020-mobility", "2.1")],
    # Tianjin's hukou measure → Liaoning's and Jilin's
    ("tianjin-2020-mobility", "2.1"): [("liaoning-mobility", "2.5"), ("jilin-2020-task-division", "2.4.4")],
    # Tianjin's personnel-file measure → Liaoning's and Jilin's
    ("tianjin-2020-mobility", "2.3"): [("liaoning-mobility", "2.11"), ("jilin-2020-task-division", "2.6.1")],
}


def key(doc_id: str, measure_id: str) -> str:
    return f"{doc_id}#m-{measure_id.replace('.', '-')}"


@pytest.fixture(scope="module")
def seed_related():
    corpus, problems = load_corpus(Project(REPO_ROOT))
    assert not problems.errors
    return corpus, related_measures(corpus, top=CANDIDATES)


@pytest.mark.parametrize("measure", sorted(EXPECTED))
def test_hand_picked_measures_find_their_counterparts(seed_related, measure):
    _, related = seed_related
    found = [other for other, _ in related[key(*measure)]]
    for counterpart in EXPECTED[measure]:
        assert key(*counterpart) in found, (measure, counterpart, related[key(*measure)])


def test_never_the_measure_itself_nor_its_own_document_and_scores_are_cosines(seed_related):
    corpus, related = seed_related
    assert len(related) == sum(len(d.measures) for d in corpus.documents.values())
    assert any(related.values())
    for measure, found in related.items():
        doc = measure.split("#")[0]
        scores = [score for _, score in found]
        assert scores == sorted(scores, reverse=True)
        for other, score in found:
            assert other != measure and other.split("#")[0] != doc, (measure, other)
            assert 0 < score <= 1


def test_the_same_text_in_another_document_scores_one_and_unrelated_text_nothing(tmp_path):
    """A small made-up corpus: the score is the cosine of the texts, not a rank."""
    from .conftest import copy_project
    from .newdoc import DOC_ID, add_synthetic_document

    project = copy_project(tmp_path / "p", documents=["liaoning-mobility"])
    add_synthetic_document(project)
    corpus, problems = load_corpus(project)
    assert not problems.errors
    liaoning = corpus.documents["liaoning-mobility"]
    new = corpus.documents[DOC_ID]
    # give the new document's first measure exactly the text of a Liaoning measure
    source, target = liaoning.measures[10], new.measures[0]
    target.heading, target.text = source.heading, source.text
    related = related_measures(corpus)
    assert related[key(DOC_ID, target.id)][0] == (key("liaoning-mobility", source.id), 1.0)
    assert bigrams("人事档案，档案") == {"人事": 1, "事档": 1, "档案": 2}


def test_document_pages_show_what_related_csv_publishes(built):
    _, site = built
    rows = list(csv.DictReader(io.StringIO((site / "data" / "related.csv").read_text(encoding="utf-8-sig"))))
    assert rows and list(rows[0]) == ["document", "measure", "related_document", "related_measure", "score"]
    for row in rows[:40]:
        html = (site / "documents" / row["document"] / "index.html").read_text(encoding="utf-8")
        anchor = "m-" + row["measure"].replace(".", "-")
        block = html[html.index(f'id="{anchor}"'):]
        block = block[:block.index('class="cite"')]
        # the page links relatively (../b/ or ../../documents/b/): compare where the link lands
        target = f'documents/{row["related_document"]}/#m-{row["related_measure"].replace(".", "-")}'
        assert 'class="related"' in block
        found = re.search(r'href="((?:\.\./)+)(?:documents/)?' + re.escape(target.removeprefix("documents/")) + '"', block)
        assert found, (row, target)
        link = block[found.start():]
        assert link[link.index("</a>"):].startswith(f'</a> {float(row["score"]):.2f}'), row  # the score follows its link
