"""Implementation timeline (issue 12): how long each document took after the framework it implements.

Dates are used only as precise as the data states them: `2020-06-23` is a day, `2019-12` a month,
`2019` a year. No day is ever invented. A lag is therefore a range of days:
- both dates full days → one number, `days` (published as `lag_days`);
- otherwise → the shortest and longest lag the stated dates allow (`low`, `high`: e.g. a framework
  dated 2019-12 and a document dated 2020-06-23 → from 2019-12-31 to 2020-06-23 at least, from
  2019-12-01 at most), and `days` stays empty (`lag_days` is empty; `lag_days_min`/`lag_days_max` hold
  the range). The about page states this rule.
A document whose date is not stated has no lag: the pages list it apart, never at a guessed position.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from generator.analyse.coverage import implemented_frameworks
from generator.data.model import Corpus, Document, Framework

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_span(value: str | None) -> tuple[date, date] | None:
    """The first and last day a stated date can mean ('2019-12' → 1 and 31 December); None if not stated."""
    if not value:
        return None
    match = _DATE.fullmatch(value.strip())
    if not match:
        return None
    year = int(match[1])
    if match[3]:
        day = date(year, int(match[2]), int(match[3]))
        return day, day
    if match[2]:
        month = int(match[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


@dataclass
class Lag:
    doc: Document
    framework: Framework
    days: int | None  # exact, only when both dates are full days
    low: int | None  # shortest lag the stated dates allow (None: the document's date is not stated)
    high: int | None  # longest

    @property
    def stated(self) -> bool:
        return self.low is not None


def lag(doc: Document, framework: Framework) -> Lag:
    own, national = date_span(doc.issued), date_span(framework.date)
    if not own or not national:
        return Lag(doc, framework, None, None, None)
    low, high = (own[0] - national[1]).days, (own[1] - national[0]).days
    return Lag(doc, framework, low if low == high else None, low, high)


def document_lag(corpus: Corpus, doc: Document) -> Lag | None:
    """The lag after the first framework (in data/frameworks/ order) the document implements; None if it
    implements none of them."""
    for fw_id in implemented_frameworks(corpus, doc):
        return lag(doc, corpus.frameworks[fw_id])
    return None


def framework_timeline(corpus: Corpus, framework: Framework, doc_ids: list[str]) -> tuple[list[Lag], list[Lag]]:
    """(documents with a stated date, shortest lag first; documents whose date is not stated, by id)."""
    lags = [lag(corpus.documents[d], framework) for d in doc_ids if d in corpus.documents]
    dated = sorted((x for x in lags if x.stated), key=lambda x: (x.low, x.high, x.doc.id))
    undated = sorted((x for x in lags if not x.stated), key=lambda x: x.doc.id)
    return dated, undated
