"""Learned role labeller: given a sentence and an attribution cue, find source and content.

A linear-chain CRF (CRFsuite) tags each token of the sentence, one sequence per cue, with
SOURCE / CONTENT in BIO form (and CUE for the cue itself). Features describe each token
relative to the cue: side and distance, the cue's dependent whose subtree holds the token,
the dependency path between them, quotation state, part of speech and entity type. Trained
by `python -m claims.extraction.train_roles` on ../shared/train (PolNeAR EN, ASFALDA FR);
the weights ship beside this file.

Interface (pure over spaCy tokens; no Django):

    label_roles(sent, cue) -> Roles | None
        sent: a spaCy Span (normally the cue's sentence); cue: doc token indices of the cue.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span as SpacySpan

WEIGHTS = Path(__file__).with_name("role_model.crfsuite")

OPENING_QUOTES = frozenset("«“„‟")
CLOSING_QUOTES = frozenset("»”")
NEUTRAL_QUOTES = frozenset('"')
MAX_PATH = 4
SOURCE_FALLBACK = 0.3


@dataclass(frozen=True)
class TokenSpan:
    """Doc token indices [start, end)."""

    start: int
    end: int


@dataclass(frozen=True)
class Roles:
    """What the labeller found for one cue.

    source: the source span, or None when the model sees no source in the sentence.
    content: the content pieces in order (usually one; a quote interrupted by the cue
    clause gives two). Confidences are CRF marginals averaged over the span's tokens;
    `confidence` is the probability of the whole tag sequence.
    """

    source: TokenSpan | None
    content: tuple[TokenSpan, ...]
    source_confidence: float
    content_confidence: float
    confidence: float


@dataclass(frozen=True)
class CueContext:
    """The cue as the features see it (computed once per cue)."""

    tokens: frozenset[int]
    head: int
    start: int
    end: int
    lemma: str
    head_dep: str
    lang: str


def cue_context(sent: SpacySpan, cue: Sequence[int]) -> CueContext:
    doc = sent.doc
    inside = frozenset(cue)
    heads = [i for i in sorted(inside) if doc[i].head.i not in inside or doc[i].head.i == i]
    head = doc[heads[0] if heads else min(inside)]
    lemma = " ".join(doc[i].lemma_.lower() for i in sorted(inside))
    return CueContext(inside, head.i, min(inside), max(inside) + 1, lemma, head.dep_, doc.lang_)


@dataclass(frozen=True, slots=True)
class Tok:
    """The attributes of a spaCy token that the features read, read once per sentence."""

    i: int
    head: int
    dep: str
    lower: str
    pos: str
    lemma: str
    shape: str
    ent: str
    iob: str
    text: str


def sentence_tokens(sent: SpacySpan) -> list[Tok]:
    return [
        Tok(
            t.i, t.head.i, t.dep_, t.lower_, t.pos_, t.lemma_.lower(), t.shape_[:4],
            t.ent_type_ or "-", t.ent_iob_, t.text,
        )
        for t in sent
    ]  # fmt: skip


def _ancestors(k: int, toks: list[Tok], base: int) -> list[Tok]:
    """The token at position k and its heads up to the root (within the sentence)."""
    chain = [toks[k]]
    while chain[-1].head != chain[-1].i and len(chain) < 40:
        position = chain[-1].head - base
        if not 0 <= position < len(toks):
            break
        chain.append(toks[position])
    return chain


def relations(chain: list[Tok], cue_chain: list[Tok]) -> tuple[str, str]:
    """(branch, path) of a token, given its ancestor chain and the cue head's.

    branch: the relation of the cue's dependent whose subtree holds the token ("cue" for
    the cue head itself, "out" outside its subtree). path: relations from the token up to
    the common ancestor, then down to the cue head.
    """
    down_ids = {t.i: n for n, t in enumerate(cue_chain)}
    head = cue_chain[0].i
    branch = "out"
    for n, anc in enumerate(chain):
        if anc.i == head:
            branch = chain[n - 1].dep if n else "cue"
        if anc.i in down_ids:
            ups = [t.dep for t in chain[:n]]
            downs = [t.dep for t in cue_chain[: down_ids[anc.i]]]
            if len(ups) + len(downs) > MAX_PATH:
                return branch, f"long:{len(ups)}:{len(downs)}"
            return branch, "^".join(ups) + "|" + "v".join(reversed(downs))
    return branch, "none"


def quote_states(toks: list[Tok]) -> list[bool]:
    """Whether each token of the sentence stands inside quotation marks."""
    states, inside = [], False
    for tok in toks:
        text = tok.text
        if text in OPENING_QUOTES or (text in NEUTRAL_QUOTES and not inside):
            states.append(False)
            inside = True
        elif text in CLOSING_QUOTES or (text in NEUTRAL_QUOTES and inside):
            states.append(False)
            inside = False
        else:
            states.append(inside)
    return states


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    return "4-6" if n <= 6 else ("7-12" if n <= 12 else "13+")


@dataclass(frozen=True)
class SentenceView:
    """What the features need of a sentence, independent of the cue (computed once)."""

    start: int
    toks: list[Tok]
    quotes: list[bool]
    chains: list[list[Tok]]
    head: list[list[str]]
    middle: list[list[str]]
    tail: list[list[str]]


def sentence_view(sent: SpacySpan) -> SentenceView:
    toks = sentence_tokens(sent)
    n = len(toks)
    head = [
        [f"w={t.lower}", f"p={t.pos}", f"d={t.dep}", f"e={t.ent}", "bias", f"lem={t.lemma}"]
        + [f"shape={t.shape}"]
        for t in toks
    ]
    middle = [[f"ent_iob={t.iob}", f"first={int(k == 0)}"] for k, t in enumerate(toks)]
    tail = []
    for k in range(n):
        feats = []
        for off in (-2, -1, 1, 2):
            if 0 <= k + off < n:
                feats += [f"{off}:p={toks[k + off].pos}", f"{off}:d={toks[k + off].dep}"]
            else:
                feats.append(f"{off}:pad")
        tail.append(feats)
    chains = [_ancestors(k, toks, sent.start) for k in range(n)]
    return SentenceView(sent.start, toks, quote_states(toks), chains, head, middle, tail)


def token_features(
    view: SentenceView, cue: CueContext, k: int, relation: tuple[str, str]
) -> list[str]:
    """Features of the k-th token of the sentence for the given cue; `relation` is its
    (branch, path) to the cue (see `relations`)."""
    tok = view.toks[k]
    i = tok.i
    quoted = int(view.quotes[k])
    in_cue = i in cue.tokens
    side = "cue" if in_cue else ("L" if i < cue.start else "R")
    dist = _bucket(cue.start - i if i < cue.start else max(0, i - cue.end + 1))
    branch, path = relation
    feats = view.head[k] + [
        f"side={side}",
        f"dist={dist}",
        f"side_dist={side}{dist}",
        f"branch={branch}",
        f"side_branch={side}{branch}",
        f"path={path}",
        f"quote={quoted}",
        f"quote_side={quoted}{side}",
        f"cue_lemma={cue.lemma}",
        f"cue_dep={cue.head_dep}",
        f"side_cuedep={side}{cue.head_dep}",
    ]
    feats += view.middle[k]
    feats += [f"cue_lemma_side={cue.lemma}:{side}", f"pos_side_branch={tok.pos}:{side}{branch}"]
    # The two languages' parsers label dependencies differently: structure per language.
    lang = cue.lang
    feats += [
        f"{lang}:side_branch={side}{branch}",
        f"{lang}:path={path}",
        f"{lang}:side_dist={side}{dist}",
        f"{lang}:pos_side_branch={tok.pos}:{side}{branch}",
        f"{lang}:quote_side={quoted}{side}",
        f"{lang}:dep_side={tok.dep}:{side}",
    ]
    if in_cue:
        feats.append("in_cue")
    return feats + view.tail[k]


def sequence_features(
    sent: SpacySpan, cue: Sequence[int], view: SentenceView | None = None
) -> list[list[str]]:
    """One feature list per token of `sent`, for the given cue (doc token indices).
    `view` (from `sentence_view(sent)`) may be shared by the cues of one sentence."""
    view = view or sentence_view(sent)
    context = cue_context(sent, cue)
    cue_chain = view.chains[context.head - view.start]
    return [
        token_features(view, context, k, relations(view.chains[k], cue_chain))
        for k in range(len(view.toks))
    ]


_lock = threading.RLock()
_tagger = None


def load_tagger(path: Path):
    """A CRF tagger opened on a weights file."""
    import pycrfsuite

    if not Path(path).exists():
        raise FileNotFoundError(f"role model weights missing: {path}")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def get_tagger():
    """The shipped CRF tagger, loaded once per process."""
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                _tagger = load_tagger(WEIGHTS)
    return _tagger


def _segments(tags: Sequence[str], role: str) -> list[tuple[int, int]]:
    """Contiguous runs of B-/I-role tags as [start, end) positions."""
    runs: list[tuple[int, int]] = []
    for k, tag in enumerate(tags):
        if tag == f"B-{role}" or (tag == f"I-{role}" and (not runs or runs[-1][1] != k)):
            runs.append((k, k + 1))
        elif tag == f"I-{role}":
            runs[-1] = (runs[-1][0], k + 1)
    return runs


def _fallback_source(length: int, marginal) -> list[tuple[int, int]]:
    """When the best sequence has no source, the likeliest source start if it is likely
    enough (SOURCE_FALLBACK, chosen on the trained part of the training sets), with the
    tokens after it that are likelier inside a source than not."""
    if not length or SOURCE_FALLBACK >= 1:
        return []
    start = max(range(length), key=lambda k: marginal("B-SOURCE", k))
    if marginal("B-SOURCE", start) < SOURCE_FALLBACK:
        return []
    end = start + 1
    while end < length and marginal("I-SOURCE", end) >= 0.5:
        end += 1
    return [(start, end)]


def decode(sent: SpacySpan, tags: Sequence[str], marginal) -> Roles:
    """Turn a tag sequence into Roles; `marginal(label, k)` gives a token's marginal."""

    def mean(role: str, runs: list[tuple[int, int]]) -> float:
        ks = [k for s, e in runs for k in range(s, e)]
        total = sum(marginal(tags[k], k) for k in ks)
        return total / len(ks) if ks else 0.0

    sources = _segments(tags, "SOURCE") or _fallback_source(len(tags), marginal)
    contents = _segments(tags, "CONTENT")
    # One source per cue: the run the model is surest of.
    best = max(sources, key=lambda r: mean("SOURCE", [r]), default=None)
    base = sent.start
    return Roles(
        source=TokenSpan(base + best[0], base + best[1]) if best else None,
        content=tuple(TokenSpan(base + s, base + e) for s, e in contents),
        source_confidence=mean("SOURCE", [best]) if best else 0.0,
        content_confidence=mean("CONTENT", contents),
        confidence=0.0,
    )


def label_sentence(
    sent: SpacySpan, cues: Sequence[Sequence[int]], *, tagger=None
) -> list[Roles | None]:
    """`label_roles` for several cues of one sentence, reading the sentence once."""
    view = sentence_view(sent)
    tagger = tagger or get_tagger()
    out: list[Roles | None] = []
    for cue in cues:
        inside = [i for i in cue if sent.start <= i < sent.end]
        if not inside:
            out.append(None)
            continue
        features = sequence_features(sent, inside, view)
        with _lock:  # a tagger holds the current sequence: one caller at a time
            tags = tagger.tag(features)
            roles = decode(sent, tags, tagger.marginal)
            confidence = tagger.probability(tags)
        out.append(
            Roles(
                roles.source,
                roles.content,
                roles.source_confidence,
                roles.content_confidence,
                confidence,
            )
        )
    return out


def label_roles(sent: SpacySpan, cue: Sequence[int], *, tagger=None) -> Roles | None:
    """Source and content of the cue (doc token indices) within `sent`.

    None when the cue is empty or lies outside the span. `tagger` defaults to the shipped
    weights (training and tests may pass another).
    """
    return label_sentence(sent, [cue], tagger=tagger)[0]
