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
from collections import Counter, defaultdict

from generator.data.model import Corpus

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
            found.append((f"{doc.id}#{p.anchor}", doc.id, text))
    return found


def _vectors(texts: list[str]) -> list[dict[str, float]]:
    """TF-IDF vectors, L2-normalised: weight = (1 + ln tf) · ln((1 + N) / (1 + df))."""
    counts_by_text: dict[str, Counter] = {}  # identical texts are counted once
    counts = []
    for t in texts:
        if t not in counts_by_text:
            counts_by_text[t] = bigrams(t)
        counts.append(counts_by_text[t])
    df: Counter = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(texts)
    idf = {gram: math.log((1 + n) / (1 + d)) for gram, d in df.items()}
    cache: dict[int, dict[str, float]] = {}
    vectors = []
    for c in counts:
        if id(c) not in cache:
            weights = {g: (1 + math.log(tf)) * idf[g] for g, tf in c.items() if idf[g] > 0}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            cache[id(c)] = {g: w / norm for g, w in weights.items()}
        vectors.append(cache[id(c)])
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(a[g] * b[g] for g in a.keys() & b.keys())  # the set intersection runs in C: only shared bigrams are summed


def related_measures(corpus: Corpus, top: int = TOP, min_score: float = MIN_SCORE) -> dict[str, list[tuple[str, float]]]:
    """Measure key → up to `top` (key of a measure in another document, cosine score rounded to 2 places),
    best first (ties by key). Measures with nothing above `min_score` get an empty list."""
    measures = measure_texts(corpus)
    vectors = _vectors([text for _, _, text in measures])
    postings: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for gram, weight in vector.items():
            postings[gram].append((weight, i))
    # keep each bigram's heaviest measures only: a bigram in thousands of measures finds no one in particular
    index = {gram: [i for _, i in heapq.nlargest(POSTINGS, entries)] for gram, entries in postings.items()}
    result: dict[str, list[tuple[str, float]]] = {}
    exact: dict[tuple[int, int], float] = {}
    for i, (key, doc_id, _) in enumerate(measures):
        vector = vectors[i]
        query = heapq.nlargest(QUERY_TERMS, vector.items(), key=lambda kv: (kv[1], kv[0]))
        partial: dict[int, float] = defaultdict(float)
        for gram, weight in query:
            for j in index[gram]:
                if measures[j][1] != doc_id:  # never the measure itself, nor its own document
                    partial[j] += weight * vectors[j][gram]
        best = heapq.nlargest(max(CANDIDATES, top), partial.items(), key=lambda kv: (kv[1], -kv[0]))
        scored = []
        for j, _ in best:
            # symmetric, and identical texts share one vector object (see _vectors): each pair of distinct
            # vectors is computed once
            a, b = id(vector), id(vectors[j])
            pair = (a, b) if a < b else (b, a)
            if pair not in exact:
                exact[pair] = round(_cosine(vector, vectors[j]), 2)
            scored.append((measures[j][0], exact[pair]))
        scored = sorted((s for s in scored if s[1] >= min_score), key=lambda s: (-s[1], s[0]))[:top]
        result[key] = scored
    return result


def related_for(corpus: Corpus) -> dict[str, list[tuple[str, float]]]:
    """`related_measures` computed once per corpus object (the renderer and the export both need it)."""
    cached = corpus.__dict__.get("_related_measures")
    if cached is None:
        cached = related_measures(corpus)
        corpus.__dict__["_related_measures"] = cached
    return cached
