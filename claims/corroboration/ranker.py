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
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path

from .features import FEATURES, feature_rows
from .records import Candidate, Query, Ranked, Stats
from .terms import analyse, clean, date_terms, parse_date

__all__ = ["Candidate", "Query", "Ranked", "Stats", "build_query", "rerank", "stats_of"]

WEIGHTS = Path(__file__).with_name("ranker_weights.json")


def build_query(
    text: str,
    lang: str,
    *,
    claimant: str = "",
    entities=(),
    quantities=(),
    published: date | None = None,
) -> Query:
    """A query from a claim; a tweet's author and date stand in for missing ones."""
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
        media=cleaned.media,
        dated=date_terms(published.month, published.year)
        if published
        else parse_date(cleaned.date),
        names=frozenset(t.term for t in own if t.surface[:1].isupper() and "_" not in t.term),
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
    model = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    if model["features"] != list(FEATURES):
        raise RuntimeError(f"{WEIGHTS.name} fits other features: run `make train-retrieval`")
    return model


def rerank(query: Query, candidates: list[Candidate], stats: Stats | None = None) -> list[Ranked]:
    """Candidates best first, each with a 0..1 score and the words it shares with the claim."""
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
        terms = set(candidate.terms)
        shared = [t for t in dict.fromkeys(query.all_terms) if t in terms]
        words = [query.surfaces.get(t, t) for t in shared]
        ranked.append(Ranked(candidate.id, 1 / (1 + math.exp(-z)), words))
    ranked.sort(key=lambda r: (-r.score, str(r.id)))
    return ranked
