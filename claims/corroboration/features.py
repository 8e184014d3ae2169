"""What the re-ranker knows about a (claim, document) pair: one row of numbers each."""

import math
from collections import Counter
from collections.abc import Sequence

from .ranker import K1, B, Candidate, Query, Stats

FEATURES = (
    "bm25",
    "bm25_rel",
    "bm25_rank",
    "bm25_title",
    "query_coverage",
    "doc_coverage",
    "title_coverage",
    "bigram_query",
    "bigram_doc",
    "claimant_coverage",
    "numbers_shared",
    "numbers_missing",
    "places_shared",
    "trigram_cosine",
    "cosine",
    "log_len",
    "max_idf_shared",
)


def _bm25(query: Sequence[str], doc: Counter, length: int, stats: Stats, idf: dict) -> float:
    norm = K1 * (1 - B + B * length / max(stats.avg_len, 1.0))
    return sum(idf[t] * doc[t] * (K1 + 1) / (doc[t] + norm) for t in query if t in doc)


def _coverage(terms: set[str], other: set[str], idf: dict) -> float:
    total = sum(idf[t] for t in terms)
    return sum(idf[t] for t in terms if t in other) / total if total else 0.0


def _bigrams(terms: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(terms, terms[1:], strict=False))


def _trigrams(text: str) -> Counter:
    text = " ".join(text.lower().split())
    return Counter(text[i : i + 3] for i in range(len(text) - 2))


def _cosine(a: Counter, b: Counter, weight=None) -> float:
    def w(term, count):
        return count * (weight[term] if weight else 1.0)

    dot = sum(w(t, c) * w(t, b[t]) for t, c in a.items() if t in b)
    na = math.sqrt(sum(w(t, c) ** 2 for t, c in a.items()))
    nb = math.sqrt(sum(w(t, c) ** 2 for t, c in b.items()))
    return dot / (na * nb) if na and nb else 0.0


class _IDF(dict):
    def __init__(self, stats: Stats):
        super().__init__()
        self.stats = stats

    def __missing__(self, term: str) -> float:
        value = self[term] = self.stats.idf(term)
        return value


def feature_rows(query: Query, candidates: list[Candidate], stats: Stats) -> list[list[float]]:
    idf = _IDF(stats)
    q_all = query.all_terms
    q_set, q_own = set(q_all), set(query.terms)
    q_bigrams = _bigrams(query.terms)
    q_tri = _trigrams(query.text)
    q_tf = Counter(q_all)
    q_numbers = {t for t in q_set if t.startswith("n_")}
    extra = set(query.extra) - q_own
    bm25s = []
    for c in candidates:
        doc = Counter(c.terms)
        bm25s.append(_bm25(q_all, doc, len(c.terms), stats, idf))
    best = max(bm25s) or 1.0
    order = {i: r for r, i in enumerate(sorted(range(len(bm25s)), key=lambda i: -bm25s[i]))}
    rows = []
    for i, c in enumerate(candidates):
        doc = Counter(c.terms)
        d_set = set(doc)
        title = list(c.terms[: c.title_terms])
        shared = q_set & d_set
        rows.append(
            [
                bm25s[i],
                bm25s[i] / best,
                1 / (1 + order[i]),
                _bm25(q_all, Counter(title), len(title), stats, idf),
                _coverage(q_own, d_set, idf),
                _coverage(d_set, q_set, idf),
                _coverage(set(title), q_set, idf),
                len(q_bigrams & _bigrams(c.terms)) / max(1, len(q_bigrams)),
                len(q_bigrams & _bigrams(c.terms)) / max(1, len(c.terms) - 1),
                _coverage(extra, d_set, idf) if extra else 0.0,
                len(q_numbers & d_set),
                len(q_numbers - d_set),
                sum(1 for t in shared if t.startswith("cc_")),
                _cosine(q_tri, _trigrams(f"{c.title} {c.text}")),
                _cosine(q_tf, doc, idf),
                math.log1p(len(c.terms)),
                max((idf[t] for t in shared), default=0.0),
            ]
        )
    return rows
