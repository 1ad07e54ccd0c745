"""Quantified targets, the record: `Target` (kind, values, unit, qualifier, period, subject, the exact
source span and a role), the fixed vocabularies it uses (the document schema's enums for the editors'
overrides) and its English ("at least 500 person-times a year"). Extraction is in `targetextract`,
the editors' overrides in `targetoverrides`, the corpus-wide list in `analyse/targets`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, get_args

from generator.data.model import Document, Provision, Text

# the editors' overrides use the same words (document schema, provision targets; tests/test_model_enums.py)
TargetKind = Literal["share", "count", "money", "duration", "deadline", "time-limit", "frequency", "window"]
TargetRole = Literal["commitment", "condition", "threshold"]
TargetQualifier = Literal["at-least", "at-most", "about", "exactly"]
TargetPeriod = Literal["per-year", "per-month", "per-quarter", "per-week", "per-occasion"]
KINDS: tuple[str, ...] = get_args(TargetKind)
ROLES: tuple[str, ...] = get_args(TargetRole)
QUALIFIERS: tuple[str, ...] = get_args(TargetQualifier)
PERIODS: tuple[str, ...] = get_args(TargetPeriod)

# unit id → (Chinese as printed, English singular, English plural)
UNITS: dict[str, tuple[str, str, str]] = {
    "percent": ("%", "%", "%"),
    "yuan": ("元", "yuan", "yuan"),
    "person": ("人", "person", "people"),
    "person-time": ("人次", "person-time", "person-times"),
    "organisation": ("家", "organisation", "organisations"),
    "item": ("项", "item", "items"),
    "session": ("期", "session", "sessions"),
    "set": ("套", "set", "sets"),
    "institution": ("所", "institution", "institutions"),
    "unit": ("个", "unit", "units"),
    "time": ("次", "time", "times"),
    "year": ("年", "year", "years"),
    "month": ("个月", "month", "months"),
    "day": ("日", "day", "days"),
    "working-day": ("工作日", "working day", "working days"),
    "year-of-age": ("岁", "year of age", "years of age"),
    "date": ("", "", ""),
    "": ("", "", ""),
}


@dataclass
class Target:
    doc: Document
    provision: Provision
    kind: TargetKind
    values: list  # numbers (Decimal), or ISO dates for a window; two for a range
    unit: str  # a key of UNITS
    qualifier: TargetQualifier
    period: TargetPeriod | None
    subject: Text
    span: str  # the exact source text, qualifiers included
    start: int  # offset of the span in the provision's Chinese text
    role: TargetRole
    sentence: str  # the Chinese sentence it came from
    overridden: bool = False
    why: str | None = None  # the editors' reason, where an override gives one

    @property
    def english(self) -> str:
        return english_value(self)

    @property
    def context(self) -> tuple[str, str, str]:
        """The sentence split around the span, so a page can mark the span without building markup."""
        i = self.sentence.find(self.span)
        if i < 0:
            return self.sentence, "", ""
        return self.sentence[:i], self.span, self.sentence[i + len(self.span):]


# ---- English ----

def format_number(v) -> str:
    if isinstance(v, str):
        return v
    if v >= 1_000_000 and v % 100_000 == 0:
        m = v / Decimal(1_000_000)
        return f"{m.normalize():f} million"
    if v == v.to_integral_value():
        return f"{int(v):,}"
    return f"{v.normalize():f}"


QUALIFIER_EN = {"at-least": "at least", "at-most": "at most", "about": "about", "exactly": ""}
PERIOD_EN = {"per-year": "a year", "per-month": "a month", "per-quarter": "a quarter", "per-week": "a week",
             "per-occasion": "each time"}


def english_value(t: Target) -> str:
    """The value in English with its qualifier, unit and period: 'at least 500 person-times a year'."""
    if t.kind == "window":
        return f"{t.values[0]} to {t.values[-1]}"
    if t.kind == "time-limit" and t.values == [0]:
        return "the same day"
    if t.kind == "deadline":
        return f"by {t.values[0]}" + (" (end of year)" if re.search("[末底]", t.span) else "")
    nums = " to ".join(format_number(v) for v in t.values)
    _, one, many = UNITS.get(t.unit, ("", t.unit, t.unit))
    if t.unit == "percent":
        value = "–".join(format_number(v) for v in t.values) + "%"
    elif t.unit == "yuan":
        value = f"{nums} yuan"
    elif t.kind == "frequency":
        n = t.values[0]
        value = {1: "once", 2: "twice"}.get(int(n), f"{format_number(n)} times") if n == int(n) else f"{n} times"
        return f"{value} {PERIOD_EN.get(t.period or '', '')}".strip()
    else:
        plural = len(t.values) > 1 or t.values[0] != 1
        value = f"{nums} {many if plural else one}".strip()
    if t.kind == "time-limit":
        return f"within {value}"
    words = [QUALIFIER_EN.get(t.qualifier, ""), value, PERIOD_EN.get(t.period or "", "")]
    return " ".join(w for w in words if w)


@dataclass
class TargetCounts:
    by_kind: dict[str, int] = field(default_factory=dict)
    by_role: dict[str, int] = field(default_factory=dict)


def counts(targets: list[Target]) -> TargetCounts:
    c = TargetCounts({k: 0 for k in KINDS}, {r: 0 for r in ROLES})
    for t in targets:
        c.by_kind[t.kind] += 1
        c.by_role[t.role] += 1
    return c
