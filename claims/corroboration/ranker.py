"""Re-ranking of candidate documents for a claim. Pure Python, no Django.

The first stage (the database's full-text search) proposes candidates; this module scores
each one from what the query and the document share: BM25 over title and text, how much of
each side's information (IDF) the other covers, shared word pairs, shared numbers and
places, character trigrams (for spellings stemming misses), and the claimant's name.
A logistic model combines them; its weights are trained by `train_ranker.py` on the
training claims only and shipped in `ranker_weights.json`. The score is the model's
probability that the document checks the claim, so one threshold serves every claim.
"""

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .terms import analyse, clean

WEIGHTS = Path(__file__).with_name("ranker_weights.json")
K1, B = 1.2, 0.75


@dataclass(frozen=True, slots=True)
class Query:
    lang: str
    text: str  # the cleaned claim text
    terms: tuple[str, ...]  # the claim's own words, in order
    extra: tuple[str, ...]  # claimant, entity and number terms
    surfaces: dict[str, str] = field(default_factory=dict)  # term -> word as written

    @property
    def all_terms(self) -> tuple[str, ...]:
        return self.terms + self.extra


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int | str
    title: str
    text: str
    lang: str
    terms: Sequence[str]  # index terms: the title's, then the text's
    first_stage_score: float = 0.0
    title_terms: int = 0  # how many of `terms` come from the title


@dataclass(frozen=True, slots=True)
class Ranked:
    id: int | str
    score: float
    matched_terms: list[str]


@dataclass(frozen=True, slots=True)
class Stats:
    """Collection statistics the scores need: document count, mean length, frequencies."""

    docs: int
    avg_len: float
    df: dict[str, int]

    def idf(self, term: str) -> float:
        n = self.df.get(term, 0)
        return math.log(1 + (self.docs - n + 0.5) / (n + 0.5))


def build_query(text: str, lang: str, *, claimant: str = "", entities=(), quantities=()) -> Query:
    """A query from a claim; a tweet's author stands in for a missing claimant."""
    cleaned = clean(text)
    own = analyse(text, lang)
    extra = analyse(claimant or cleaned.author, lang)
    codes = {"cc_" + e["country"].lower() for e in entities if e.get("country")}
    numbers = {
        f"n_{int(v) if float(v).is_integer() else round(v, 3)}"
        for q in quantities
        if isinstance(v := q.get("value"), int | float)
    }
    own_terms = {t.term for t in own}
    surfaces: dict[str, str] = {}
    for term in [*own, *extra]:
        surfaces.setdefault(term.term, term.surface)
    added = sorted((codes | numbers) - own_terms)
    return Query(
        lang=lang,
        text=cleaned.text,
        terms=tuple(t.term for t in own),
        extra=tuple(t.term for t in extra) + tuple(added),
        surfaces=surfaces,
    )


def stats_of(candidates: Iterable[Candidate]) -> Stats:
    """Statistics from the candidates alone, when the index cannot give better ones."""
    df: Counter[str] = Counter()
    lengths = []
    for candidate in candidates:
        df.update(set(candidate.terms))
        lengths.append(len(candidate.terms))
    return Stats(docs=len(lengths), avg_len=sum(lengths) / max(1, len(lengths)), df=dict(df))


@cache
def _model() -> dict:
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))


def rerank(query: Query, candidates: list[Candidate], stats: Stats | None = None) -> list[Ranked]:
    """Candidates best first, each with a 0..1 score and the words it shares with the claim."""
    from .features import feature_rows

    if not candidates:
        return []
    stats = stats or stats_of(candidates)
    rows = feature_rows(query, candidates, stats)
    model = _model()
    ranked = []
    for candidate, row in zip(candidates, rows, strict=True):
        z = model["intercept"] + sum(
            w * (x - m) / s
            for w, x, m, s in zip(model["coef"], row, model["mean"], model["scale"], strict=True)
        )
        shared = [t for t in dict.fromkeys(query.all_terms) if t in set(candidate.terms)]
        words = [query.surfaces.get(t, t) for t in shared]
        ranked.append(Ranked(candidate.id, 1 / (1 + math.exp(-z)), words))
    ranked.sort(key=lambda r: (-r.score, str(r.id)))
    return ranked
