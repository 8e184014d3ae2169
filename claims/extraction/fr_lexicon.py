"""The French cue lexicon against the cues of the ASFALDA training set (French Treebank part).

    python -m claims.extraction.fr_lexicon ../shared/train [--check]

Lemmatises every annotated cue of the training records that the role model also trains on
(the held-out part, `train_roles.held_out`, is never read) and prints each lemma with its
count and where the lexicon has it: `verb`, `noun`, `according`, `phrase` ("faire part"),
`verb form` (an inflected form the lemmatizer left, "indique"), `excluded` (attested but
too ambiguous out of context, see EXCLUDED) or `MISSING`.
`--check` exits 1 when a lemma attested at least twice is MISSING: the lexicon in cues.py
is meant to cover the training set's reporting predicates. Development sets (eval-dev) are
never a source of entries.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from .cues import FAIRE_PHRASES, NOMINAL_CUES, REPORTING_FORMS, REPORTING_VERBS
from .nlp import get_nlp
from .text import fold
from .train_roles import TRAIN_SETS, held_out

NAME = "asfalda_fr_ftb_train"

# Attested as cues in training, but most of their uses in news are not reports: "il
# convient de", "la note de frais", "la reconnaissance faciale", "le système d'alerte",
# "la communication de l'entreprise", "se remémorer", "chanter", a phone call.
EXCLUDED = frozenset(
    """convenir reconnaissance alerte communication remémorer chanter téléphone
    grogner""".split()
)
FOLDED_VERBS = frozenset(fold(v) for v in REPORTING_VERBS["fr"])
ACCORDING = frozenset({"selon", "d'après", "après", "d"})


def cue_lemmas(train_dir: Path) -> Counter[str]:
    """Lemma of each training cue (content words of the span), held-out records left out."""
    nlp = get_nlp("fr")
    counts: Counter[str] = Counter()
    with open(train_dir / f"{NAME}.gold.jsonl", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    records = [r for r in records if not held_out(r["id"], TRAIN_SETS[NAME])]
    docs = nlp.pipe(r["text"] for r in records)
    for record, doc in zip(records, docs, strict=True):
        for claim in record["annotations"][0]["claims"]:
            spans = claim["cue"]
            words = [t for t in doc if any(t.idx < e and s < t.idx + len(t) for s, e in spans)]
            content = [t for t in words if t.pos_ in {"VERB", "NOUN", "ADJ", "AUX"}] or words
            # "fait remarquer", "a fait savoir": the last word carries the predicate.
            counts[content[-1].lemma_.lower() if content else ""] += 1
    return counts


def where(lemma: str) -> str:
    # Accents folded: the lemmatizer writes "répèter" for "répéter".
    if lemma in REPORTING_VERBS["fr"] or fold(lemma) in FOLDED_VERBS:
        return "verb"
    if lemma in NOMINAL_CUES["fr"]:
        return "noun"
    if lemma in REPORTING_FORMS["fr"]:
        return "verb form"  # the lemmatizer left "indique", "note" as they are
    if lemma in ACCORDING:
        return "according"
    if lemma in FAIRE_PHRASES:
        return "phrase"
    return "excluded" if lemma in EXCLUDED else "MISSING"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train_dir", type=Path)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a lemma seen twice is MISSING"
    )
    args = parser.parse_args(argv)
    missing = []
    for lemma, count in cue_lemmas(args.train_dir).most_common():
        print(f"{count:4} {lemma:20} {where(lemma)}")
        if count >= 2 and where(lemma) == "MISSING":
            missing.append(lemma)
    if missing:
        print(f"missing (seen twice or more): {' '.join(missing)}")
    return 1 if args.check and missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
