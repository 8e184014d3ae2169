"""Train the same-claim matcher: `python -m claims.corroboration.train_matcher DATA_DIR`.

For each training claim the ranker (its shipped weights) picks the top candidate twice: from
all reports, and from the reports minus every training fact-check. A right top pick of the
first search is a positive, the pick of the second a negative (a near miss: the closest
other fact-check). A logistic model over the absolute features fits them; `matcher.py` uses
it to say "already checked". With --report-dev the same pairs are measured on dev.
"""

import argparse
import json
from pathlib import Path

import numpy as np

from .matcher import ABSOLUTE, WEIGHTS, absolute_rows
from .ranker import build_query, rerank
from .train_ranker import MemoryIndex, _jsonl, fit_logistic, logistic_scores

THRESHOLDS = (0.5, 0.7, 0.8, 0.9)


def _top_row(index: MemoryIndex, claim: dict) -> tuple[str, list[float]]:
    query = build_query(claim["text"], claim["lang"], claimant=claim.get("claimant", ""))
    candidates = index.search(query.all_terms)
    if not candidates:
        return "", [0.0] * len(ABSOLUTE)
    best_id = rerank(query, candidates, index.stats)[0].id
    best = next(c for c in candidates if c.id == best_id)
    return str(best_id), absolute_rows(query, [best], index.stats)[0]


def pairs(reports: list[dict], claims: list[dict], gold: dict[str, set[str]]):
    """(X, y): right top picks as positives, top picks without the fact-checks as negatives."""
    checks = set().union(*gold.values())
    full = MemoryIndex(reports)
    without = MemoryIndex([r for r in reports if str(r["id"]) not in checks])
    X, y = [], []
    for claim in claims:
        best, row = _top_row(full, claim)
        if best in gold[claim["id"]]:
            X.append(row)
            y.append(1.0)
        X.append(_top_row(without, claim)[1])
        y.append(0.0)
    return np.array(X), np.array(y)


def rates(p: np.ndarray, y: np.ndarray, claims: int) -> str:
    """Per threshold: share of all claims whose fact-check is found and kept, and share of
    claims with no fact-check in the index that get a false match."""
    parts = []
    for t in THRESHOLDS:
        kept = ((p >= t) & (y == 1)).sum() / claims
        false = ((p >= t) & (y == 0)).sum() / (y == 0).sum()
        parts.append(f"≥{t}: found {kept:.3f}, false {false:.3f}")
    return "; ".join(parts)


def _data(directory: Path, name: str, reports: list[dict]):
    claims = _jsonl(directory / f"{name}.claims.jsonl")
    gold = {g["id"]: set(map(str, g["relevant"])) for g in _jsonl(directory / f"{name}.gold.jsonl")}
    return (*pairs(reports, claims, gold), len(claims))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--report-dev", action="store_true")
    args = parser.parse_args()
    reports = _jsonl(args.data / "reports.jsonl")
    X, y, n = _data(args.data, "train", reports)
    folds = np.arange(len(y)) % 5
    z = np.zeros(len(y))
    for fold in range(5):
        held = folds == fold
        z[held] = logistic_scores(fit_logistic(X[~held], y[~held]), X[held])
    print("train, 5-fold cross-validation:", rates(1 / (1 + np.exp(-z)), y, n))
    model = fit_logistic(X, y)
    model["features"] = list(ABSOLUTE)
    model["trained_on"] = "CheckThat! 2020 task 2 train split (800 claims): top picks"
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    if args.report_dev:
        Xd, yd, nd = _data(args.data, "dev", reports)
        print("dev (measured only):", rates(1 / (1 + np.exp(-logistic_scores(model, Xd))), yd, nd))


if __name__ == "__main__":
    main()
