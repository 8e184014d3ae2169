"""Is the best earlier claim the same statement? An absolute probability, unlike the ranker's.

The ranker compares candidates with each other (BM25 relative to the best one, rank), so its
top candidate scores high whether or not it states the same thing: measured on the training
claims with their fact-checks removed from the index, its top score passed 0.1 for every
claim. "Already checked" needs a yes/no, so this second logistic model sees only absolute
features of one pair. It is trained by `train_matcher.py` on the training split only:
positives are each training claim's top candidate when it is its fact-check, negatives the
top candidate once the fact-checks are removed (hard negatives: the nearest other check).
"""

import json
import math
from functools import cache
from pathlib import Path

from .features import FEATURES, feature_rows
from .ranker import Candidate, Query, Stats

WEIGHTS = Path(__file__).with_name("matcher_weights.json")
# Relative features describe a candidate among others: they say nothing absolute. Raw BM25
# and IDF values grow with the size of the collection (10,000 fact-checks in training, a
# newsroom's few checked claims at first): only ratios carry over.
NOT_ABSOLUTE = ("bm25_rel", "bm25_rank", "bm25", "bm25_title", "max_idf_shared")
ABSOLUTE = tuple(name for name in FEATURES if name not in NOT_ABSOLUTE)


@cache
def _model() -> dict:
    model = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    missing = set(model["features"]) - set(FEATURES)
    if missing:
        raise RuntimeError(f"matcher weights need features that are gone: {sorted(missing)}")
    return model


def absolute_rows(query: Query, candidates: list[Candidate], stats: Stats) -> list[list[float]]:
    columns = [FEATURES.index(name) for name in ABSOLUTE]
    return [[row[i] for i in columns] for row in feature_rows(query, candidates, stats)]


def same_claim_probability(query: Query, candidates: list[Candidate], stats: Stats) -> list[float]:
    """For each candidate, the probability that it states the same claim as the query."""
    if not candidates:
        return []
    model = _model()
    columns = [FEATURES.index(name) for name in model["features"]]
    result = []
    for full in feature_rows(query, candidates, stats):
        row = [full[i] for i in columns]
        z = model["intercept"] + sum(
            w * (x - m) / s
            for w, x, m, s in zip(model["coef"], row, model["mean"], model["scale"], strict=True)
        )
        result.append(1 / (1 + math.exp(-z)))
    return result
