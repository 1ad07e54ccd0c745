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

from generator.ingest.lines import fold

_LABEL = re.compile(r"^(责任(?:单位|科室|处室|部门)(?:[、,]\s*(?:单位|部门))?)\s*[:]\s*")
_LEAD = re.compile(r"牵头(?:单位|部门)?\s*[:]\s*")
_SUPPORT = re.compile(r"(?:配合|协办)(?:单位|部门)?\s*[:]\s*")
_TRAILING_DUTY = re.compile(r"(?:等(?:有关|相关)?(?:部门|单位)?)?(?:按职责分工(?:负责)?|负责)$")
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


# A clause's role word, at its end: X牵头 / X（牵头） / X配合 / X协助.
_CLAUSE_ROLE = re.compile(r"(?:[(]\s*)?(牵头|配合|协助|协办|参与)(?:\s*[)])?$")
_ROLE_WORDS = {"牵头": "lead", "配合": "supporting", "协助": "supporting", "协办": "supporting", "参与": "supporting"}


def _labelled_segments(body: str, folded: str) -> list[tuple[str, str]] | None:
    """牵头单位：A；配合单位：B (in either order) → [(role, text)]; None when neither label is there."""
    lead_match, support_match = _LEAD.search(folded), _SUPPORT.search(folded)
    if not (lead_match or support_match):
        return None
    segments = []
    if lead_match:
        end = support_match.start() if support_match and support_match.start() > lead_match.start() else len(body)
        segments.append(("lead", body[lead_match.end():end]))
    if support_match:
        end = lead_match.start() if lead_match and lead_match.start() > support_match.start() else len(body)
        segments.append(("supporting", body[support_match.end():end]))
    return segments


def _clause(role: str, segment: str, notes: list[str]) -> tuple[str, list[str], bool]:
    """One clause → (role, unit names, said 负责). A role word at the end of a clause applies to every
    unit in it (A、B牵头); duty wording (等部门按职责分工负责) closes the clause and goes to the note."""
    names = split_top_level(segment)
    if not names:
        return role, [], False
    last = fold(names[-1])
    said_duty = False
    m = _CLAUSE_ROLE.search(last)
    if m and m.start() > 0 and role == "responsible":
        role, names[-1] = _ROLE_WORDS[m.group(1)], names[-1][: m.start()]
    else:
        duty = _TRAILING_DUTY.search(last)
        if duty and duty.start() > 0:
            said_duty = names[-1][duty.start():] == "负责"
            notes.append(names[-1][duty.start():])
            names[-1] = names[-1][: duty.start()]
    return role, names, said_duty


def parse_units(body: str) -> tuple[list[Unit], str] | None:
    """Parse the inside of a responsibility statement; None when it is not one."""
    body, note = _strip_note(body.strip())
    notes = [note] if note else []
    segments = _labelled_segments(body, fold(body)) or [("responsible", c) for c in split_top_level(body, ",;")]
    clauses = [_clause(role, segment, notes) for role, segment in segments]
    # X负责，Y配合: the unit that is "responsible" beside one that assists is the lead.
    if any(role == "supporting" for role, _, _ in clauses) and any(duty for _, _, duty in clauses):
        clauses = [("lead" if duty else role, names, duty) for role, names, duty in clauses]
        notes = [n for n in notes if n != "负责"]
    units: list[Unit] = []
    for role, names, _ in clauses:
        for name in names:
            unit_role = role
            inline = _INLINE_ROLE.search(fold(name))
            if inline and inline.start() > 0:  # 责任单位：X（牵头）、Y
                unit_role = _ROLE_WORDS[inline.group(1)]
                name = name[: inline.start()]
            units.append(Unit(name.strip(), unit_role))
    units = [u for u in units if u.name]
    if not units or not all(looks_like_unit(u.name) for u in units):
        return None
    return units, "；".join(notes)


_INLINE_ROLE = re.compile(r"[(]\s*(牵头|配合)\s*[)]$")


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


# A labelled statement printed as its own sentence: 牵头单位：A；配合单位：B / 责任单位：A（牵头）、B.
_STATEMENT_START = re.compile(r"(?:^|(?<=[。;\n]))[ \t]*(?=(?:牵头|责任|配合)(?:单位|部门|处室|科室)\s*:)")


def role_line(text: str) -> Responsibility | None:
    """A line that is nothing but a labelled responsibility statement (under a task in a list)."""
    if not _STATEMENT_START.match(fold(text)):
        return None
    return unit_line(text)


def trailing_statement(text: str) -> tuple[str, Responsibility] | None:
    """`task text。牵头单位：A；配合单位：B` on one line → (task text, responsibility)."""
    folded = fold(text)
    for m in _STATEMENT_START.finditer(folded):  # the first statement that runs to the end
        if m.start() == 0 and "\n" not in text:
            continue  # the whole text is the statement: not a task with one
        found = unit_line(text[m.end():].rstrip("。 "))
        if found:
            found.printed = text[m.end():].rstrip()
            return text[: m.start()].rstrip(), found
    return None
