"""Printed numbering labels of Chinese policy documents (一、 （三） 12. 第五条 ①): recognised by ingest,
checked against provision ids by validate, and rendered in English by the pages — one definition for all.

Matching happens on a *folded* copy of each line (full-width ASCII → half-width), which has the same
length as the original, so a match can be cut from the original text and the printed label is stored
exactly as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space


def fold(text: str) -> str:
    """Full-width ASCII forms to half-width, character for character (length is preserved)."""
    return text.translate(_FULLWIDTH)


# Whitespace a seed may use inside or around a line: ordinary, ideographic, no-break.
WHITESPACE = " \t\u3000\u00a0\u2002\u2003\u200b\ufeff"


def strip(text: str) -> str:
    return text.strip(WHITESPACE + "\n")


CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int:
    """一 → 1, 十八 → 18, 二十三 → 23, 一百零五 → 105; Arabic digits pass through."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_VALUES:
            current = _CN_VALUES[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


@dataclass(frozen=True)
class Scheme:
    name: str
    pattern: re.Pattern


# Order matters only for ambiguity: 第X章 before 第X条, (1) before 1.
SCHEMES = [
    Scheme("chapter", re.compile(rf"^第([{CN_DIGITS}\d]+)章\s*")),
    Scheme("article", re.compile(rf"^第([{CN_DIGITS}\d]+)条\s*")),
    Scheme("cn-comma", re.compile(rf"^([{CN_DIGITS}]+)\s*、\s*")),
    Scheme("cn-paren", re.compile(rf"^\(\s*([{CN_DIGITS}]+)\s*\)\s*")),
    Scheme("arabic-paren", re.compile(r"^\(\s*(\d{1,3})\s*\)\s*")),
    Scheme("arabic-dot", re.compile(r"^(\d{1,3})\s*[.、．](?!\d)\s*")),
    Scheme("circled", re.compile(r"^([\u2460-\u2473])\s*")),
]


@dataclass(frozen=True)
class Label:
    scheme: str
    value: int
    printed: str  # the label exactly as printed, e.g. "（三）", "12."
    rest: str  # the line after the label, as printed


def match_label(line: str) -> Label | None:
    folded = fold(line)
    for scheme in SCHEMES:
        m = scheme.pattern.match(folded)
        if not m:
            continue
        token = m.group(1)
        value = ord(token) - 0x2460 + 1 if scheme.name == "circled" else chinese_number(token)
        if value <= 0:
            continue
        printed = strip(line[: m.end()])
        return Label(scheme.name, value, printed, line[m.end():])
    return None
