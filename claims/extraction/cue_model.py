"""Learned English cue classifier: attribution cues that the reporting lexicon misses.

The rules of cues.py take the verbs and nouns of a hand-written lexicon as cues. PolNeAR
marks many more: opinion, intention and stance verbs ("felt", "plans", "would like",
"unveiled a plan"). For each candidate token (a verb or a noun outside the lexicon, out of
quotes) a maximum-entropy classifier (CRFsuite over one-token sequences, which is a
logistic regression with sparse features) gives the probability that PolNeAR would mark it
as a cue, from the parse the pipeline already made: lemma, part of speech, tense,
dependency, the clause or quotation it governs and who its subject is. Candidates above
`THRESHOLD` become cues and go through role finding like the lexicon's.

Trained by `python -m claims.extraction.train_cues` on PolNeAR train only (../shared/train,
the role model's held-out articles left out); the weights ship beside this file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Token

WEIGHTS = Path(__file__).with_name("cue_model.crfsuite")

# Chosen on half A of PolNeAR dev (eval_halves.py; content F1@0.3 0.705 at 0.7, 0.708 at
# 0.8, rules alone 0.699); half B is the check (0.693 → 0.695, source accuracy kept).
THRESHOLD = 0.8

CANDIDATE_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ"})
PERSONAL = frozenset("i we you he she they it who".split())
MODALS = frozenset("would could should will might may can must".split())

_lock = threading.Lock()
_tagger = None


def is_candidate(tok: Token, taken: Callable[[Token], bool]) -> bool:
    """A token the classifier is asked about: a verb, noun or adjective (predicative:
    "is confident that"), with letters, that the rules did not already take as a cue."""
    return tok.pos_ in CANDIDATE_POS and tok.is_alpha and len(tok.text) > 1 and not taken(tok)


def _subject(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    if tok.dep_ in {"xcomp", "conj"} and tok.head.i != tok.i:
        # "plans to", "and said": the subject of the verb it depends on
        return next((c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return None


def _subject_kind(subj: Token | None) -> str:
    if subj is None:
        return "none"
    if subj.lower_ in PERSONAL:
        return "pron:" + subj.lower_
    if subj.ent_type_:
        return "ent:" + subj.ent_type_
    return "pos:" + subj.pos_


def features(tok: Token, in_quote: bool) -> list[str]:
    """The sparse features of one candidate token (strings; all weights 1)."""
    doc = tok.doc
    lemma = tok.lemma_.lower()
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    feats = [
        "bias",
        "lemma=" + lemma,
        "pos=" + tok.pos_,
        "tag=" + tok.tag_,
        "dep=" + tok.dep_,
        "lemma_pos=" + lemma + "|" + tok.pos_,
        "lemma_dep=" + lemma + "|" + tok.dep_,
        "head_pos=" + tok.head.pos_,
        "head_lemma=" + tok.head.lemma_.lower(),
        "prev=" + (prev.lower_ if prev is not None else "<s>"),
        "next=" + (nxt.lower_ if nxt is not None else "</s>"),
        "next_pos=" + (nxt.pos_ if nxt is not None else "</s>"),
        "quoted=" + str(in_quote),
    ]
    deps = set()
    for child in tok.children:
        dep = child.dep_
        deps.add(dep)
        if dep in {"ccomp", "xcomp", "acl", "relcl", "advcl", "dobj", "prep", "attr"}:
            feats.append(f"child:{dep}={child.lemma_.lower()}")
            feats.append(f"child:{dep}_pos={child.pos_}")
            first = child.left_edge
            feats.append(f"child:{dep}_first={first.lower_}")
            feats.append(f"lemma_{dep}=" + lemma)
        if dep in {"aux", "auxpass"} and child.lower_ in MODALS:
            feats.append("modal=" + child.lower_)
        if dep == "punct" and child.text in {'"', "“", "”", ":"}:
            feats.append("punct_child=" + child.text)
    for dep in sorted(deps):
        feats.append("has=" + dep)
        feats.append("pos_has=" + tok.pos_ + "|" + dep)
    if not deps & {"ccomp", "xcomp"}:
        feats.append("no_clause")
    kind = _subject_kind(_subject(tok))
    feats += ["subj=" + kind, "subj_pos=" + kind + "|" + tok.pos_]
    if "ccomp" in deps:
        feats.append("subj_ccomp=" + kind)
    for child in (c for c in tok.children if c.dep_ == "poss"):
        feats.append("poss=" + _subject_kind(child))
    return feats


def get_tagger():
    """The shipped classifier, opened once per process."""
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                import pycrfsuite

                tagger = pycrfsuite.Tagger()
                tagger.open(str(WEIGHTS))
                _tagger = tagger
    return _tagger


def probabilities(rows: list[list[str]], tagger=None) -> list[float]:
    """P(cue) for each candidate's features."""
    tagger = tagger or get_tagger()
    out = []
    with _lock:
        for row in rows:
            tagger.set([row])
            out.append(tagger.marginal("CUE", 0))
    return out
