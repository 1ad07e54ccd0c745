"""The analysis the preview keeps between saves (`analyse(corpus, reuse=True)`: each document's targets,
and the related measures computed again only where edited texts can change them) equals an analysis
from scratch after every kind of edit: a measure's Chinese (its bigrams' weights move in other measures
too), a text made identical to another's, a text emptied, English, themes, a document deleted and added.

Any valid corpus: the committed data, with the bounds of the candidate search made small so that an edit
moves measures in and out of other measures' postings and top lists."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

import generator.analyse.related as related
import generator.analyse.targets as targets
from generator.analyse.comparisons import analyse
from generator.data.load import load_corpus
from generator.paths import REPO_ROOT, Project
from generator.site.render_deps import skeleton_key

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def committed():
    corpus, problems = load_corpus(Project(REPO_ROOT))
    assert not problems.errors
    return corpus


def _measures(corpus):
    return [(doc, p) for doc in sorted(corpus.documents.values(), key=lambda d: d.id) for p in doc.measures
            if p.text and p.text.zh]


def _set_text(corpus, n: int, zh: str):
    doc, p = _measures(corpus)[n]
    p.text = replace(p.text, zh=zh)


def _edits(corpus):
    """(name, corpus → None) in order; each applies to a fresh copy of the previous step's corpus."""
    first = _measures(corpus)[0][1].text.zh
    middle = len(_measures(corpus)) // 2
    doc_ids = sorted(corpus.documents)
    removed = {}

    def delete(c):
        removed["doc"] = c.documents.pop(doc_ids[-1])

    def add_back(c):
        c.documents[doc_ids[-1]] = copy.deepcopy(removed["doc"])

    def themes(c):
        doc, p = _measures(c)[middle]
        p.themes = list(reversed(p.themes)) if len(p.themes) > 1 else []

    def english(c):
        doc, p = _measures(c)[middle]
        p.text = replace(p.text, en=(p.text.en or "") + " revised")

    return [
        ("a measure's Chinese, with bigrams many measures share", lambda c: _set_text(c, 0, first + "促进人才流动加强人才服务")),
        ("the same measure's Chinese again, a new rare bigram", lambda c: _set_text(c, 0, first + "鹦鹉螺")),
        ("a text made identical to another measure's", lambda c: _set_text(c, middle, _measures(c)[1][1].text.zh)),
        ("a text emptied to one character", lambda c: _set_text(c, 1, "人")),
        ("two texts changed at once", lambda c: (_set_text(c, 2, first), _set_text(c, 3, first + "档案"))),
        ("English only", english),
        ("themes only", themes),
        ("a document deleted", delete),
        ("the document added back", add_back),
        ("the first text restored", lambda c: _set_text(c, 0, first)),
    ]


@pytest.mark.parametrize("postings", [related.POSTINGS, 3])
def test_the_kept_analysis_equals_one_from_scratch_after_every_kind_of_edit(committed, monkeypatch, postings):
    monkeypatch.setattr(related, "POSTINGS", postings)
    monkeypatch.setattr(related, "QUERY_TERMS", 4 if postings == 3 else related.QUERY_TERMS)
    monkeypatch.setattr(related, "_LAST", None)
    monkeypatch.setattr(targets, "_LAST", {})
    corpus = copy.deepcopy(committed)
    analyse(corpus, reuse=True)  # what the preview's first render keeps
    for name, edit in _edits(committed):
        corpus = copy.deepcopy(corpus)
        corpus.__dict__.pop("_related_measures", None)  # a new corpus, as validate returns after a save
        edit(corpus)
        clean_corpus = copy.deepcopy(corpus)
        kept, clean = analyse(corpus, reuse=True), analyse(clean_corpus, reuse=False)
        assert kept.related == clean.related, name
        assert list(kept.related) == list(clean.related), name  # the same order (the render cache hashes it)
        # targets: the same values, pointing at the new corpus's own documents and provisions
        assert [(t.doc.id, t.provision.id, t.span, t.start, t.values) for t in kept.targets] == \
               [(t.doc.id, t.provision.id, t.span, t.start, t.values) for t in clean.targets], name
        assert all(t.doc is corpus.documents[t.doc.id] and any(t.provision is p for p in t.doc.provisions)
                   for t in kept.targets), name
        # and everything the pages share hashes the same (what the render cache compares)
        assert skeleton_key(corpus, kept) == skeleton_key(clean_corpus, clean), name


def test_an_edit_to_one_text_computes_few_lists_again(committed, monkeypatch):
    """The point of keeping it: a Chinese edit with a rare bigram recomputes a handful of lists, not all."""
    monkeypatch.setattr(related, "_LAST", None)
    corpus = copy.deepcopy(committed)
    related.related_measures(corpus, reuse=True)
    computed = []
    real = related._Related._related

    def counting(self, i):
        computed.append(i)
        return real(self, i)

    monkeypatch.setattr(related._Related, "_related", counting)
    _set_text(corpus, 0, _measures(corpus)[0][1].text.zh + "鹦鹉螺")
    kept = related.related_measures(corpus, reuse=True)
    assert kept == related.related_measures(copy.deepcopy(corpus))
    total = len(kept)
    assert 0 < len(computed) - total < total / 2, (len(computed) - total, total)  # the clean call computed `total`
