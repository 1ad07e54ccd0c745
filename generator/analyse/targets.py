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

The record and its English are in `targetmodel`, the extraction from the Chinese in `targetextract`;
this module applies the editors' overrides, checks them for validate, and lists a corpus's targets.
"""

from __future__ import annotations

import re
from decimal import Decimal

from generator.analyse.targetextract import SENTENCE, extract
from generator.analyse.targetmodel import Target
from generator.data.model import Document, Provision, Text
from generator.errors import ProblemList

# ---- overrides (document YAML: provisions[].targets) ----

OVERRIDE_FIELDS = ("kind", "values", "unit", "qualifier", "period", "role")


def apply_overrides(doc: Document, provision: Provision, extracted: list[Target]) -> list[Target]:
    """The editors' corrections: an override names a target by its exact span; `drop: true` removes an
    extraction, other fields replace the extracted ones, a span nothing extracted adds a target."""
    result = list(extracted)
    text = provision.text.zh if provision.text and provision.text.zh else ""
    for o in provision.targets:
        span = o.get("span") or ""
        matches = [t for t in result if t.span == span]
        if o.get("drop"):
            result = [t for t in result if t.span != span]
            continue
        if not matches:
            start = text.find(span)
            if start < 0 or not all(o.get(k) is not None for k in ("kind", "values", "unit")):
                continue  # validate reports it
            sentence = next((s for s in SENTENCE.findall(text) if span in s), text)
            matches = [Target(doc, provision, o["kind"], [], o["unit"], "exactly", None, Text(None), span, start,
                              "commitment", sentence.strip())]
            result.append(matches[0])
        for t in matches:
            for key in OVERRIDE_FIELDS:
                if o.get(key) is not None:
                    setattr(t, key, [_as_value(v) for v in o[key]] if key == "values" else o[key])
            subject = o.get("subject") or {}
            t.subject = Text(subject.get("zh") or t.subject.zh, subject.get("en") or t.subject.en)
            t.why = o.get("why") or t.why
            t.overridden = True
    return sorted(result, key=lambda t: t.start)


def plain_number(v):
    """A value for the downloads: an int where whole (2.4万 → 24000), else a float; dates stay text."""
    if isinstance(v, str):
        return v
    return int(v) if v == v.to_integral_value() else float(v)


def _as_value(v):
    return v if isinstance(v, str) else Decimal(str(v))


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


def corpus_targets(documents) -> list[Target]:
    """Every target of every provision (measures and section lead-ins), documents in id order."""
    out = []
    for doc in sorted(documents, key=lambda d: d.id):
        for p in doc.provisions:
            if p.text and p.text.zh:
                out += provision_targets(doc, p)
    return out


def check_overrides(doc: Document, problems: ProblemList) -> None:
    """validate: every override still names text in its provision, and an added target is complete."""
    for p in doc.provisions:
        text = p.text.zh if p.text and p.text.zh else ""
        extracted = {t.span for t in extract(doc, p)}
        for t in apply_overrides(doc, p, extract(doc, p)):
            if not t.subject.en:
                problems.warning(doc.where.path, p.line, f"provision {p.id}: target '{t.span}' has no English subject",
                                 f"add under the provision: targets: [{{span: '{t.span}', subject: {{zh: …, en: …}}}}]",
                                 code="W-TARGET-NO-SUBJECT")
        for o in p.targets:
            span = o.get("span") or ""
            line = o.get("line") or p.line
            complete = all(o.get(k) is not None for k in ("kind", "values", "unit"))
            if span not in text:
                problems.error(doc.where.path, line,
                               f"provision {p.id}: target override span '{span}' is not in the Chinese text",
                               "copy the span exactly from the text, or delete the override if the text changed", code="E-TARGET-SPAN")
            elif span not in extracted and not o.get("drop") and not complete:
                problems.error(doc.where.path, line,
                               f"provision {p.id}: target override '{span}' adds a target but lacks kind, values or unit",
                               "give kind, values and unit (or correct the span to one the extractor finds)", code="E-TARGET-INCOMPLETE")
            elif o.get("drop") and span not in extracted:
                problems.warning(doc.where.path, line,
                                 f"provision {p.id}: target override drops '{span}', which is no longer extracted",
                                 "delete the override", code="W-TARGET-STALE-DROP")
