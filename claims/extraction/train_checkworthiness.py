"""Train the check-worthiness model: `python -m claims.extraction.train_checkworthiness DIR`.

DIR holds the CheckThat! 2019 task 1 files (`line_number <TAB> speaker <TAB> sentence <TAB>
label`, one debate or speech per file). Every sentence goes through the extraction pipeline
as its own text; each claim found gets the features of `checkworthiness.py` and the label of
its sentence, and a logistic model is fitted on them (L2, numpy). A sentence's score is the
highest probability of its claims, as `../shared/eval-dev/score_checkworthiness.py` reads it.
Writes `checkworthiness_weights.json`.

With --report it also prints, in leave-one-file-out cross-validation (train on the other
files, rank one): the MAP over all files; the MAP over the tuning files (all but the held-out
ones); and the AP on the held-out files of a model trained on the tuning files only. The
held-out files are every fifth file in name order from the fourth (never tuned on).
"""

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np

from ..logistic import fit_logistic, logistic_scores
from . import checkworthiness
from .checkworthiness import NAMES, claim_features
from .pipeline import extract_articles

# Chosen by leave-one-file-out on the 15 tuning files: MAP 0.182 at 1, 0.186 at 30, 0.197
# from 300 to 1000, 0.194 at 3000 (the held-out files were not looked at).
L2 = 300.0


def held_out(files: list[str]) -> list[str]:
    """The files never tuned on: every fifth in name order, starting at the fourth."""
    return [name for i, name in enumerate(sorted(files)) if i % 5 == 3]


def read_files(data: Path) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """(file name, [(line number, sentence, label)]) per TSV file, in name order."""
    files = []
    for path in sorted(data.glob("*.tsv")):
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 4:
                rows.append((cols[0], cols[2], int(cols[3])))
        files.append((path.name, rows))
    return files


def _ensure_model() -> None:
    """The pipeline scores claims while extracting; a stale weights file (other features)
    is replaced by a neutral one so that reading the features raises nothing."""
    try:
        checkworthiness.load_model()
    except (OSError, ValueError, KeyError):
        n = len(NAMES)
        neutral = {"features": list(NAMES), "mean": [0.0] * n, "scale": [1.0] * n}
        neutral |= {"intercept": 0.0, "coef": [0.0] * n}
        checkworthiness.WEIGHTS.write_text(json.dumps(neutral) + "\n", encoding="utf-8")
        checkworthiness.load_model.cache_clear()


class Data:
    """Claim feature rows with their sentence, and each sentence's file and label."""

    def __init__(self, files: list[tuple[str, list[tuple[str, str, int]]]]):
        _ensure_model()
        self.names = [name for name, _ in files]
        self.ids = [f"{name}:{num}" for name, rows in files for num, _, _ in rows]
        self.file_of = np.array([i for i, (_, rows) in enumerate(files) for _ in rows])
        self.label = np.array([lab for _, rows in files for _, _, lab in rows], dtype=float)
        texts = ((text, "en") for _, rows in files for _, text, _ in rows)
        X, sentence = [], []
        for n, result in enumerate(extract_articles(texts)):
            for claim in result.claims:
                X.append(claim_features(claim))
                sentence.append(n)
        self.X = np.array(X, dtype=float)
        self.sentence = np.array(sentence)
        self.y = self.label[self.sentence]

    def claims_in(self, files: list[int]) -> np.ndarray:
        return np.isin(self.file_of[self.sentence], files)

    def sentence_scores(self, model: dict, files: list[int]) -> np.ndarray:
        """Probability per sentence of `files` (highest of its claims; 0 with no claim)."""
        scores = np.zeros(len(self.label))
        rows = self.claims_in(files)
        p = 1 / (1 + np.exp(-logistic_scores(model, self.X[rows])))
        np.maximum.at(scores, self.sentence[rows], p)
        return scores


# The weights are fitted on the extractor's claims: the features of the claims found in
# the first sentences of the training files fingerprint the extractor they were trained on.
PROBE_SENTENCES = 300


def extraction_fingerprint(files: list[tuple[str, list[tuple[str, str, int]]]]) -> str:
    """SHA-256 of the claim features the extractor gives on the probe sentences."""
    texts = [(text, "en") for _, rows in files for _, text, _ in rows][:PROBE_SENTENCES]
    digest = hashlib.sha256()
    for n, result in enumerate(extract_articles(iter(texts))):
        for claim in result.claims:
            row = ",".join(f"{v:.6f}" for v in claim_features(claim))
            digest.update(f"{n}:{row}\n".encode())
    return digest.hexdigest()


def average_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    """AP of the ranking by score, ties in file order (as the shared scorer ranks)."""
    order = np.lexsort((np.arange(len(scores)), -scores))
    hits = labels[order]
    if not hits.sum():
        return 0.0
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision * hits).sum() / hits.sum())


def fit(data: Data, files: list[int], l2: float = L2) -> dict:
    rows = data.claims_in(files)
    return fit_logistic(data.X[rows], data.y[rows], l2, NAMES)


def file_ap(data: Data, model: dict, f: int) -> float:
    scores = data.sentence_scores(model, [f])
    mine = data.file_of == f
    return average_precision(scores[mine], data.label[mine])


def lofo(data: Data, files: list[int], l2: float = L2) -> dict[int, float]:
    """AP of each file ranked by a model trained on the others of `files`."""
    return {f: file_ap(data, fit(data, [g for g in files if g != f], l2), f) for f in files}


def report(data: Data, predictions: Path | None = None) -> None:
    """Leave-one-file-out figures: all files, the tuning files, and the held-out files."""
    everything = list(range(len(data.names)))
    kept = set(held_out(data.names))
    tuning = [i for i in everything if data.names[i] not in kept]
    held = [i for i in everything if data.names[i] in kept]
    folds = lofo(data, everything)
    for f, ap in folds.items():
        print(f"  {data.names[f]:32} AP={ap:.4f}")
    full, tuned = np.mean(list(folds.values())), np.mean(list(lofo(data, tuning).values()))
    print(f"leave-one-file-out, {len(everything)} files: MAP={full:.4f}")
    print(f"leave-one-file-out, {len(tuning)} tuning files: MAP={tuned:.4f}")
    model = fit(data, tuning)
    aps = np.mean([file_ap(data, model, f) for f in held])
    names = ", ".join(data.names[f] for f in held)
    print(f"held-out {len(held)} files ({names}), trained on the tuning files: MAP={aps:.4f}")
    if predictions:
        write_predictions(data, predictions)


def write_predictions(data: Data, out: Path) -> None:
    """Leave-one-file-out sentence scores in the shape the shared scorer reads."""
    scores = np.zeros(len(data.label))
    for f in range(len(data.names)):
        model = fit(data, [g for g in range(len(data.names)) if g != f])
        mine = data.file_of == f
        scores[mine] = data.sentence_scores(model, [f])[mine]
    has_claim = np.zeros(len(data.label), dtype=bool)
    has_claim[data.sentence] = True
    with out.open("w", encoding="utf-8") as lines:
        for sid, score, found in zip(data.ids, scores, has_claim, strict=True):
            claims = [{"checkworthiness": float(score)}] if found else []
            lines.write(json.dumps({"id": sid, "claims": claims}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path, default=checkworthiness.WEIGHTS)
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--predictions", type=Path, help="write leave-one-file-out scores")
    args = parser.parse_args()
    files = read_files(args.data)
    if not files:
        parser.error(f"no .tsv files in {args.data}")
    data = Data(files)
    print(f"{len(data.label)} sentences, {len(data.X)} claims, {int(data.label.sum())} positive")
    if args.report or args.predictions:
        report(data, args.predictions)
    model = fit(data, list(range(len(files))))
    model["trained_on"] = (
        f"CheckThat! 2019 task 1 training data: {len(files)} files, {len(data.label)} sentences"
    )
    model["l2"] = L2
    model["extraction_fingerprint"] = extraction_fingerprint(files)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    for name, w in sorted(zip(NAMES, model["coef"], strict=True), key=lambda p: -abs(p[1])):
        print(f"  {name:18} {w:+.3f}")


if __name__ == "__main__":
    main()
