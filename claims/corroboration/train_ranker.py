"""Train the re-ranker's weights: `python -m claims.corroboration.train_ranker DATA_DIR`.

Reads DATA_DIR/reports.jsonl and DATA_DIR/train.{claims,gold}.jsonl only, takes the top
candidates of a BM25 first stage for each training claim, and fits a linear model on the
features of `features.py`: its direction from pairs (a report that checks the claim against
one that does not, of the same claim), then its scale and offset by a logistic fit on the
label (the report checks the claim), so the score is a probability. Writes
`ranker_weights.json`.
With --report-dev it also prints the figures on DATA_DIR/dev.* (measured, never fitted).
"""

import argparse
import json
import os
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from ..logistic import fit_logistic as shared_fit_logistic
from ..logistic import logistic_scores
from .features import FEATURES, feature_rows
from .ranker import WEIGHTS, Candidate, Stats, build_query, stats_of
from .terms import analyse

CANDIDATES = 50
L2 = 1.0
PAIR_L2 = 100.0  # chosen by 5-fold cross-validation on train (flat from 30 to 300)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


class MemoryIndex:
    """BM25 over candidates held in memory: the training stand-in for the database stage."""

    def __init__(self, reports: list[dict]):
        self.docs = []
        for r in reports:
            title = [t.term for t in analyse(r.get("title", ""), r["lang"])]
            body = [t.term for t in analyse(r.get("text", ""), r["lang"])]
            terms = title + body
            self.docs.append(
                Candidate(
                    r["id"],
                    r.get("title", ""),
                    r.get("text", ""),
                    r["lang"],
                    terms,
                    title_terms=len(title),
                )
            )
        self.stats: Stats = stats_of(self.docs)
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(self.docs):
            for term, count in Counter(doc.terms).items():
                self.postings[term].append((i, count))

    def search(self, terms, k: int = CANDIDATES) -> list[Candidate]:
        scores: dict[int, float] = defaultdict(float)
        avg = self.stats.avg_len
        for term in set(terms):
            idf = self.stats.idf(term)
            for i, tf in self.postings.get(term, ()):
                norm = 1.2 * (0.25 + 0.75 * len(self.docs[i].terms) / avg)
                scores[i] += idf * tf * 2.2 / (tf + norm)
        best = sorted(scores, key=lambda i: -scores[i])[:k]
        return [self.docs[i] for i in best]


def _examples(index: MemoryIndex, claims: list[dict], gold: dict[str, set[str]]):
    X, y, groups = [], [], []
    for n, claim in enumerate(claims):
        query = build_query(claim["text"], claim["lang"], claimant=claim.get("claimant", ""))
        candidates = index.search(query.all_terms)
        X += feature_rows(query, candidates, index.stats)
        y += [1.0 if c.id in gold[claim["id"]] else 0.0 for c in candidates]
        groups += [n] * len(candidates)
    return np.array(X), np.array(y), np.array(groups)


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = L2) -> dict:
    return shared_fit_logistic(X, y, l2, FEATURES)


def _pairs(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Differences relevant minus not relevant within each claim, and their opposites."""
    diffs = []
    for g in np.unique(groups):
        rows = X[groups == g]
        pos, neg = rows[y[groups == g] == 1], rows[y[groups == g] == 0]
        diffs.append((pos[:, None, :] - neg[None, :, :]).reshape(-1, X.shape[1]))
    D = np.vstack(diffs)
    return np.vstack([D, -D]), np.concatenate([np.ones(len(D)), np.zeros(len(D))])


def fit_pairwise(X: np.ndarray, y: np.ndarray, groups: np.ndarray, l2: float = PAIR_L2) -> dict:
    """Direction from the pairs of each claim, then Platt scaling on the labels."""
    pairwise = fit_logistic(*_pairs(X, y, groups), l2)
    w = np.array(pairwise["coef"]) / np.array(pairwise["scale"])
    platt = fit_logistic((X @ w)[:, None], y, 0.0)
    slope = platt["coef"][0] / platt["scale"][0]
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    return {
        "features": list(FEATURES),
        "mean": mean.round(8).tolist(),
        "scale": scale.round(8).tolist(),
        "intercept": round(float(platt["intercept"] + slope * (w @ mean - platt["mean"][0])), 8),
        "coef": (slope * w * scale).round(8).tolist(),
    }


def evaluate(z: np.ndarray, y: np.ndarray, groups: np.ndarray) -> dict[str, float]:
    """The scorer's figures over the candidates (a gold report never proposed scores 0)."""
    ap5 = mrr = rec = p1 = 0.0
    claims = np.unique(groups)
    for g in claims:
        rows = np.where(groups == g)[0]
        ranked = y[rows][np.argsort(-z[rows], kind="stable")]
        relevant = max(1.0, ranked.sum())  # gold reports missed by the first stage count as 0
        hits = np.cumsum(ranked[:5])
        ap5 += float((ranked[:5] * hits / np.arange(1, len(ranked[:5]) + 1)).sum()) / min(
            relevant, 5
        )
        first = np.argmax(ranked[:10]) if ranked[:10].any() else None
        mrr += 0.0 if first is None else 1 / (first + 1)
        rec += ranked[:10].sum() / relevant
        p1 += ranked[0]
    n = len(claims)
    return {"map@5": ap5 / n, "mrr@10": mrr / n, "recall@10": rec / n, "p@1": p1 / n}


def cross_validate(X, y, groups, folds: int = 5) -> dict[str, float]:
    """Figures of the model on held-out fifths of the training claims."""
    z = np.zeros(len(y))
    fold_of = groups % folds
    for fold in range(folds):
        held = fold_of == fold
        model = fit_pairwise(X[~held], y[~held], groups[~held])
        z[held] = logistic_scores(model, X[held])
    return evaluate(z, y, groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--report-dev", action="store_true")
    args = parser.parse_args()
    index = MemoryIndex(_jsonl(args.data / "reports.jsonl"))
    sets = ["train", "dev"] if args.report_dev else ["train"]
    data = {}
    for name in sets:
        claims = _jsonl(args.data / f"{name}.claims.jsonl")
        gold = {
            g["id"]: set(map(str, g["relevant"])) for g in _jsonl(args.data / f"{name}.gold.jsonl")
        }
        data[name] = _examples(index, claims, gold)
        if os.environ.get("SAVE_FEATURES"):
            np.savez(f"{os.environ['SAVE_FEATURES']}-{name}.npz", *data[name])
    cv = cross_validate(*data["train"])
    print("train, 5-fold cross-validation", " ".join(f"{k}={v:.3f}" for k, v in cv.items()))
    model = fit_pairwise(*data["train"])
    model["trained_on"] = f"CheckThat! 2020 task 2 train split (800 claims), top-{CANDIDATES} BM25"
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    for name in sets:
        figures = evaluate(logistic_scores(model, data[name][0]), *data[name][1:])
        print(name, " ".join(f"{k}={v:.3f}" for k, v in figures.items()))
    for name, w in sorted(zip(FEATURES, model["coef"], strict=True), key=lambda p: -abs(p[1])):
        print(f"  {name:18} {w:+.3f}")


if __name__ == "__main__":
    main()
