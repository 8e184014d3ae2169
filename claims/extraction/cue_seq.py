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
# Half A: 0.9 0.724, 0.95 and 0.99 0.725; the most cautious of the ties, as
# such claims are often narration ("linked the fire to a heater", "sent a letter to …").
UNANCHORED = 0.99

LABELS = ("B-CUE", "I-CUE")

_lock = threading.Lock()
_tagger = None


def _quote_distance(quoted: list[bool], i: int, step: int) -> str:
    """How many tokens to the nearest quoted token in one direction (1, 2, 3 or far)."""
    for n in range(1, 4):
        j = i + step * n
        if not 0 <= j < len(quoted):
            break
        if quoted[j]:
            return str(n)
    return "far"


def _window(lemmas: list[str], pos: list[str], i: int) -> list[str]:
    """Lemmas one token either side, parts of speech two tokens either side."""
    size = len(lemmas)
    feats = []
    for d in (-2, -1, 1, 2):
        j = i + d
        feats.append(f"pos{d:+d}=" + (pos[j] if 0 <= j < size else "-"))
        if abs(d) == 1:
            feats.append(f"lemma{d:+d}=" + (lemmas[j] if 0 <= j < size else "-"))
    return feats


def is_candidate(tok: Token, lexicon: bool) -> bool:
    """A token whose P(cue) is asked: a verb, noun or adjective the lexicon does not take."""
    return not lexicon and cue_model.is_candidate(tok)


def sequence_features(
    tokens: list[Token], quoted: list[bool], lexicon: list[bool]
) -> list[list[str]]:
    """The features of each token of one sentence (its non-space tokens, in order);
    `quoted` and `lexicon` say which tokens are inside a quotation or lexicon cues."""
    lemmas = [t.lemma_.lower() for t in tokens]
    pos = [t.pos_ for t in tokens]
    rows = []
    for i, tok in enumerate(tokens):
        if quoted[i]:
            feats = ["quoted", "pos=" + pos[i], "lemma=" + lemmas[i]]
        elif is_candidate(tok, lexicon[i]):
            feats = cue_model.features(tok, False)
        else:
            feats = ["bias", "lemma=" + lemmas[i], "pos=" + pos[i], "dep=" + tok.dep_]
            if lexicon[i]:
                feats.append("lexicon")
        feats += _window(lemmas, pos, i)
        if not quoted[i]:
            feats.append("quote_before=" + _quote_distance(quoted, i, -1))
            feats.append("quote_after=" + _quote_distance(quoted, i, 1))
        if i and tokens[i - 1].text in {"―", "—", "–", "--", "-"}:
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
    quoted = [unit.in_quote(t) for t in tokens]
    lexicon = [lexicon_cue(t) for t in tokens]
    if not any(
        not q and is_candidate(t, x) for t, q, x in zip(tokens, quoted, lexicon, strict=True)
    ):
        return []
    rows = sequence_features(tokens, quoted, lexicon)
    probs = cue_probabilities(rows, list(range(len(tokens))))
    cues = []
    for run in _runs([p >= THRESHOLD and not q for p, q in zip(probs, quoted, strict=True)]):
        if any(lexicon[n] for n in run):
            continue
        inside = {tokens[n].i for n in run}
        head = next(
            n for n in run if tokens[n].head.i not in inside or tokens[n].head.i == tokens[n].i
        )
        tok = tokens[head]
        if is_candidate(tok, False):
            kind = "noun" if tok.pos_ == "NOUN" else "verb"
            cues.append(Cue(kind, tok, learned=True, confidence=max(probs[n] for n in run)))
    return cues


def _runs(flags: list[bool]) -> list[list[int]]:
    """Positions of the runs of consecutive True flags."""
    runs: list[list[int]] = []
    for n, flag in enumerate(flags):
        if flag and runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        elif flag:
            runs.append([n])
    return runs
