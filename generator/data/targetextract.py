"""Quantified targets found in a provision's Chinese text: numbers Arabic or Chinese (两千, 一次), scaled
by 万/亿, ranges kept as two values; the qualifier, unit, period, subject and role read off the words
around them (see `targetmodel` for the kinds and roles).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from generator.data.model import Document, Provision, Text
from generator.data.targetmodel import Target

_COUNTERS = {"人次": "person-time", "人": "person", "名": "person", "家": "organisation", "项": "item", "期": "session",
             "套": "set", "所": "institution", "个": "unit", "次": "time"}
_PERIOD_WORDS = [("每年度", "per-year"), ("每年", "per-year"), ("年均", "per-year"), ("每月", "per-month"),
                 ("每季度", "per-quarter"), ("每周", "per-week"), ("每次", "per-occasion")]
# qualifier words before and after a number; longest first so 最高不超过 wins over 最高
_BEFORE = [("最高不超过", "at-most"), ("不超过", "at-most"), ("不高于", "at-most"), ("最高", "at-most"), ("最多", "at-most"),
           ("不低于", "at-least"), ("不少于", "at-least"), ("至少", "at-least"), ("最低", "at-least"), ("超过", "at-least"),
           ("达到", "at-least"), ("满", "at-least"), ("达", "at-least"), ("大约", "about"), ("约", "about"), ("近", "about")]
_AFTER = [("及以上", "at-least"), ("以上", "at-least"), ("及以下", "at-most"), ("以下", "at-most"), ("以内", "at-most"),
          ("内", "at-most"), ("左右", "about"), ("多", "about")]

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_AR = r"\d+(?:\.\d+)?"
_CN = r"[一二两三四五六七八九十百千零〇]+"
_NUM = rf"(?:{_AR}|{_CN})"
_SCALE = r"(?:万|亿)?"
_DASH = r"\s*(?:-|—|–|~|～|至|到)\s*"


def number(text: str) -> Decimal:
    """'2.4' → 2.4, '两千' → 2000, '十五' → 15, '300万' → 3000000 (万/亿 scale what precedes)."""
    text = text.strip()
    scale = Decimal(1)
    if text.endswith("万"):
        text, scale = text[:-1], Decimal(10_000)
    elif text.endswith("亿"):
        text, scale = text[:-1], Decimal(100_000_000)
    if re.fullmatch(_AR, text):
        value = Decimal(text) * scale
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
    return Decimal(total + (digit or 0)) * scale


# (kind, pattern, words one of which the pattern needs) in the order they claim characters: dates before
# years before bare numbers. The words let a sentence skip a pattern that cannot match it (a plain
# substring test is far cheaper than a regex scan: validation runs these over every Chinese text).
_PATTERNS: list[tuple[str, re.Pattern, tuple[str, ...]]] = [
    ("window", re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日" + _DASH + r"(\d{4})年(\d{1,2})月(\d{1,2})日"), ("日",)),
    ("frequency", re.compile(rf"(每(?:年度|年|月|季度|周))[^，,。；;：:]{{0,20}}?({_NUM})次(?!性)"), ("每",)),
    # a year is a deadline after 到/至/在/于 or before a verb of completion: 2019年完成搬迁, 到2022年末
    ("deadline", re.compile(r"(?:(?:到|至|在|于)\s*)?((?:19|20)\d{2})\s*年(?:末|底|前)?"
                            r"(?=\s*(?:末|底|前|完成|实现|建成|全面|基本|达到|,|，|力争|争取))"
                            r"|(?:到|至|在|于)\s*((?:19|20)\d{2})\s*年(?:末|底|前)?(?![\d月度])"), ("年",)),
    ("time-limit", re.compile(rf"(当日|当天)|({_NUM})\s*个?(工作日|日|天|个月|年)(内|以内)"), ("当日", "当天", "内")),
    ("share", re.compile(rf"({_AR})\s*%(?:{_DASH}({_AR})\s*%)?|({_AR}){_DASH}({_AR})\s*%"), ("%",)),
    ("money", re.compile(rf"({_AR}{_SCALE})(?:{_DASH}({_AR}{_SCALE}))?\s*元"), ("元",)),
    ("duration", re.compile(rf"({_NUM})\s*(年|个月|岁)(?=\s*(?:及以上|以上|后|的|工作|经历|$|,|，|。|；))"), ("年", "月", "岁")),
    ("count", re.compile(rf"({_AR}{_SCALE}|{_CN})(?:{_DASH}({_AR}{_SCALE}))?\s*(人次|人|名|家|项|期|套|所|个(?!工作日|月)|次(?!性))"),
     ("人", "名", "家", "项", "期", "套", "所", "个", "次")),
    ("count", re.compile(rf"({_AR}(?:万|亿))(?:{_DASH}({_AR}(?:万|亿)))?(?=以上|以下|及以上|及以下|至|的)"), ("万", "亿")),
]
SENTENCE = re.compile(r"[^。；;]*[。；;]?")
_CLAUSE_BREAK = re.compile(r"[，,：:。；;]")
_TITLE = re.compile(r"《[^》]*》|〔[^〕]*〕")
# a Chinese numeral is a quantity only before a counter that counts people or bodies, or in the
# frequency and time patterns: 十大举措, 五大振兴, 一级, 三类 are names, not targets
_CN_ONLY_WITH = re.compile(r"(人|名|家|所|年|个月|岁|日|天|工作日)$")  # 次 only after 每年 …: 最多跑一次 is a slogan


def extract(doc: Document, provision: Provision) -> list[Target]:
    """The targets of one provision's Chinese text, in reading order, before overrides."""
    text = provision.text.zh if provision.text and provision.text.zh else ""
    found: list[Target] = []
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _TITLE.finditer(text)]  # cited titles, doc numbers
    offset = 0
    for sentence in SENTENCE.findall(text):
        if not sentence.strip():
            offset += len(sentence)
            continue
        for kind, pattern, needs in _PATTERNS:
            if not any(word in sentence for word in needs):
                continue
            for m in pattern.finditer(sentence):
                s, e = offset + m.start(), offset + m.end()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                target = _target(doc, provision, kind, m, sentence, offset)
                if target is None:
                    continue
                taken.append((target.start, target.start + len(target.span)))
                found.append(target)
        offset += len(sentence)
    _carry_list_units(found, text)
    found += _list_heads(doc, provision, text, found, taken)
    return sorted(found, key=lambda t: t.start)


def _target(doc, provision, kind, m: re.Match, sentence: str, offset: int) -> Target | None:
    g = [x for x in m.groups()]
    unit, values = "", []
    if kind == "window":
        values = [f"{int(g[0]):04d}-{int(g[1]):02d}-{int(g[2]):02d}", f"{int(g[3]):04d}-{int(g[4]):02d}-{int(g[5]):02d}"]
        unit = "date"
    elif kind == "frequency":
        values, unit = [number(g[1])], "time"
    elif kind == "deadline":
        values, unit = [Decimal(g[0] or g[1])], "year"
    elif kind == "time-limit":
        if g[0]:
            values, unit = [Decimal(0)], "day"
        else:
            if re.fullmatch(_CN, g[1]) and not _CN_ONLY_WITH.search(g[2]):
                return None
            values, unit = [number(g[1])], {"工作日": "working-day", "日": "day", "天": "day", "个月": "month", "年": "year"}[g[2]]
    elif kind == "share":
        values, unit = [Decimal(x) for x in (g[0], g[1]) if x] or [Decimal(g[2]), Decimal(g[3])], "percent"
    elif kind == "money":
        low, high = g[0], g[1]
        if high and not re.search("[万亿]", low) and re.search("[万亿]", high):
            low += high[-1]  # 2-5万元: the scale written once applies to both ends
        values, unit = [number(x) for x in (low, high) if x], "yuan"
    elif kind == "duration":
        if re.fullmatch(_CN, g[0]) and not re.search(r"(满|期|以上)", sentence[max(0, m.start() - 3):m.end() + 3]):
            return None
        values, unit = [number(g[0])], {"年": "year", "个月": "month", "岁": "year-of-age"}[g[1]]
    elif kind == "count":
        counter = g[2] if len(g) > 2 else None
        if counter is None:  # a bare 300万 before 以下/以上/至: a population or similar size
            before = sentence[max(0, m.start() - 4):m.start()]
            unit = "person" if "人口" in before or "人" in before else ""
        else:
            if re.fullmatch(_CN, g[0]) and not _CN_ONLY_WITH.search(counter):
                return None
            if re.fullmatch(r"[12]\d{3}", g[0]) and counter in ("个", "次"):
                return None  # a year, not a count
            unit = _COUNTERS[counter]
        low, high = g[0], g[1]
        if high and not re.search("[万亿]", low) and re.search("[万亿]", high):
            low += high[-1]
        values = [number(x) for x in (low, high) if x]
    start_in_sentence, end_in_sentence = m.start(), m.end()
    qualifier = "exactly"
    if kind in ("deadline", "window"):
        qualifier = "at-most" if kind == "deadline" else "exactly"
    elif kind == "time-limit":
        qualifier = "at-most" if g[0] is None else "exactly"
    else:
        for word, q in _AFTER:
            if sentence.startswith(word, end_in_sentence):
                qualifier, end_in_sentence = q, end_in_sentence + len(word)
                break
        for word, q in _BEFORE:
            if sentence[:start_in_sentence].endswith(word):
                qualifier, start_in_sentence = q, start_in_sentence - len(word)
                break
        else:  # 不低于总数的65%: the qualifier governs a short "…的" phrase before the number
            far = _QUALIFIED_OF.search(sentence[:start_in_sentence])
            if far:
                qualifier, start_in_sentence = dict(_BEFORE)[far.group(1)], far.start()
    span = sentence[start_in_sentence:end_in_sentence]
    clause_start = max((c.end() for c in _CLAUSE_BREAK.finditer(sentence, 0, start_in_sentence)), default=0)
    next_break = _CLAUSE_BREAK.search(sentence, end_in_sentence)
    clause_end = next_break.start() if next_break else len(sentence)
    clause = sentence[clause_start:clause_end]
    period = None
    if kind == "frequency":
        period = dict(_PERIOD_WORDS)[g[0]]
    else:
        before = sentence[clause_start:start_in_sentence]
        for word, p in _PERIOD_WORDS:
            if word in before:
                period = p
                break
        if period is None and kind in ("money",) and "每月" in sentence[max(0, start_in_sentence - 6):start_in_sentence]:
            period = "per-month"
    role = _role(kind, qualifier, sentence, start_in_sentence, end_in_sentence, clause)
    subject = _subject(sentence, clause_start, start_in_sentence, end_in_sentence, clause_end)
    return Target(doc, provision, kind, values, unit, qualifier, period, Text(subject or None), span,
                  offset + start_in_sentence, role, sentence.strip())


_QUALIFIED_OF = re.compile(r"(不低于|不少于|不超过|不高于|最高|最低)[^，,。；;、\d]{1,8}的$")
_CONDITION_BEFORE = re.compile(r"(具有|年满|满|参保|参加[^，,]{0,8}保险|工作经历|申领条件|符合|连续|缴纳|从事|援派期|任职)")
_RELAXED = re.compile(r"由[^，,。；]*放宽至")


def _role(kind, qualifier, sentence, start, end, clause) -> str:
    after = sentence[end:end + 30]
    after_clause = re.split(r"[，,。；;]", after, maxsplit=1)[0]
    before = sentence[max(0, start - 20):start]
    if kind == "window":
        return "condition"
    if re.match(r"[^，,。；;]*之一", after) or sentence[max(0, start - 1):start] == "前":
        return "threshold"  # one of 10 colleges, the first 10: the size of a group, not a number to reach
    if _RELAXED.search(sentence[:end]) and kind == "duration":
        return "condition"  # 由…3年以上放宽至…1年以上: both are the conditions, old and new
    if kind == "duration" and (qualifier == "at-least" or _CONDITION_BEFORE.search(before)):
        return "condition"  # a minimum service, age or period is what someone must meet
    if kind in ("share", "count") and re.match(r"(的)?(部分|城市|大城市|超大特大城市|地区)", after_clause):
        return "threshold"  # cities of 3 million or fewer; the part above 8%
    if kind == "count" and qualifier in ("at-most", "at-least") and re.match(r"的", after_clause) and "人口" in clause:
        return "threshold"
    return "commitment"


_SUBJECT_TRIM = re.compile(r"^(?:确保|力争|争取|同时|并|对|其中|按照?|根据|每年度?|每月|每次|每人|实现|达到|开展|组织|完成)+")


def _subject(sentence, clause_start, start, end, clause_end) -> str:
    """What the number is about, as printed: the clause around the span, without the span itself and
    leading connectives; the English comes from an override (`subject.en`)."""
    before = sentence[clause_start:start].strip()
    after = sentence[end:clause_end].strip()
    before = _SUBJECT_TRIM.sub("", before)
    text = before if len(before) >= 2 else after
    text = re.sub(r"^(的|达|为|是|给予)+|(的|达|为|是|达到)+$", "", text)
    return text[-30:]


def _carry_list_units(found: list[Target], text: str) -> None:
    """In 不少于100万元、20万元 the qualifier written once applies to the whole list."""
    ordered = sorted(found, key=lambda t: t.start)
    for a, b in zip(ordered, ordered[1:]):
        if a.kind == b.kind and text[a.start + len(a.span):b.start] == "、" and b.qualifier == "exactly":
            b.qualifier = a.qualifier


_LIST_HEAD = re.compile(rf"({_AR}{_SCALE})、")


def _list_heads(doc, provision, text, found, taken) -> list[Target]:
    """In 分别不超过10万、8万元 the unit is written once, after the last item: each earlier item gets it."""
    extra = []
    for t in sorted(found, key=lambda t: -t.start):
        pos = t.start
        while True:
            before = text[:pos]
            m = re.search(rf"({_AR}{_SCALE})、$", before)
            if not m or any(m.start() < e and s < m.end() - 1 for s, e in taken):
                break
            s = m.start(1)
            qualifier, span_start = t.qualifier, s
            item = replace(t, values=[number(m.group(1))], span=m.group(1), start=span_start, qualifier=qualifier)
            if t.span.startswith(tuple(w for w, _ in _BEFORE)):
                # the qualifier was printed before the first item: it belongs to the first span
                item.qualifier = t.qualifier
            extra.append(item)
            taken.append((s, m.end(1)))
            pos = s
    # a qualifier printed before the first item of a list (不超过10万、8万元) belongs to the list
    for item in extra:
        for word, q in _BEFORE:
            if text[:item.start].endswith(word):
                item.span, item.start, item.qualifier = word + item.span, item.start - len(word), q
                for t in found:
                    if t.kind == item.kind and t.start > item.start and t.qualifier == "exactly":
                        t.qualifier = q
                break
    return extra
