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
from collections import Counter, defaultdict
from dataclasses import dataclass

from generator.data.model import Corpus, Document, Provision
from generator.errors import ProblemList
from generator.files import content_key

SHINGLE = 8
MIN_SHARED = 14  # characters of normalised text a shared span needs to count
LONG = 24  # characters of a shared span that carry a theme given by a heading (no quoted evidence)
SIMILAR = 0.6  # share of 8-character windows in common (Jaccard) above which two measures count as the same text
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


def find_inconsistencies(corpus: Corpus, measures: list | None = None) -> list[Finding]:
    # measures with the same (normalised) text are compared once as a group: copies cost nothing
    groups: dict[str, list[tuple[Document, Provision]]] = defaultdict(list)
    for doc, p, text in _measures(corpus) if measures is None else measures:
        groups[text].append((doc, p))
    texts = list(groups)
    shingles = [_shingles(text) for text in texts]
    # within a group, measures with the same themes stand for each other: one representative each
    kinds = {text: _by_signature(members) for text, members in groups.items()}
    findings = []
    for text in texts:
        for tagged, _ in kinds[text]:
            for other, alike in kinds[text]:
                if other is not tagged:
                    findings += [f for o in alike for f in _missing(tagged, o, "")]
    index: dict[str, list[int]] = defaultdict(list)
    for i, own in enumerate(shingles):
        for sh in own:
            index[sh].append(i)
    shared: Counter = Counter()
    for members in index.values():
        if 1 < len(members) <= BOILERPLATE:
            shared.update((a, b) for n, a in enumerate(members) for b in members[n + 1:])
    for (a, b), count in sorted(shared.items()):
        if count < MIN_SHARED - SHINGLE + 1:
            continue  # no common run long enough to be a shared span
        for x, y in ((a, b), (b, a)):
            blocks = None
            similar = len(shingles[x] & shingles[y]) / len(shingles[x] | shingles[y]) >= SIMILAR
            for tagged, _ in kinds[texts[x]]:
                for other, alike in kinds[texts[y]]:
                    if not _lacking(tagged[1], other[1]):
                        continue
                    blocks = _shared_spans(texts[x], shingles[y]) if blocks is None else blocks
                    findings += [f for o in alike for f in _missing(tagged, o, None if similar else blocks)]
    return findings


def _by_signature(members: list[tuple[Document, Provision]]) -> list[tuple[tuple, list]]:
    """(representative, all members) per distinct set of themes and themes_not."""
    out: dict[tuple, list] = {}
    for doc, p in members:
        key = (frozenset(t.id for t in p.themes), frozenset(t.id for t in p.themes_not))
        out.setdefault(key, []).append((doc, p))
    return [(alike[0], alike) for alike in out.values()]


def _lacking(a: Provision, b: Provision) -> list:
    have = {t.id for t in b.themes} | {t.id for t in b.themes_not}
    return [t for t in a.themes if t.id not in have]


def _missing(tagged, other, blocks: list[str] | str | None) -> list[Finding]:
    """Themes of `tagged` that `other` lacks although it shares their textual basis: `blocks` are the
    shared spans, or "" / None when the texts are the same or nearly so (then every theme counts)."""
    (doc_a, a), (doc_b, b) = tagged, other
    found = []
    for ref in _lacking(a, b):
        if isinstance(blocks, list):
            fragments = evidence(ref.why)
            # the evidence the other measure quotes for the theme, or (a theme from its heading) any long span
            span = next((s for s in blocks if any(f in s for f in fragments) or (not fragments and len(s) >= LONG)), None)
            if span is None:
                continue
        else:
            span = ""
        found.append(Finding(doc_b, b, ref.id, doc_a, a, span))
    return found


def _shingles(text: str) -> set[str]:
    return {text[k:k + SHINGLE] for k in range(len(text) - SHINGLE + 1)}


def _shared_spans(text: str, other: set[str]) -> list[str]:
    """Runs of `text` whose every 8-character window also occurs in the other text, at least MIN_SHARED long."""
    spans, start = [], None
    for k in range(len(text) - SHINGLE + 2):
        inside = k <= len(text) - SHINGLE and text[k:k + SHINGLE] in other
        if inside and start is None:
            start = k
        elif not inside and start is not None:
            if k - 1 + SHINGLE - start >= MIN_SHARED:
                spans.append(text[start:k - 1 + SHINGLE])
            start = None
    return spans


# The last run's warnings and the key of everything they were found from (see _inputs_key): the preview
# checks after every save, and most saves (English, notes, agencies) change none of it.
_last: tuple[str, list] | None = None


def _inputs_key(measures: list) -> str:
    """All the check reads of each measure, in order: its document's id and file, its id and line (the
    message's), its normalised Chinese text, its themes with their `why`, its themes_not."""
    return content_key(repr([(doc.id, doc.where.path, p.id, p.line, text, [(t.id, t.why) for t in p.themes],
                              [t.id for t in p.themes_not]) for doc, p, text in measures]))


def check_theme_consistency(corpus: Corpus, problems: ProblemList) -> None:
    global _last
    measures = list(_measures(corpus))
    key = _inputs_key(measures)
    if _last is None or _last[0] != key:
        found = ProblemList()
        _warn(find_inconsistencies(corpus, measures), found)
        _last = (key, found.problems)
    problems.extend(_last[1])


def _warn(findings: list[Finding], problems: ProblemList) -> None:
    for f in findings:
        basis = f"shares “{f.shared[:30]}{'…' if len(f.shared) > 30 else ''}”" if f.shared else "is nearly the same text"
        problems.warning(
            f.doc.where.path, f.provision.line,
            f"measure {f.provision.id} {basis} with {f.other_doc.id} {f.other.id}, which has theme '{f.theme}', but lacks it",
            f"add theme '{f.theme}' to the measure, or record under its themes_not why it does not apply", code="W-THEME-SHARED-EVIDENCE")
