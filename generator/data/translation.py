"""Translation checks (part of validate): every Chinese text has English, the English has no Chinese
left in it, glossary terms are rendered as the glossary says, and every quantity in the Chinese is in
the English.

Quantities are compared after normalisation: 2.4万 = 24,000; 2-5万元 = 20,000–50,000; 100万 = 1 million;
2020年6月 = June 2020. Only Arabic-digit numbers count: 一次 is not a quantity, （一） is a label.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from functools import cache

from generator.data.model import Corpus, Document, GlossaryTerm, Text
from generator.errors import ProblemList

_HAN = re.compile(r"[\u3400-\u9fff]")
# an opening mark stops the run too: with thousands of unclosed “ each would scan to the end (quadratic)
_QUOTED = re.compile(r"“[^”“]*”|\"[^\"]*\"|《[^》《]*》")
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_ZH_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(?:\s*[-—–~至]\s*(\d+(?:\.\d+)?))?\s*(万|亿)?")
_ZH_MONTH = re.compile(r"年\s*(\d{1,2})\s*月")
_EN_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion)?", re.I)
_EN_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b", re.I)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "hundred": 100, "thousand": 1000}
_EN_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.I)


@cache
def _dec(text: str) -> Decimal | None:
    """A printed number as a Decimal (cached: a text repeats the same few numbers, and Decimal() is the
    costly step of the quantity check)."""
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


_ZH_FACTORS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), None: Decimal(1)}
_EN_SCALES = {"million": Decimal(1_000_000), "billion": Decimal(1_000_000_000)}


@cache
def _zh_accepted(number: str, unit: str | None, month: bool) -> tuple[Decimal, ...] | None:
    """The English values that render one printed Chinese number, in the order they are tried."""
    value = _dec(number)
    if value is None:
        return None
    accepted = value * _ZH_FACTORS[unit]  # 2.4万 is 24,000 in English, never a bare 2.4
    # month number (2020年6月): a month name, stored as -6, is tried before a bare 6 another quantity may need
    return (Decimal(-int(number)), accepted) if month else (accepted,)


def chinese_quantities(zh: str) -> list[tuple[str, tuple[Decimal, ...]]]:
    """(as printed, acceptable values in the order to try them) for each Arabic-digit quantity."""
    found = []
    months = {m.start(1) for m in _ZH_MONTH.finditer(zh)} if "月" in zh else set()
    for m in _ZH_NUMBER.finditer(zh):
        low, high, unit = m.groups()
        printed = m.group(0).strip()
        accepted = _zh_accepted(low, unit, m.start(1) in months)
        if accepted is not None:
            found.append((printed, accepted))
        if high is not None and (accepted := _zh_accepted(high, unit, False)) is not None:
            found.append((printed, accepted))
    return found


def english_quantities(en: str) -> list[Decimal]:
    """The value of each number written in the English (2.4 million = 2,400,000; June = -6)."""
    found: list[Decimal] = []
    for number, scale in _EN_NUMBER.findall(en):
        value = _dec(number)
        if value is not None:
            found.append(value * _EN_SCALES[scale.lower()] if scale else value)
    found += [Decimal(-(MONTHS.index(month.lower()) + 1)) for month in _EN_MONTH.findall(en)]
    found += [Decimal(_WORD_NUMBERS[word.lower()]) for word in _EN_WORD_NUMBER.findall(en)]
    return found


def missing_quantities(zh: str, en: str) -> list[str]:
    """Chinese quantities with no English number left to match: each English number answers for one
    Chinese quantity only, so "3年…3个月" needs two 3s in the English.

    Linear: English numbers are counted by value, so each Chinese quantity looks up its one or two
    accepted values instead of scanning every English number (quadratic: 194 s for 80 KB of digits)."""
    left = Counter(english_quantities(en))
    missing = []
    for printed, accepted in chinese_quantities(zh):
        for value in accepted:
            if left[value] > 0:
                left[value] -= 1
                break
        else:
            missing.append(printed)
    return missing


def chinese_left_in_english(en: str) -> str:
    """Han characters outside quoted names ("…", “…”, 《…》)."""
    return "".join(_HAN.findall(_QUOTED.sub("", en)))


_QUOTES_AND_SPACES = re.compile(r"[“”\"‘’'\s]")


def zh_plain(zh: str) -> str:
    """Chinese without quotation marks and spaces, so 动态“清零” and 动态 “清零” read as 动态清零."""
    return _QUOTES_AND_SPACES.sub("", zh)


@cache
def _term_plain(zh: str) -> str:
    """zh_plain of a glossary term (or one it excludes): the same few hundred strings, checked against
    every field of every document."""
    return zh_plain(zh)


def glossary_mismatches(text: Text, glossary: list[GlossaryTerm]) -> list[GlossaryTerm]:
    """Glossary terms used in the Chinese whose fixed rendering (or an accepted variant) is absent."""
    if not text.zh or not text.en:
        return []
    en = None  # lower-cased once, and only if some term occurs (most fields use none)
    missing = []
    plain = zh_plain(text.zh)
    for term in glossary:
        term_zh = _term_plain(term.zh)
        if len(term_zh) < 2 or term_zh not in plain:
            continue
        zh = plain
        for longer in term.exclude:
            zh = zh.replace(_term_plain(longer), "")
        if term_zh not in zh:
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


@cache
def _longest_first(forms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(forms, key=len, reverse=True))


def avoided_renderings(en: str, glossary: list[GlossaryTerm]) -> list[tuple[GlossaryTerm, str]]:
    """(term, form) for each rendering the glossary rules out that an English text still uses, once the
    term's own rendering and accepted forms are set aside ("returned overseas students" may stand,
    a bare "overseas students" may not)."""
    found = []
    lowered = en.lower().replace("–", "-")
    for term in glossary:
        if not term.avoid:
            continue
        rest = lowered
        for form in _longest_first(_forms(term)):
            rest = rest.replace(form, " ")
        found += [(term, form) for form in term.avoid if form.lower() in rest]
    return found


def _report_avoided(problems: ProblemList, path: str, line: int, name: str, en: str, glossary: list[GlossaryTerm]) -> None:
    for term, form in avoided_renderings(en, glossary):
        problems.error(path, line, f"{name}: '{form}' is a rendering the glossary rules out for '{term.zh}'",
                       f"write '{term.en}' (see data/glossary.yaml)", code="E-EN-GLOSSARY-AVOID")


def check_reference_translations(corpus: Corpus, problems: ProblemList) -> None:
    """Theme, function and framework texts follow the glossary too: they are English readers' text."""
    fields = []
    for theme in corpus.themes.values():
        fields += [(theme.where, f"theme '{theme.id}' {what}", text)
                   for what, text in (("name", theme.name), ("description", theme.description))]
    fields += [(f.where, f"function '{f.id}' name", f.name) for f in corpus.functions.values()]
    for framework in corpus.frameworks.values():
        fields += [(framework.where, f"framework '{framework.id}' item {item.id}", item.name) for item in framework.items]
        fields += [(framework.where, f"framework '{framework.id}' item {item.id} text", item.text)
                   for item in framework.items if item.text]
        fields += [(framework.where, f"framework '{framework.id}' part {part}", name) for part, name in framework.parts]
    glossary = sorted(corpus.glossary, key=lambda t: -len(t.zh))
    avoid = [t for t in corpus.glossary if t.avoid]
    for where, name, text in fields:
        if not text or not text.en:
            continue
        _report_avoided(problems, where.path, where.line, name, text.en, avoid)
        for term in _unmatched(text, glossary):
            problems.error(where.path, where.line, f"{name}: '{term.zh}' is not rendered as the glossary's '{term.en}'",
                           "use the glossary rendering, or add this wording to the term's accept list", code="E-EN-GLOSSARY")


def _unmatched(text: Text, glossary: list[GlossaryTerm]) -> list[GlossaryTerm]:
    """Glossary terms of this text not rendered as the glossary says; a term inside a longer term that
    matched (人事档案 in 流动人员人事档案) is not checked on its own."""
    covered, missing = "", []
    zh = zh_plain(text.zh or "")
    for term in glossary:
        term_zh = _term_plain(term.zh)
        if term_zh not in zh or term_zh in covered:
            continue
        missing += glossary_mismatches(text, [term])
        covered += term_zh + "|"
    return missing
# Which fields need English: here, where they are checked; `stats` counts the same lists.

def text_fields(doc: Document) -> list[tuple[str, Text]]:
    """Every bilingual field of a document that has Chinese, with a name for reports."""
    fields = [(name, value) for name, value in (
        ("title", doc.title), ("issuer", doc.issuer), ("issuer_note", doc.issuer_note),
        ("source.publisher", doc.publisher), ("preamble", doc.preamble), ("closing", doc.closing),
    ) if value and value.zh]
    fields += [(f"front line {f.line}", f.text) for f in doc.front if f.text.zh]
    fields += [(f"issuers {i + 1}", t) for i, t in enumerate(doc.issuers) if t.zh]
    if doc.adopted_by and doc.adopted_by.zh:
        fields.append(("adopted_by", doc.adopted_by))
    for p in doc.provisions:
        for part, value in (("heading", p.heading), ("text", p.text), ("deadline", p.deadline)):
            if value and value.zh:
                fields.append((f"provision {p.id} {part}", value))
    return fields


def reference_fields(doc: Document) -> list[tuple[str, Text]]:
    """The titles of the documents it implements and cites (shown on both language pages)."""
    return [(f"{kind}[{i}] title", Text(ref.title, ref.en))
            for kind, refs in (("implements", doc.implements), ("cites", doc.cites))
            for i, ref in enumerate(refs) if ref.title]


def check_references(doc: Document, problems: ProblemList) -> None:
    """Titles of implemented and cited documents: an English page shows the English title when there
    is one, else the Chinese, so a missing one is missing English like any other (and `make stats`
    counts it)."""
    for name, text in reference_fields(doc):
        line = doc.line_of(name.split("[")[0])
        if not text.en:
            problems.error(doc.where.path, line, f"{name}: no English ('{text.zh[:40]}')",
                             "add en: with the English title (following data/glossary.yaml)", code="E-EN-MISSING")
        elif chinese_left_in_english(text.en):
            problems.error(doc.where.path, line, f"{name}: English still contains Chinese ({chinese_left_in_english(text.en)[:20]})",
                           "translate it, or quote it if it is a name shown on purpose", code="E-EN-CHINESE-LEFT")


def check_translations(corpus: Corpus, doc: Document, problems: ProblemList) -> None:
    path = doc.where.path
    check_references(doc, problems)
    lines = {p.id: p.line for p in doc.provisions}
    # Longest terms first: where 流动人员人事档案 matches, its part 人事档案 is not checked separately.
    glossary = sorted(corpus.glossary, key=lambda t: -len(t.zh))
    avoid = [t for t in corpus.glossary if t.avoid]
    for name, text in text_fields(doc):
        pid = name.split()[1] if name.startswith("provision ") else None
        line = lines.get(pid, 1) if pid else 1
        if not text.en:
            problems.error(path, line, f"{name}: no English", "add the English translation (en:)", code="E-EN-MISSING")
            continue
        leftover = chinese_left_in_english(text.en)
        if leftover:
            problems.error(path, line, f"{name}: English still contains Chinese ({leftover[:20]})",
                           "translate it, or quote it if it is a name shown on purpose", code="E-EN-CHINESE-LEFT")
        _report_avoided(problems, path, line, name, text.en, avoid)
        missing = missing_quantities(text.zh or "", text.en)
        if missing:
            problems.error(path, line, f"{name}: quantities in the Chinese missing from the English: {', '.join(missing)}",
                           "render every number exactly (2.4万 = 24,000; 3%-5% = 3–5%)", code="E-EN-QUANTITY")
        for term in _unmatched(text, glossary):
            problems.error(path, line, f"{name}: '{term.zh}' is not rendered as the glossary's '{term.en}'",
                           "use the glossary rendering, or add this wording to the term's accept list", code="E-EN-GLOSSARY")
