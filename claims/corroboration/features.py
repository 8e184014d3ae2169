"""What the re-ranker knows about a (claim, document) pair: one row of numbers each."""

import math
from collections import Counter
from collections.abc import Sequence

from .records import Candidate, Query, Stats

K1, B = 1.2, 0.75

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
    "names_coverage",
    "shared_count",
    "title_trigrams",
    "same_year",
    "same_month",
    "media_about",
)
# Stems of words a report about a picture or a video uses ("Does This Photo Show ...").
MEDIA_WORDS = frozenset("photo photograph imag pictur pic video footag meme clip".split())


def _bm25(query: Sequence[str], doc: Counter, length: int, stats: Stats, idf: dict) -> float:
    norm = K1 * (1 - B + B * length / max(stats.avg_len, 1.0))
    return sum(idf[t] * doc[t] * (K1 + 1) / (doc[t] + norm) for t in query if t in doc)


def _coverage(terms: set[str], other: set[str], idf: dict) -> float:
    total = sum(idf[t] for t in terms)
    return sum(idf[t] for t in terms if t in other) / total if total else 0.0


def _bigrams(terms: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(terms, terms[1:], strict=False))


def _trigrams(text: str) -> set[str]:
    text = " ".join(text.lower().split())
    return {text[i : i + 3] for i in range(len(text) - 2)}


def _overlap(a: set, b: set) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def _norm(vector: dict) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))


def _cosine(a: dict, b: dict, norm_a: float) -> float:
    """Cosine of two sparse vectors; `norm_a` is a's norm, computed once per query."""
    if len(b) < len(a):
        dot = sum(v * a[k] for k, v in b.items() if k in a)
    else:
        dot = sum(v * b[k] for k, v in a.items() if k in b)
    norm_b = _norm(b)
    return dot / (norm_a * norm_b) if norm_a and norm_b else 0.0


def _weighted(counts: Counter, idf: dict) -> dict:
    return {t: c * idf[t] for t, c in counts.items()}


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
    q_tfidf = _weighted(Counter(q_all), idf)
    q_tfidf_norm = _norm(q_tfidf)
    q_numbers = {t for t in q_set if t.startswith("n_")}
    extra = set(query.extra) - q_own
    month = next((t for t in query.dated if t.startswith("m_")), None)
    year = next((t for t in query.dated if t.startswith("n_")), None)
    docs = [Counter(c.terms) for c in candidates]
    bm25s = [
        _bm25(q_all, d, len(c.terms), stats, idf) for c, d in zip(candidates, docs, strict=True)
    ]
    best = max(bm25s) or 1.0
    order = {i: r for r, i in enumerate(sorted(range(len(bm25s)), key=lambda i: -bm25s[i]))}
    rows = []
    for i, (c, doc) in enumerate(zip(candidates, docs, strict=True)):
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
                _overlap(q_tri, _trigrams(f"{c.title} {c.text}")),
                _cosine(q_tfidf, _weighted(doc, idf), q_tfidf_norm),
                math.log1p(len(c.terms)),
                max((idf[t] for t in shared), default=0.0),
                _coverage(query.names, d_set, idf) if query.names else 0.0,
                len(shared),
                _overlap(q_tri, _trigrams(c.title)),
                float(year in d_set) if year else 0.0,
                float(year in d_set and month in d_set) if month and year else 0.0,
                float(query.media and not MEDIA_WORDS.isdisjoint(d_set)),
            ]
        )
    return rows
