"""Label paths name one place only: within each document no two measures share one, the downloads and
the cite lines print it, and a document whose lists restart their numbering gets the part prefixed."""

from __future__ import annotations

import json
import re
from collections import Counter

from generator.data.load import load_corpus
from generator.data.model import Document, Provision, Where
from generator.paths import REPO_ROOT, Project


def _corpus():
    corpus, _ = load_corpus(Project(REPO_ROOT))
    return corpus


def test_label_paths_are_unique_within_every_document():
    corpus = _corpus()
    assert corpus.documents
    for doc in corpus.documents.values():
        paths = Counter(doc.label_path(p) for p in doc.measures)
        assert not [path for path, n in paths.items() if n > 1], doc.id
        assert all(paths), doc.id  # every measure has a label path


def _provision(pid, label, kind, parent=None, depth=0):
    return Provision(pid, label, kind, None, None, None, [], [], None, 1, depth, parent)


def _document(provisions):
    return Document("d", None, None, None, None, None, None, None, None, None, None, None, [], [], None, None, False,
                    [], [], None, None, provisions, Where("d.yaml"))


def test_repeated_printed_labels_get_the_part_prefixed():
    # two unnumbered parts, each a list 一、二、 (as Wenzhou's two lists of ten)
    doc = _document([_provision("1", None, "section"), _provision("1.1", "一、", "measure", "1", 1),
                     _provision("1.2", "二、", "measure", "1", 1), _provision("2", None, "section"),
                     _provision("2.1", "一、", "measure", "2", 1), _provision("2.2", "二、", "measure", "2", 1)])
    assert [doc.label_path(p) for p in doc.measures] == ["第一部分一、", "第一部分二、", "第二部分一、", "第二部分二、"]
    assert [doc.part_label(p, "en") for p in doc.labelled_path(doc.measures[3])] == ["Part 2", "二、"]


def test_labels_that_do_not_repeat_stay_as_printed():
    doc = _document([_provision("1", "一、", "section"), _provision("1.1", "(一)", "measure", "1", 1),
                     _provision("2", "二、", "section"), _provision("2.1", "(一)", "measure", "2", 1),
                     _provision("3", None, "section"), _provision("3.1", "三、", "measure", "3", 1)])
    assert [doc.label_path(p) for p in doc.measures] == ["一、(一)", "二、(一)", "三、"]


def test_downloads_and_cite_lines_use_the_unique_label_path(built):
    _, site = built
    records = json.loads((site / "data/measures.json").read_text(encoding="utf-8"))
    by_doc: dict[str, list[dict]] = {}
    for r in records:
        by_doc.setdefault(r["document"], []).append(r)
    for doc_id, rows in by_doc.items():
        paths = [r["label_path"] for r in rows]
        assert len(set(paths)) == len(paths) and all(paths), doc_id
        html = (site / "documents" / doc_id / "index.html").read_text(encoding="utf-8")
        cites = re.findall(r'<p class="cite"[^>]*>.*?</p>', html, re.S)
        for path in paths:
            # the Chinese citation names the measure by its label path after the title: 《…》（二、(一)1.）
            assert sum(f"（{path}）" in c for c in cites) == 1, (doc_id, path)
