"""Responsibility as printed → individual unit names with their role.

Forms handled (full- or half-width punctuation):
  trailing parentheses with a label   （责任单位：A、B）  (责任科室:A、B,C)  (责任处室、单位:A)
  trailing parentheses without one    （A、B等部门按职责分工）  （市教委）
  lead / supporting                   牵头单位：A；配合单位：B、C     （A牵头，B配合）
  a unit line after a task (tables)   A、B、C（按职责分工负责，排序不分先后，下同）

Roles: "lead" and "supporting" only where the text says so; otherwise every unit is
"responsible" — list order is never read as a lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import fold

_LABEL = re.compile(r"^(责任(?:单位|科室|处室|部门)(?:[、,]\s*(?:单位|部门))?)\s*[:]\s*")
_LEAD = re.compile(r"牵头(?:单位|部门)?\s*[:]\s*")
_SUPPORT = re.compile(r"(?:配合|协办)(?:单位|部门)?\s*[:]\s*")
_TRAILING_DUTY = re.compile(r"(?:等(?:有关|相关)?(?:部门|单位))?(?:按职责分工(?:负责)?|负责)$")
_NOTE_WORDS = ("排序不分先后", "按职责分工", "下同", "分别负责", "负责")
# Endings of unit names in these documents (agencies, their sections, collective subjects).
UNIT_SUFFIX = re.compile(
    r"(厅|局|委|办|部|工会|委员会|管委会|协会|联合会|科协|银行|支行|分行|院|府|联|中心|科|处|室|组|队|所|站|单位|政府|机关|集团|公司)$"
)
SEPARATORS = "、,;"


@dataclass
class Unit:
    name: str
    role: str = "responsible"  # lead | supporting | responsible


@dataclass
class Responsibility:
    printed: str  # exactly as printed, parentheses and label included
    label: str = ""  # e.g. 责任科室
    note: str = ""  # e.g. 按职责分工负责，排序不分先后，下同
    units: list[Unit] = field(default_factory=list)

    @property
    def says_unordered_from_here(self) -> bool:
        return "排序不分先后" in self.note and "下同" in self.note


_GENERIC_TAILS = ("单位", "部门", "处室", "科室")


def split_top_level(text: str, separators: str = SEPARATORS) -> list[str]:
    """Split at separators outside parentheses: 各县(市、区)人社局 stays one unit, and a bare
    generic word stays with the name before it (局相关处室、单位 is one collective subject)."""
    parts, depth, current = [], 0, []
    for ch, f in zip(text, fold(text)):
        if f == "(":
            depth += 1
        elif f == ")":
            depth = max(0, depth - 1)
        if depth == 0 and f in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    merged: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if merged and part in _GENERIC_TAILS:
            merged[-1] += "、" + part
        else:
            merged.append(part)
    return merged


def looks_like_unit(name: str) -> bool:
    name = fold(name).strip()
    return 2 <= len(name) <= 30 and bool(UNIT_SUFFIX.search(name)) and "。" not in name


def _last_bracket_start(folded: str) -> int | None:
    """Index of the "(" that opens the parenthesis closing the (folded) text, if it ends with one."""
    if not folded.endswith(")"):
        return None
    depth = 0
    for i in range(len(folded) - 1, -1, -1):
        if folded[i] == ")":
            depth += 1
        elif folded[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return None


def _split_label(text: str) -> tuple[str, str]:
    """(责任单位-style label without its colon, the rest) — label "" when there is none."""
    m = _LABEL.match(fold(text))
    if not m:
        return "", text
    return re.sub(r"[:：]\s*$", "", text[: m.end()]).strip(), text[m.end():]


def _strip_note(text: str) -> tuple[str, str]:
    """Take a trailing (note) off a unit list when it is an ordering/duty note."""
    start = _last_bracket_start(fold(text))
    if start is not None:
        inner = text[start + 1 : -1]
        if any(w in inner for w in _NOTE_WORDS):
            return text[:start].rstrip(), inner
    return text, ""


def parse_units(body: str) -> tuple[list[Unit], str] | None:
    """Parse the inside of a responsibility statement; None when it is not one."""
    body, note = _strip_note(body.strip())
    folded = fold(body)
    units: list[Unit] = []
    lead_match, support_match = _LEAD.search(folded), _SUPPORT.search(folded)
    if lead_match or support_match:
        segments = []
        if lead_match:
            end = support_match.start() if support_match and support_match.start() > lead_match.start() else len(body)
            segments.append(("lead", body[lead_match.end():end]))
        if support_match:
            end = lead_match.start() if lead_match and lead_match.start() > support_match.start() else len(body)
            segments.append(("supporting", body[support_match.end():end]))
        for role, segment in segments:
            units += [Unit(n, role) for n in split_top_level(segment)]
    else:
        for name in split_top_level(body):
            role = "responsible"
            if name.endswith("牵头"):
                name, role = name[:-2], "lead"
            elif name.endswith("配合"):
                name, role = name[:-2], "supporting"
            units.append(Unit(name, role))
    if units:
        last = units[-1]
        duty = _TRAILING_DUTY.search(fold(last.name))
        if duty and duty.start() > 0:
            note = (note + "；" if note else "") + last.name[duty.start():]
            last.name = last.name[: duty.start()]
    units = [u for u in units if u.name]
    if not units or not all(looks_like_unit(u.name) for u in units):
        return None
    return units, note


def trailing_responsibility(text: str) -> tuple[str, Responsibility] | None:
    """Split `text（责任单位：…）` into (text, responsibility); None when the text has none."""
    folded = fold(text).rstrip()
    start = _last_bracket_start(folded)
    if start is None:
        return None
    label, inner = _split_label(text[start + 1 : len(folded) - 1])
    parsed = parse_units(inner)
    if parsed is None:
        return None
    units, note = parsed
    before = text[:start].rstrip()
    return before, Responsibility(printed=text[start : len(folded)], label=label, note=note, units=units)


def unit_line(text: str) -> Responsibility | None:
    """A bare line of units after a task, as in tables flattened to lines."""
    if "。" in fold(text) or len(text) > 200:
        return None
    label, body = _split_label(text)
    parsed = parse_units(body)
    if parsed is None:
        return None
    units, note = parsed
    return Responsibility(printed=text, label=label, note=note, units=units)
