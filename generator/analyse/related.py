"""Related measures across documents (issue 12): for every measure, the few most similar measures of
*other* documents, by character-bigram TF-IDF cosine similarity over the Chinese text (heading + text).

Why this method: Chinese has no spaces, and two consecutive characters (人事, 档案, 户籍 …) are the
smallest unit that carries meaning; TF-IDF down-weights the bigrams every policy text shares
(促进, 人才, 加强 …), and the cosine of two weighted vectors is a number from 0 (no bigram in common)
to 1 (the same text). It is computed in pure Python: no numpy/scipy/scikit-learn, which would add
about 60 MB to every install for a computation this size.

Near-linear at any scale: an inverted index (bigram → measures) finds candidates, and only through each
measure's QUERY_TERMS most distinctive bigrams and each bigram's POSTINGS heaviest measures, so the
work per measure is bounded (never all pairs). The candidates found are then scored exactly (the
full cosine), so a printed score is always the true similarity of the two texts.

Pure: corpus in, mapping out (`MeasureRow.key` → [(other key, score)]); rendering and export read it.
"""

from __future__ import annotations

import heapq
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable

from generator.data.model import Corpus
from generator.parallel import background

TOP = 3  # related measures kept per measure
MIN_SCORE = 0.12  # below this the texts share little but common words: nothing is shown
QUERY_TERMS = 12  # a measure's most distinctive bigrams used to find candidates
POSTINGS = 40  # per bigram, the measures in which it weighs most (bounds the work on very common bigrams)
CANDIDATES = 6  # candidates scored exactly per measure

_KEEP = re.compile(r"[\u3400-\u9fff0-9A-Za-z]+")  # CJK and alphanumerics; punctuation and spaces split runs


def bigrams(text: str) -> Counter:
    """Counts of the two-character sequences inside runs of CJK characters and alphanumerics."""
    counts: Counter = Counter()
    for run in _KEEP.findall(text):
        counts.update(run[i:i + 2] for i in range(len(run) - 1))
    return counts


def measure_texts(corpus: Corpus) -> list[tuple[str, str, str]]:
    """(key, document id, Chinese heading + text) of every measure, in document order."""
    found = []
    for doc in sorted(corpus.documents.values(), key=lambda d: d.id):
        for p in doc.measures:
            text = " ".join(part for part in ((p.heading.zh if p.heading else None), (p.text.zh if p.text else None)) if part)
            # interned: a kept list and a new one name a measure with the same string object, so the analysis
            # pickles (the render cache's skeleton) the same way however it was computed
            found.append((sys.intern(f"{doc.id}#{p.anchor}"), doc.id, text))
    return found


def _weights(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    """A TF-IDF vector, L2-normalised: weight = (1 + ln tf) · ln((1 + N) / (1 + df))."""
    weights = {g: (1 + math.log(tf)) * idf[g] for g, tf in counts.items() if idf[g] > 0}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {g: w / norm for g, w in weights.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    # the set intersection runs in C: only shared bigrams are summed; fsum is exact, so the score does not
    # depend on the set's order (which differs with the argument order and between processes)
    return math.fsum(a[g] * b[g] for g in a.keys() & b.keys())


class _Related:
    """Everything the scores are computed from, kept so that a later corpus whose measures are the same
    (keys and documents, in the same order) is computed again only where its texts changed
    (`update`), with the same result as computing it from scratch (`tests/test_related_incremental.py`)."""

    def __init__(self, measures: list[tuple[str, str, str]], top: int, min_score: float):
        self.measures, self.top, self.min_score = measures, top, min_score
        by_text: dict[str, Counter] = {}  # identical texts are counted once and share one vector
        self.counts = [by_text.get(t) or by_text.setdefault(t, bigrams(t)) for _, _, t in measures]
        self.containing: dict[str, set[int]] = defaultdict(set)  # bigram → measures whose text has it
        for i, c in enumerate(self.counts):
            for gram in c:
                self.containing[gram].add(i)
        n = len(measures)
        self.idf = {gram: math.log((1 + n) / (1 + len(found))) for gram, found in self.containing.items()}
        vector_of: dict[int, dict[str, float]] = {}
        self.vectors = [vector_of.get(id(c)) or vector_of.setdefault(id(c), _weights(c, self.idf)) for c in self.counts]
        self.index = {gram: self._postings(gram) for gram in self.containing}
        self.queries = [self._query(i) for i in range(n)]
        self.users: dict[str, set[int]] = defaultdict(set)  # bigram → measures whose query uses it
        for i, query in enumerate(self.queries):
            for gram, _ in query:
                self.users[gram].add(i)
        self.exact: dict[tuple[int, int], float] = {}
        self.result = {measures[i][0]: self._related(i) for i in range(n)}

    def _postings(self, gram: str) -> list[int]:
        """The bigram's POSTINGS heaviest measures: a bigram in thousands of measures finds no one in particular."""
        entries = [(self.vectors[i][gram], i) for i in sorted(self.containing.get(gram, ())) if gram in self.vectors[i]]
        return [i for _, i in heapq.nlargest(POSTINGS, entries)]

    def _query(self, i: int) -> list[tuple[str, float]]:
        return heapq.nlargest(QUERY_TERMS, self.vectors[i].items(), key=lambda kv: (kv[1], kv[0]))

    def _related(self, i: int) -> list[tuple[str, float]]:
        vectors, measures = self.vectors, self.measures
        vector, doc_id = vectors[i], measures[i][1]
        partial: dict[int, float] = defaultdict(float)
        for gram, weight in self.queries[i]:
            for j in self.index[gram]:
                if measures[j][1] != doc_id:  # never the measure itself, nor its own document
                    partial[j] += weight * vectors[j][gram]
        best = heapq.nlargest(max(CANDIDATES, self.top), partial.items(), key=lambda kv: (kv[1], -kv[0]))
        scored = []
        for j, _ in best:
            # symmetric, and identical texts share one vector object: each pair of distinct vectors is
            # computed once (keyed on the vectors, so a vector computed again is a new pair)
            a, b = id(vector), id(vectors[j])
            pair = (a, b) if a < b else (b, a)
            if pair not in self.exact:
                self.exact[pair] = round(_cosine(vector, vectors[j]), 2)
            scored.append((measures[j][0], self.exact[pair]))
        return sorted((s for s in scored if s[1] >= self.min_score), key=lambda s: (-s[1], s[0]))[:self.top]

    def update(self, measures: list[tuple[str, str, str]]) -> bool:
        """Move to `measures` (the same keys and documents in the same order; False otherwise, nothing
        changed). A measure's list is computed again when its own vector changed, or when one of its
        query bigrams' postings changed or holds a measure whose vector changed: otherwise every
        number its list is made of is as before."""
        if [m[:2] for m in measures] != [m[:2] for m in self.measures]:
            return False
        edited = [i for i, (old, new) in enumerate(zip(self.measures, measures)) if old[2] != new[2]]
        self.measures = measures
        if not edited:
            return True
        self.exact = {}  # keyed on vectors' ids: a replaced vector's id may be given to a new one
        n = len(measures)
        df_changed: set[str] = set()
        for i in edited:
            old = self.counts[i]
            self.counts[i] = bigrams(measures[i][2])
            for gram in old.keys() - self.counts[i].keys():
                self.containing[gram].discard(i)
                df_changed.add(gram)
            for gram in self.counts[i].keys() - old.keys():
                self.containing[gram].add(i)
                df_changed.add(gram)
        for gram in df_changed:
            self.idf[gram] = math.log((1 + n) / (1 + len(self.containing[gram])))
        # vectors that change: the edited measures', and those of every text with a bigram whose weight changed
        moved = set(edited).union(*(self.containing[gram] for gram in df_changed))
        grams: set[str] = set()
        for i in moved:
            grams.update(self.vectors[i])
            self.vectors[i] = _weights(self.counts[i], self.idf)  # a new object: no stale pair in `exact`
            grams.update(self.vectors[i])
        stale: set[int] = set(moved)
        for gram in grams:
            postings = self._postings(gram)
            if postings != self.index.get(gram) or moved.intersection(postings):
                stale |= self.users.get(gram, set())
            self.index[gram] = postings
        for i in moved:
            for gram, _ in self.queries[i]:
                self.users[gram].discard(i)
            self.queries[i] = self._query(i)
            for gram, _ in self.queries[i]:
                self.users[gram].add(i)
        for i in stale:
            self.result[measures[i][0]] = self._related(i)
        return True


_LAST: _Related | None = None  # the last corpus's (the preview analyses a new corpus after every save)


def related_measures(corpus: Corpus, top: int = TOP, min_score: float = MIN_SCORE,
                     reuse: bool = False) -> dict[str, list[tuple[str, float]]]:
    """Measure key → up to `top` (key of a measure in another document, cosine score rounded to 2 places),
    best first (ties by key). Measures with nothing above `min_score` get an empty list.

    `reuse`: start from the last corpus's computation (kept in this process) when the new corpus has
    the same measures, computing again only the lists its edited texts can change; without it the
    computation is from scratch and the kept one is left as it was."""
    global _LAST
    measures = measure_texts(corpus)
    if not reuse:
        return dict(_Related(measures, top, min_score).result)
    if _LAST is None or (_LAST.top, _LAST.min_score) != (top, min_score) or not _LAST.update(measures):
        _LAST = _Related(measures, top, min_score)
    return dict(_LAST.result)


BACKGROUND_FROM = 2000  # provisions from which related_started computes in a forked worker (forking costs ~50 ms)


def related_started(corpus: Corpus) -> Callable[[], dict[str, list[tuple[str, float]]]]:
    """`related_for(corpus)` (from scratch) computed in a forked worker while the caller does the rest of the
    analysis (a third of it at 100×, on a core that was idle); returns the function that waits for it."""
    if "_related_measures" in corpus.__dict__ or sum(len(d.provisions) for d in corpus.documents.values()) < BACKGROUND_FROM:
        return lambda: related_for(corpus)
    wait = background(lambda: related_measures(corpus))

    def result():
        if "_related_measures" not in corpus.__dict__:
            # the keys interned again, as measure_texts makes them: the analysis then pickles (the render cache's
            # skeleton) as one computed in this process does, and the preview can reuse a build's render
            corpus.__dict__["_related_measures"] = {sys.intern(key): [(sys.intern(other), score) for other, score in found]
                                                     for key, found in wait().items()}
        return corpus.__dict__["_related_measures"]
    return result


def related_for(corpus: Corpus, reuse: bool = False) -> dict[str, list[tuple[str, float]]]:
    """`related_measures` computed once per corpus object (the renderer and the export both need it)."""
    cached = corpus.__dict__.get("_related_measures")
    if cached is None:
        cached = related_measures(corpus, reuse=reuse)
        corpus.__dict__["_related_measures"] = cached
    return cached
