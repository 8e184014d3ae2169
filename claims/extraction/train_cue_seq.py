"""Train the English cue labeller (cue_seq.py) on PolNeAR train and report its figures.

    python -m claims.extraction.train_cue_seq TRAIN_DIR [--cache DIR] [--report] [--out PATH]

Every sentence of the training articles is one sequence, its tokens tagged B-CUE / I-CUE / O
from the gold cues of the first annotator. The articles the role model holds out
(train_roles.held_out, 10 %) are held out here too and only measured (--report: precision
and recall over the candidate tokens per threshold). Deterministic: sorted records, a
deterministic optimiser.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from spacy.tokens import Doc, DocBin

from . import cue_seq
from .cues import lexicon_cue
from .nlp import get_nlp
from .segment import quote_pairs
from .text import parse_view
from .train_roles import TRAIN_SETS, Record, _tokens_in, held_out, load_set

SET = "polnear_en_train"
PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}


def _tags(tokens: list, gold: dict[int, int]) -> list[str]:
    """BIO tags: a token of a gold cue is B-CUE unless the token before is of the same cue."""
    tags, previous = [], None
    for tok in tokens:
        claim = gold.get(tok.i)
        if claim is None:
            tags.append("O")
        else:
            tags.append("I-CUE" if claim == previous else "B-CUE")
        previous = claim
    return tags


def parse(records: list[Record], cache: Path | None) -> list[Doc]:
    """The articles parsed as the pipeline reads them (pipeline._Prepared): the parse view
    with its quote marks blanked, so that training sees the parses the labeller will see."""
    nlp = get_nlp("en")
    path = cache / f"{SET}.pipeline-view.spacy" if cache else None
    if path and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    views = (parse_view(r.text).replace('"', " ") for r in records)
    docs = list(nlp.pipe(views, batch_size=16))
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def quoted_tokens(doc: Doc, text: str) -> set[int]:
    """Token indices inside a quotation: between the paired quote marks of a line of the
    view (segment.quote_pairs, as the pipeline pairs them)."""
    view, inside = parse_view(text), set()
    for line in re.finditer(r"[^\n]+", view):
        for open_at, close_at in quote_pairs(view, line.start(), line.end()):
            span = doc.char_span(open_at + 1, close_at, alignment_mode="expand")
            if span is not None:
                inside.update(t.i for t in span)
    return inside


def sequences(doc: Doc, record: Record):
    """(features, tags, candidate positions) of every sentence of one article."""
    gold: dict[int, int] = {}
    for n, claim in enumerate(record.claims):
        for i in _tokens_in(doc, claim.cue):
            gold.setdefault(i, n)
    quoted = quoted_tokens(doc, record.text)
    for sent in doc.sents:
        tokens = [t for t in sent if not t.is_space]
        if not tokens:
            continue
        inside = [t.i in quoted for t in tokens]
        lexicon = [lexicon_cue(t) for t in tokens]
        rows = cue_seq.sequence_features(tokens, inside, lexicon)
        candidates = [
            n for n, t in enumerate(tokens) if not inside[n] and cue_seq.is_candidate(t, lexicon[n])
        ]
        yield rows, _tags(tokens, gold), candidates


def train(corpus, out: Path) -> int:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    for doc, record in corpus:
        for rows, tags, _ in sequences(doc, record):
            trainer.append(rows, tags)
            count += 1
    trainer.set_params(PARAMS)
    trainer.train(str(out))
    return count


def report(corpus, tagger) -> None:
    """Precision and recall over the candidate tokens (what the lexicon misses)."""
    scored = []
    for doc, record in corpus:
        for rows, tags, candidates in sequences(doc, record):
            if candidates:
                probs = cue_seq.cue_probabilities(rows, candidates, tagger)
                scored += [(p, tags[n] != "O") for p, n in zip(probs, candidates, strict=True)]
    positives = sum(gold for _, gold in scored)
    print(f"held-out candidates={len(scored)} cues={positives}")
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        tp = sum(p >= threshold and gold for p, gold in scored)
        n = sum(p >= threshold for p, _ in scored)
        print(
            f"threshold={threshold:.1f} accepted={n} precision={tp / max(n, 1):.3f} "
            f"recall={tp / max(positives, 1):.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train_dir", type=Path)
    parser.add_argument("--cache", type=Path, help="keep parsed docs here between runs")
    parser.add_argument("--out", type=Path, default=cue_seq.WEIGHTS)
    parser.add_argument("--report", action="store_true", help="figures on the held-out part")
    args = parser.parse_args(argv)
    started = time.monotonic()
    records = load_set(args.train_dir, SET)
    corpus = list(zip(parse(records, args.cache), records, strict=True))
    percent = TRAIN_SETS[SET]
    kept = [(d, r) for d, r in corpus if not held_out(r.id, percent)]
    parsed = time.monotonic()
    count = train(kept, args.out)
    print(
        f"trained on {count} sentences in {time.monotonic() - parsed:.0f}s "
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
