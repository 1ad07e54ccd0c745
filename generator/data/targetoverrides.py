"""The editors' target overrides (`targets:` under a provision in the document YAML): applied to what
`targetextract` reads off the Chinese, and checked by validate against the text (a span that is no longer
in the text, an added target without kind, values or unit, a drop of something no longer extracted).
They belong to the data: editors write them, and the data's checks must not reach into the analysis.
"""

from __future__ import annotations

from decimal import Decimal

from generator.data.model import Document, Provision, Text
from generator.data.targetextract import SENTENCE, extract
from generator.data.targetmodel import Target
from generator.errors import ProblemList

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


def _as_value(v):
    return v if isinstance(v, str) else Decimal(str(v))


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
