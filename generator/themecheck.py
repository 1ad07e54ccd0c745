"""Theme consistency (part of validate, as warnings): measures that say the same thing should carry the
same themes. A measure is flagged when it lacks a theme that another measure carries and the two share
the text that theme rests on: either the texts are nearly the same as a whole, or they share a long span
containing the evidence the other measure's `why` quotes for that theme ("text: 异地就医…直接结算").

Each finding is resolved in the data: tag the measure, or record under its `themes_not` why the theme
does not apply. Candidates come from an index of 8-character shingles, so the check is not quadratic in
the corpus; shingles common to very many measures (boilerplate) are not used to pair measures.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from .errors import ProblemList
from .model import Corpus, Document, Provision

SHINGLE = 8
MIN_SHARED = 14  # characters of normalised text a shared span needs to count
LONG = 24  # characters of a shared span that carry a theme given by a heading (no quoted evidence)
SIMILAR = 0.75  # ratio above which two whole measures count as the same text
BOILERPLATE = 60  # a shingle in more measures than this pairs nothing
_PUNCT = re.compile(r"[\s，,。；;：:、“”\"‘’'（）()《》〔〕【】\[\]—\-·…!！?？]")


def normalise(zh: str) -> str:
    return _PUNCT.sub("", zh)


def evidence(why: str | None) -> list[str]:
    """The source fragments a theme's `why` quotes: 'text: 打破户籍、地域…制约, 消除歧视 (gloss)'."""
    if not why or not why.startswith("text:"):
        return []
    body = re.sub(r"\([^)]*\)\s*$", "", why[len("text:"):])
    parts = re.split(r"…|\.\.\.|, |，", body)
    return [n for n in (normalise(p) for p in parts) if len(n) >= 4]


@dataclass
class Finding:
    doc: Document
    provision: Provision
    theme: str
    other_doc: Document
    other: Provision
    shared: str  # the shared text (normalised), or "" when the measures are similar as a whole


def _measures(corpus: Corpus):
    for doc in sorted(corpus.documents.values(), key=lambda d: d.id):
        for p in doc.measures:
            if p.text and p.text.zh:
                yield doc, p, normalise(p.text.zh)


def find_inconsistencies(corpus: Corpus) -> list[Finding]:
    items = list(_measures(corpus))
    index: dict[str, set[int]] = defaultdict(set)
    for i, (_, _, text) in enumerate(items):
        for k in range(len(text) - SHINGLE + 1):
            index[text[k:k + SHINGLE]].add(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if 1 < len(members) <= BOILERPLATE:
            ordered = sorted(members)
            pairs.update((a, b) for n, a in enumerate(ordered) for b in ordered[n + 1:])
    findings = []
    for a, b in sorted(pairs):
        for x, y in ((a, b), (b, a)):
            findings += _compare(items[x], items[y])
    return findings


def _compare(tagged, other) -> list[Finding]:
    """Themes of `tagged` that `other` lacks although it shares their textual basis."""
    doc_a, a, text_a = tagged
    doc_b, b, text_b = other
    have = {t.id for t in b.themes} | {t.id for t in b.themes_not}
    missing = [t for t in a.themes if t.id not in have]
    if not missing:
        return []
    matcher = SequenceMatcher(None, text_a, text_b, autojunk=False)
    blocks = [text_a[m.a:m.a + m.size] for m in matcher.get_matching_blocks() if m.size >= MIN_SHARED]
    if not blocks:
        return []
    similar = matcher.ratio() >= SIMILAR
    found = []
    for ref in missing:
        fragments = evidence(ref.why)
        # the evidence the other measure quotes for the theme, or (a theme from its heading) any long span
        shared = next((s for s in blocks if any(f in s for f in fragments) or (not fragments and len(s) >= LONG)), None)
        if similar or shared:
            found.append(Finding(doc_b, b, ref.id, doc_a, a, shared or ""))
    return found


def check_theme_consistency(corpus: Corpus, problems: ProblemList) -> None:
    for f in find_inconsistencies(corpus):
        basis = f"shares “{f.shared[:30]}{'…' if len(f.shared) > 30 else ''}”" if f.shared else "is nearly the same text"
        problems.warning(
            f.doc.where.path, f.provision.line,
            f"measure {f.provision.id} {basis} with {f.other_doc.id} {f.other.id}, which has theme '{f.theme}', but lacks it",
            f"add theme '{f.theme}' to the measure, or record under its themes_not why it does not apply")
