"""Quantified targets: every number a provision commits to, requires or uses as a boundary, as
structured fields (kind, values, unit, qualifier, period, subject, the exact source span and a role),
extracted from measures and from the lead-ins of sections alike, then corrected by the editors'
overrides in the document YAML (`targets:` under a provision).

Kinds: share, count, money, duration, deadline, time-limit, frequency, window (a date range in which a
measure applies). Roles: commitment (what the government will do or reach), condition (what a person or
body must meet: a minimum service, an age, an application window) and threshold (a boundary that sorts
cases: cities of 3 million or fewer, the part of a wage bill above 8 %, one of 10 colleges).

Numbers may be Arabic or Chinese (两千, 一次) and scaled by 万/亿; ranges keep both ends. Every field has
English (`english_value`, UNIT_EN, strings.yaml); the subject's English comes from an override.

The record and its English (`data/targetmodel`), the extraction from the Chinese (`data/targetextract`)
and the editors' overrides (`data/targetoverrides`, which validate checks) belong to the data room; this
module lists a corpus's targets (with task tables' deadlines) for the pages and downloads.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import replace
from decimal import Decimal

from generator.data.model import Document, Provision, Text
from generator.data.targetextract import extract
from generator.data.targetmodel import Target
from generator.data.targetoverrides import apply_overrides


def plain_number(v):
    """A value for the downloads: an int where whole (2.4万 → 24000), else a float; dates stay text."""
    if isinstance(v, str):
        return v
    return int(v) if v == v.to_integral_value() else float(v)


def provision_targets(doc: Document, provision: Provision) -> list[Target]:
    return apply_overrides(doc, provision, extract(doc, provision)) + deadline_targets(doc, provision)


_DEADLINE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def deadline_targets(doc: Document, provision: Provision) -> list[Target]:
    """A task table's 完成时限 column (ingest's `deadline`) as a deadline target, when it names a year.
    Its span is the printed cell, not part of the measure's text, so it sorts after the text's targets;
    what it is about is the task itself (its heading, in both languages)."""
    printed = provision.deadline.zh if provision.deadline else None
    m = _DEADLINE_YEAR.search(printed or "")
    if not m:
        return []  # 长期坚持, 持续推进 …: a deadline in words stays on the measure, not in the targets
    end = len(provision.text.zh) if provision.text and provision.text.zh else 0
    return [Target(doc, provision, "deadline", [Decimal(m.group(1))], "year", "at-most", None, provision.heading or Text(None), printed,
                   end, "commitment", printed)]


def document_targets(doc: Document) -> list[Target]:
    """Every target of one document's provisions (measures and section lead-ins), in document order."""
    out = []
    for p in doc.provisions:
        if p.text and p.text.zh:
            out += provision_targets(doc, p)
    return out


# The preview analyses a new corpus after every save, and extraction over every document was most of the
# analysis after the related measures (3 s at 100×). A document's targets depend on that document alone,
# so each document's are kept with its pickled bytes (a snapshot: equal bytes, equal records, whatever
# happened to the objects since) and reused, pointed at the new objects, while the bytes are the same.
# Document id → (its pickle, [(provision position, target)]).
_LAST: dict[str, tuple[bytes, list[tuple[int, Target]]]] = {}


def corpus_targets(documents, reuse: bool = False) -> list[Target]:
    """Every target of every provision (measures and section lead-ins), documents in id order. `reuse`:
    keep each document's targets in this process, and reuse those of documents unchanged since the last call."""
    global _LAST
    if not reuse:
        return [t for doc in sorted(documents, key=lambda d: d.id) for t in document_targets(doc)]
    out, kept = [], {}
    for doc in sorted(documents, key=lambda d: d.id):
        snapshot = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
        before = _LAST.get(doc.id)
        if before is not None and before[0] == snapshot:
            found = [(n, replace(t, doc=doc, provision=doc.provisions[n])) for n, t in before[1]]
        else:
            position = {id(p): n for n, p in enumerate(doc.provisions)}
            found = [(position[id(t.provision)], t) for t in document_targets(doc)]
        kept[doc.id] = (snapshot, found)
        out += [t for _, t in found]
    _LAST = kept
    return out
