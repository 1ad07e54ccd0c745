"""Lines of a seed: numbered, stripped, folded for matching (the numbering labels themselves are
recognised by `generator.data.numbering`, which validate and the pages share)."""

from __future__ import annotations

from dataclasses import dataclass

# The printed numbering labels are read by validate and the pages too, so they live with the model.
from generator.data.numbering import (  # noqa: F401 - re-exported for the ingest modules and tests
    CN_DIGITS,
    SCHEMES,
    WHITESPACE,
    Label,
    Scheme,
    chinese_number,
    fold,
    match_label,
    strip,
)


def squeeze(text: str) -> str:
    """Every non-whitespace character, in order: what the nothing-lost check compares."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in WHITESPACE)


@dataclass
class Line:
    number: int  # 1-based line number in the seed
    text: str  # stripped of surrounding whitespace, otherwise as printed

    @property
    def folded(self) -> str:
        return fold(self.text)


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their seed line numbers."""
    result = []
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = strip(raw)
        if stripped:
            result.append(Line(number, stripped))
    return result


SENTENCE_END = "。！？!?"
TERMINAL_PUNCTUATION = SENTENCE_END + "；;：:，,"


def is_title_like(text: str, limit: int = 40) -> bool:
    """A short line that reads as a heading: no sentence punctuation inside or at the end."""
    folded = fold(text)
    return (
        0 < len(text) <= limit
        and not any(p in folded for p in "。;!?")
        and folded[-1] not in TERMINAL_PUNCTUATION
    )
