"""Translation checks (part of validate): every Chinese text has English, the English has no Chinese
left in it, glossary terms are rendered as the glossary says, and every quantity in the Chinese is in
the English.

Quantities are compared after normalisation: 2.4万 = 24,000; 2-5万元 = 20,000–50,000; 100万 = 1 million;
2020年6月 = June 2020. Only Arabic-digit numbers count: 一次 is not a quantity, （一） is a label.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from .errors import ProblemList
from .model import Corpus, Document, GlossaryTerm, Text
from .stats import reference_fields, text_fields

_HAN = re.compile(r"[\u3400-\u9fff]")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|《[^》]*》")
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_ZH_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(?:\s*[-—–~至]\s*(\d+(?:\.\d+)?))?\s*(万|亿)?")
_ZH_MONTH = re.compile(r"年\s*(\d{1,2})\s*月")
_EN_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion)?", re.I)
_EN_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b", re.I)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "hundred": 100, "thousand": 1000}
_EN_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.I)


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def chinese_quantities(zh: str) -> list[tuple[str, set[Decimal]]]:
    """(as printed, acceptable values) for each Arabic-digit quantity in a Chinese text."""
    found = []
    months = {m.start(1): m.group(1) for m in _ZH_MONTH.finditer(zh)}
    for m in _ZH_NUMBER.finditer(zh):
        low, high, unit = m.group(1), m.group(2), m.group(3)
        factor = Decimal(10_000) if unit == "万" else Decimal(100_000_000) if unit == "亿" else Decimal(1)
        for number in filter(None, (low, high)):
            value = _dec(number)
            if value is None:
                continue
            accepted = {value * factor}  # 2.4万 is 24,000 in English, never a bare 2.4
            if m.start(1) in months and number == low:
                accepted.add(Decimal(-int(number)))  # month number: a month name counts
            found.append((m.group(0).strip(), accepted))
    return found


def english_quantities(en: str) -> list[set[Decimal]]:
    """Each number written in the English, as the values it can stand for (2.4 million = 2,400,000)."""
    found: list[set[Decimal]] = []
    for m in _EN_NUMBER.finditer(en):
        value = _dec(m.group(1))
        if value is None:
            continue
        scale = {"million": 1_000_000, "billion": 1_000_000_000}.get((m.group(2) or "").lower())
        found.append({value * scale} if scale else {value})
    for m in _EN_MONTH.finditer(en):
        found.append({Decimal(-(MONTHS.index(m.group(1).lower()) + 1))})
    found += [{Decimal(_WORD_NUMBERS[m.group(1).lower()])} for m in _EN_WORD_NUMBER.finditer(en)]
    return found


def missing_quantities(zh: str, en: str) -> list[str]:
    """Chinese quantities with no English number left to match: each English number answers for one
    Chinese quantity only, so "3年…3个月" needs two 3s in the English."""
    unused = english_quantities(en)
    missing = []
    for printed, accepted in chinese_quantities(zh):
        candidates = [i for i, values in enumerate(unused) if values & accepted]
        # a month (1月) takes a month name (January) before a bare number another quantity may need
        match = min(candidates, key=lambda i: min(unused[i]) >= 0) if candidates else None
        if match is None:
            missing.append(printed)
        else:
            del unused[match]
    return missing


def chinese_left_in_english(en: str) -> str:
    """Han characters outside quoted names ("…", “…”, 《…》)."""
    return "".join(_HAN.findall(_QUOTED.sub("", en)))


def glossary_mismatches(text: Text, glossary: list[GlossaryTerm]) -> list[GlossaryTerm]:
    """Glossary terms used in the Chinese whose fixed rendering (or an accepted variant) is absent."""
    if not text.zh or not text.en:
        return []
    en = None  # lower-cased once, and only if some term occurs (most fields use none)
    missing = []
    for term in glossary:
        if len(term.zh) < 2 or term.zh not in text.zh:
            continue
        zh = text.zh
        for longer in term.exclude:
            zh = zh.replace(longer, "")
        if term.zh not in zh:
            continue
        en = en if en is not None else text.en.lower().replace("–", "-")
        if not any(form in en for form in _forms(term)):
            missing.append(term)
    return missing


def _forms(term: GlossaryTerm) -> tuple[str, ...]:
    """The term's rendering and accepted variants, normalised (cached: checked for every field)."""
    return _normalised_forms(term.en, tuple(term.accept))


@cache
def _normalised_forms(en: str, accept: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f.lower().replace("–", "-").strip().strip('"“”') for f in (en, *accept))


def check_references(doc: Document, problems: ProblemList) -> None:
    """Titles of implemented and cited documents: an English page shows the English title when there
    is one, else the Chinese, so a missing one is missing English like any other (and `make stats`
    counts it)."""
    for name, text in reference_fields(doc):
        line = doc.line_of(name.split("[")[0])
        if not text.en:
            problems.error(doc.where.path, line, f"{name}: no English ('{text.zh[:40]}')",
                             "add en: with the English title (following data/glossary.yaml)")
        elif chinese_left_in_english(text.en):
            problems.error(doc.where.path, line, f"{name}: English still contains Chinese ({chinese_left_in_english(text.en)[:20]})",
                           "translate it, or quote it if it is a name shown on purpose")


def check_translations(corpus: Corpus, doc: Document, problems: ProblemList) -> None:
    path = doc.where.path
    check_references(doc, problems)
    lines = {p.id: p.line for p in doc.provisions}
    # Longest terms first: where 流动人员人事档案 matches, its part 人事档案 is not checked separately.
    glossary = sorted(corpus.glossary, key=lambda t: -len(t.zh))
    for name, text in text_fields(doc):
        pid = name.split()[1] if name.startswith("provision ") else None
        line = lines.get(pid, 1) if pid else 1
        if not text.en:
            problems.error(path, line, f"{name}: no English", "add the English translation (en:)")
            continue
        leftover = chinese_left_in_english(text.en)
        if leftover:
            problems.error(path, line, f"{name}: English still contains Chinese ({leftover[:20]})",
                           "translate it, or quote it if it is a name shown on purpose")
        missing = missing_quantities(text.zh or "", text.en)
        if missing:
            problems.error(path, line, f"{name}: quantities in the Chinese missing from the English: {', '.join(missing)}",
                           "render every number exactly (2.4万 = 24,000; 3%-5% = 3–5%)")
        covered = ""
        for term in glossary:
            if term.zh not in (text.zh or "") or term.zh in covered:
                continue
            if glossary_mismatches(text, [term]):
                problems.error(path, line, f"{name}: '{term.zh}' is not rendered as the glossary's '{term.en}'",
                               "use the glossary rendering, or add this wording to the term's accept list")
            covered += term.zh + "|"
