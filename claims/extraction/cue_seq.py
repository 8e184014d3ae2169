"""Learned English cue labeller: a sentence-level sequence model over every token.

PolNeAR marks many cues the reporting lexicon of cues.py misses: opinion, intention and
stance verbs ("felt", "plans", "would like"), nouns ("his own plan") and adjectives ("is
confident"). A linear-chain CRF (CRFsuite) tags every token of a sentence B-CUE / I-CUE / O,
so each decision sees its neighbours' words and tags: the verb or noun itself (lemma, part
of speech, dependency, the clause, object or infinitive it governs, its subject, a modal,
as in cue_model.features), a window of lemmas and parts of speech around it, whether it is
a lexicon cue, and where the nearest quotation is. For the verbs, nouns and adjectives of
a unit that the lexicon does not take, P(cue) = P(B-CUE) + P(I-CUE) from the CRF's
marginals; those at `THRESHOLD` or above become cues and go through role finding.

Trained by `python -m claims.extraction.train_cue_seq` on PolNeAR train only
(../shared/train, the role model's held-out articles left out); weights ship beside this file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Token

from . import cue_model
from .records import Cue, Unit

WEIGHTS = Path(__file__).with_name("cue_seq.crfsuite")

# Chosen on half A of PolNeAR dev (eval_halves.py --cue-threshold; content F1@0.3 0.724
# at 0.7, 0.725 at 0.6, with more claims matching no gold below 0.7); half B is the check.
THRESHOLD = 0.7
# A learned cue's claim whose content nothing marks as reported (no clause, quotation or
# colon: "has articulated these themes") is kept only from a cue this sure (attribution.py).
# Off (2.0: no probability reaches it): on half A it moved content F1@0.3 by 0.001-0.002
# (0.9 to 0.99), and the labeller is over-sure of verbs that relate two things, which are
# narration ("Investigators linked the fire to a heater": 0.994).
UNANCHORED = 2.0

LABELS = ("B-CUE", "I-CUE")
DASHES = frozenset({"―", "—", "–", "--", "-"})

_lock = threading.Lock()
_tagger = None


def _quote_distances(quoted: list[bool], step: int) -> list[str]:
    """Per token, how many tokens to the nearest quoted one in one direction (1, 2, 3 or
    far)."""
    size = len(quoted)
    if not any(quoted):
        return ["far"] * size
    out = []
    for i in range(size):
        near = next(
            (str(n) for n in (1, 2, 3) if 0 <= i + step * n < size and quoted[i + step * n]),
            "far",
        )
        out.append(near)
    return out


def is_candidate(tok: Token, lexicon: bool) -> bool:
    """A token whose P(cue) is asked: a verb, noun or adjective the lexicon does not take."""
    return not lexicon and cue_model.is_candidate(tok)


def sequence_features(
    tokens: list[Token], quoted: list[bool], lexicon: list[bool]
) -> list[list[str]]:
    """The features of each token of one sentence (its non-space tokens, in order);
    `quoted` and `lexicon` say which tokens are inside a quotation or lexicon cues.

    Only the candidates get the full description and a window (lemmas one token either
    side, parts of speech two): the other tokens, most of a sentence, are context, and
    describing them briefly keeps the labeller cheap at extraction time."""
    lemmas = [t.lemma_.lower() for t in tokens]
    pos = ["pos=" + t.pos_ for t in tokens]
    before, after = _quote_distances(quoted, -1), _quote_distances(quoted, 1)
    padded_pos = ["-", "-", *(t.pos_ for t in tokens), "-", "-"]
    padded_lemmas = ["-", *lemmas, "-"]
    rows = []
    for i, tok in enumerate(tokens):
        if quoted[i]:
            rows.append(["quoted", pos[i]])
            continue
        if is_candidate(tok, lexicon[i]):
            feats = cue_model.features(tok, False)
            feats += [
                "pos-2=" + padded_pos[i],
                "pos-1=" + padded_pos[i + 1],
                "pos+1=" + padded_pos[i + 3],
                "pos+2=" + padded_pos[i + 4],
                "lemma-1=" + padded_lemmas[i],
                "lemma+1=" + padded_lemmas[i + 2],
            ]
        else:
            feats = ["lemma=" + lemmas[i], pos[i], "lexicon" if lexicon[i] else "other"]
        feats += ["quote_before=" + before[i], "quote_after=" + after[i]]
        if i and tokens[i - 1].text in DASHES:
            feats.append("after_dash")
        rows.append(feats)
    return rows


def get_tagger():
    """The shipped labeller, opened once per process."""
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                import pycrfsuite

                tagger = pycrfsuite.Tagger()
                tagger.open(str(WEIGHTS))
                _tagger = tagger
    return _tagger


def cue_probabilities(rows: list[list[str]], positions: list[int], tagger=None) -> list[float]:
    """P(the token is part of a cue) at each position of one sentence's features."""
    tagger = tagger or get_tagger()
    with _lock:
        tagger.set(rows)
        return [sum(tagger.marginal(label, i) for label in LABELS) for i in positions]


def learned_cues(unit: Unit, lexicon_cue: Callable[[Token], bool]) -> list[Cue]:
    """The unit's cues that the lexicon misses: runs of tokens with P(cue) at THRESHOLD or
    above, each read from its syntactic head ("would like": "like"), which must be a verb,
    noun or adjective outside the lexicon; a run holding a lexicon cue is the lexicon's."""
    tokens = unit.tokens
    quoted = [unit.in_quote(t) for t in tokens] if unit.quotes else [False] * len(tokens)
    lexicon = [lexicon_cue(t) for t in tokens]
    candidates = [n for n, t in enumerate(tokens) if not quoted[n] and is_candidate(t, lexicon[n])]
    if not candidates:
        return []
    rows = sequence_features(tokens, quoted, lexicon)
    cues = []
    tagger = get_tagger()  # before taking the lock: opening the weights takes it too
    with _lock:
        tagger.set(rows)
        probs: dict[int, float] = {}

        def sure(n: int) -> bool:
            if n not in probs:
                probs[n] = sum(tagger.marginal(label, n) for label in LABELS)
            return not quoted[n] and probs[n] >= THRESHOLD

        for run in _runs(candidates, sure, len(tokens)):
            if any(lexicon[n] for n in run):
                continue
            inside = {tokens[n].i for n in run}
            tok = next(
                tokens[n]
                for n in run
                if tokens[n].head.i not in inside or tokens[n].head == tokens[n]
            )
            if is_candidate(tok, False):
                kind = "noun" if tok.pos_ == "NOUN" else "verb"
                cues.append(Cue(kind, tok, learned=True, confidence=max(probs[n] for n in run)))
    return cues


def _runs(starts: list[int], sure: Callable[[int], bool], size: int) -> list[list[int]]:
    """The runs of consecutive positions that `sure` accepts around each of `starts`
    (positions it is only asked about when a neighbour is in the run)."""
    runs: list[list[int]] = []
    for n in starts:
        if (runs and n <= runs[-1][-1]) or not sure(n):
            continue
        first, last = n, n
        while first > 0 and sure(first - 1):
            first -= 1
        while last + 1 < size and sure(last + 1):
            last += 1
        runs.append(list(range(first, last + 1)))
    return runs
