"""Train the role labeller (role_model.py) on ../shared/train and report given-cue figures.

    python -m claims.extraction.train_roles TRAIN_DIR [--report] [--dev DIR] [--cache DIR]

Training data: PolNeAR EN train (complete; first annotator of each article) and ASFALDA FR
(cue-anchored: only the annotated cues' sequences are used). A fixed part of each set is held
out by id hash (HOLDOUT) and never trained on; the shipped weights are trained on the rest.
--report prints, given the gold cue, source and content figures on the held-out parts and,
with --dev, on the development sets (measured, never tuned on). Deterministic: sorted
iteration and a deterministic optimiser make the weights byte-identical run to run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin

from . import role_model
from .nlp import get_nlp

TRAIN_SETS = {"polnear_en_train": 10, "asfalda_fr_ftb_train": 15}  # held-out percent
# ASFALDA has about 30 times fewer cues than PolNeAR: its sequences are repeated.
REPEAT = {"en": 1, "fr": 4}
DEV_SETS = ("polnear_en_dev", "asfalda_fr_sequoia")
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}
WORD_RE = re.compile(r"\w+")
Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Claim:
    cue: Spans
    source: Spans
    content: Spans


@dataclass(frozen=True)
class Record:
    id: str
    lang: str
    text: str
    claims: tuple[Claim, ...]


def held_out(record_id: str, percent: int) -> bool:
    """The fixed held-out rule: the first bytes of the id's SHA-1, modulo 100."""
    digest = hashlib.sha1(record_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent


def _spans(raw) -> Spans:
    return tuple(sorted((int(s), int(e)) for s, e in raw or () if e > s))


def load_set(directory: Path, name: str) -> list[Record]:
    """Gold records of a set, sorted by id; the first annotator's claims with a cue."""
    records = []
    with open(directory / f"{name}.gold.jsonl", encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            annotations = doc.get("annotations") or [{}]
            claims = tuple(
                Claim(_spans(c.get("cue")), _spans(c.get("source")), _spans(c.get("content")))
                for c in annotations[0].get("claims", ())
                if _spans(c.get("cue"))
            )
            records.append(Record(doc["id"], doc["lang"], doc["text"], claims))
    return sorted(records, key=lambda r: r.id)


def parse(records: list[Record], cache: Path | None, name: str) -> list[Doc]:
    """spaCy docs of the records (the project's pipelines), cached when asked."""
    if not records:
        return []
    nlp = get_nlp(records[0].lang)
    path = cache / f"{name}.spacy" if cache else None
    if path and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe((r.text for r in records), batch_size=16))
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def _tokens_in(doc: Doc, spans: Spans) -> list[int]:
    return [t.i for t in doc if any(t.idx < e and s < t.idx + len(t.text) for s, e in spans)]


def gold_tags(sent, claim: Claim, cue: list[int]) -> list[str]:
    """BIO tags of the sentence's tokens for one claim (CUE for the cue itself)."""
    source = set(_tokens_in(sent.doc, claim.source))
    content = set(_tokens_in(sent.doc, claim.content))
    tags, previous = [], "O"
    for tok in sent:
        role = (
            "CUE"
            if tok.i in cue
            else "SOURCE"
            if tok.i in source
            else "CONTENT"
            if tok.i in content
            else "O"
        )
        if role in ("SOURCE", "CONTENT"):
            tags.append(("I-" if previous == role else "B-") + role)
        else:
            tags.append(role)
        previous = role
    return tags


def instances(doc: Doc, record: Record):
    """(sentence, cue token indices, claim) for each claim, the cue's sentence as context."""
    for claim in record.claims:
        cue = _tokens_in(doc, claim.cue)
        if not cue:
            continue
        sent = doc[cue[0]].sent
        inside = [i for i in cue if sent.start <= i < sent.end]
        yield sent, inside, claim


def train(corpus: list[tuple[Doc, Record]], out: Path) -> int:
    """Fit the CRF on every claim of the corpus; returns the number of sequences."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    for doc, record in corpus:
        for sent, cue, claim in instances(doc, record):
            xseq = role_model.sequence_features(sent, cue)
            for _ in range(REPEAT.get(record.lang, 1)):
                trainer.append(xseq, gold_tags(sent, claim, cue))
            count += 1
    trainer.set_params(CRF_PARAMS)
    trainer.train(str(out))
    return count


class Scores:
    """Given-cue figures over claims: source exact / head / overlap, content token P/R/F1."""

    def __init__(self) -> None:
        self.n = self.src_exact = self.src_head = self.src_overlap = 0
        self.with_source = self.found_source = 0
        self.with_content = self.match03 = 0
        self.tp = self.npred = self.ngold = 0

    def add_source(self, gold: frozenset, pred: frozenset, head_ok: bool) -> None:
        self.n += 1
        self.src_exact += gold == pred
        self.src_overlap += bool(gold & pred) if gold else not pred
        self.src_head += head_ok
        if gold:  # the scorer's source accuracy on cue-anchored sets counts these only
            self.with_source += 1
            self.found_source += bool(gold & pred)

    def add_content(self, gold: frozenset, pred: frozenset) -> None:
        self.tp += len(gold & pred)
        self.npred += len(pred)
        self.ngold += len(gold)
        if gold:
            self.with_content += 1
            self.match03 += len(gold & pred) / len(gold | pred) >= 0.3

    def line(self, name: str) -> str:
        p = self.tp / self.npred if self.npred else 0.0
        r = self.tp / self.ngold if self.ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        n, m = max(self.n, 1), max(self.with_content, 1)
        return (
            f"{name:22} claims={self.n} source_exact={self.src_exact / n:.3f} "
            f"source_head={self.src_head / n:.3f} source_overlap={self.src_overlap / n:.3f} "
            f"source_overlap_when_gold={self.found_source / max(self.with_source, 1):.3f} "
            f"content_p={p:.3f} content_r={r:.3f} content_f1={f:.3f} "
            f"content_match@0.3={self.match03 / m:.3f}"
        )


def _words(text: str, spans) -> frozenset:
    """Indices of the \\w+ tokens of `text` that the character spans overlap."""
    out = set()
    for n, m in enumerate(WORD_RE.finditer(text)):
        if any(m.start() < e and s < m.end() for s, e in spans):
            out.add(n)
    return frozenset(out)


def _chars(doc: Doc, span: role_model.TokenSpan) -> tuple[int, int]:
    last = doc[span.end - 1]
    return doc[span.start].idx, last.idx + len(last.text)


def evaluate(corpus: list[tuple[Doc, Record]], tagger) -> Scores:
    """Label every gold cue of the corpus and score source and content against the gold."""
    scores = Scores()
    for doc, record in corpus:
        text = doc.text
        for sent, cue, claim in instances(doc, record):
            roles = role_model.label_roles(sent, cue, tagger=tagger)
            source = [_chars(doc, roles.source)] if roles and roles.source else []
            head_ok = not claim.source and not source
            if source and claim.source:
                root = doc[roles.source.start : roles.source.end].root
                head_ok = bool(_words(text, claim.source) & _words(text, [_chars_of(root)]))
            scores.add_source(_words(text, claim.source), _words(text, source), head_ok)
            content = [_chars(doc, s) for s in roles.content] if roles else []
            scores.add_content(_words(text, claim.content), _words(text, content))
    return scores


def _chars_of(token) -> tuple[int, int]:
    return token.idx, token.idx + len(token.text)


def _corpus(directory: Path, name: str, cache: Path | None) -> list[tuple[Doc, Record]]:
    records = load_set(directory, name)
    return list(zip(parse(records, cache, name), records, strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train_dir", type=Path)
    parser.add_argument("--report", action="store_true", help="print given-cue figures")
    parser.add_argument("--dev", type=Path, help="eval-dev folder, measured with --report")
    parser.add_argument("--cache", type=Path, help="keep parsed docs here between runs")
    parser.add_argument("--out", type=Path, default=role_model.WEIGHTS)
    parser.add_argument("--eval-only", action="store_true", help="score the shipped weights")
    args = parser.parse_args(argv)
    started = time.monotonic()
    kept, held = [], {}
    for name, percent in sorted(TRAIN_SETS.items()):
        corpus = _corpus(args.train_dir, name, args.cache)
        kept += [(d, r) for d, r in corpus if not held_out(r.id, percent)]
        held[name] = [(d, r) for d, r in corpus if held_out(r.id, percent)]
    parsed = time.monotonic()
    if not args.eval_only:
        count = train(kept, args.out)
        print(
            f"trained on {count} cue sequences in {time.monotonic() - parsed:.0f}s "
            f"(parsing {parsed - started:.0f}s); {args.out} {args.out.stat().st_size} bytes",
            file=sys.stderr,
        )
    if args.report or args.eval_only:
        _report(args, held)
    return 0


def _report(args, held: dict) -> None:
    tagger = role_model.load_tagger(args.out)
    for name, corpus in sorted(held.items()):
        print(evaluate(corpus, tagger).line(f"{name}:held-out"))
    for name in DEV_SETS if args.dev else ():
        print(evaluate(_corpus(args.dev, name, args.cache), tagger).line(f"{name}:dev"))


if __name__ == "__main__":
    raise SystemExit(main())
