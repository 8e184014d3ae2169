"""Train the English cue classifier (cue_model.py) on PolNeAR train and report its figures.

    python -m claims.extraction.train_cues TRAIN_DIR [--cache DIR] [--report] [--out PATH]

Every candidate token (cue_model.is_candidate: a verb, noun or adjective out of quotes that
the reporting lexicon does not take) of the training articles is one example, labelled CUE
when it lies inside a gold cue of the first annotator. The articles the role model holds out
(train_roles.held_out, 10 %) are held out here too and only measured (--report: precision
and recall per threshold). Deterministic: sorted records, a deterministic optimiser.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from spacy.tokens import Doc, Token

from . import cue_model
from .cues import NOMINAL_CUES, REPORTING_VERBS
from .train_roles import TRAIN_SETS, _corpus, _tokens_in, held_out

SET = "polnear_en_train"
PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 200}
QUOTES = re.compile(r"[\"“”]")


def lexicon_cue(tok: Token) -> bool:
    """What cues.find_cues already takes: a lexicon verb, a lexicon noun, "according to"."""
    lemma, low = tok.lemma_.lower(), tok.lower_
    verbs = REPORTING_VERBS["en"]
    if tok.pos_ in {"VERB", "AUX", "ADJ"} and (lemma in verbs or low in verbs):
        return True
    return tok.pos_ == "NOUN" and lemma in NOMINAL_CUES["en"] or low in {"according", "per"}


def quoted_tokens(doc: Doc) -> set[int]:
    """Token indices inside a quotation (between paired quote marks of a paragraph)."""
    inside: set[int] = set()
    text = doc.text
    for paragraph in re.finditer(r"[^\n]+", text):
        marks = [m.start() + paragraph.start() for m in QUOTES.finditer(paragraph.group())]
        for open_at, close_at in zip(marks[::2], marks[1::2], strict=False):
            span = doc.char_span(open_at + 1, close_at, alignment_mode="expand")
            if span is not None:
                inside.update(t.i for t in span)
    return inside


def examples(doc: Doc, record) -> tuple[list[list[str]], list[str]]:
    """(features, label) of every candidate token of one article."""
    gold = set()
    for claim in record.claims:
        gold.update(_tokens_in(doc, claim.cue))
    quoted = quoted_tokens(doc)
    rows, labels = [], []
    for tok in doc:
        if tok.i in quoted or not cue_model.is_candidate(tok, lexicon_cue):
            continue
        rows.append(cue_model.features(tok, False))
        labels.append("CUE" if tok.i in gold else "O")
    return rows, labels


def train(corpus, out: Path) -> int:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    for doc, record in corpus:
        for row, label in zip(*examples(doc, record), strict=True):
            trainer.append([row], [label])
            count += 1
    trainer.set_params(PARAMS)
    trainer.train(str(out))
    return count


def report(corpus, tagger) -> None:
    scored = []
    for doc, record in corpus:
        rows, labels = examples(doc, record)
        scored += zip(cue_model.probabilities(rows, tagger), labels, strict=True)
    positives = sum(label == "CUE" for _, label in scored)
    print(f"held-out candidates={len(scored)} cues={positives}")
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        tp = sum(p >= threshold and label == "CUE" for p, label in scored)
        n = sum(p >= threshold for p, _ in scored)
        print(
            f"threshold={threshold:.1f} accepted={n} precision={tp / max(n, 1):.3f} "
            f"recall={tp / max(positives, 1):.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train_dir", type=Path)
    parser.add_argument("--cache", type=Path, help="keep parsed docs here between runs")
    parser.add_argument("--out", type=Path, default=cue_model.WEIGHTS)
    parser.add_argument("--report", action="store_true", help="figures on the held-out part")
    args = parser.parse_args(argv)
    started = time.monotonic()
    corpus = _corpus(args.train_dir, SET, args.cache)
    percent = TRAIN_SETS[SET]
    kept = [(d, r) for d, r in corpus if not held_out(r.id, percent)]
    parsed = time.monotonic()
    count = train(kept, args.out)
    print(
        f"trained on {count} candidates in {time.monotonic() - parsed:.0f}s "
        f"(parsing {parsed - started:.0f}s); {args.out} {args.out.stat().st_size} bytes",
        file=sys.stderr,
    )
    if args.report:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(args.out))
        report([(d, r) for d, r in corpus if held_out(r.id, percent)], tagger)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
