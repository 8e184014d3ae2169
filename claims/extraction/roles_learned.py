"""Stage 3, roles: the learned labeller (role_model.py) combined with the rules.

`combined_roles(unit, cue)` is a `RoleFinder`. It runs the rules first and asks the CRF
about the same cue in the unit; which of the two is kept for each role is decided by
`combine` from the two readings and the language's `Policy` (it amends the rules' claim
in place); eval_halves.py measures it: thresholds chosen on half A of each set, checked
on half B.
"""

import dataclasses
import re
import threading
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan

from . import role_model
from .cues import COMPLEMENTISERS, REPORTING_VERBS, TIME_WORDS
from .records import MIN_CONTENT_WORDS, Cue, ExtractedClaim, Span, Unit
from .roles_rules import interrupted_noun, rule_roles
from .segment import speech_kind
from .spans import exact_span, overlaps, token_end, token_start, trimmed_span
from .syntax import ADDRESSEE_VERBS, OBJECT_DEPS
from .verb_content import TELL_WHEN

NEVER = 2.0  # a confidence threshold no marginal reaches: the step is off


@dataclass(frozen=True, slots=True)
class Policy:
    """When the CRF's reading is taken over the rules', as thresholds on its confidence
    (mean marginal of the span's tokens); `NEVER` turns a step off."""

    # A reporting verb the rules read no claim from gets the CRF's claim when the CRF is
    # this sure of its content.
    fallback_content: float = NEVER
    # A rule claim with no source takes the CRF's source when the CRF is this sure of it.
    source_fill: float = NEVER
    # The CRF's content replaces the rules' (when the two overlap) when this sure of it.
    content_replace: float = NEVER
    # A cue of the cue labeller (cue_seq.py) the rules read no claim from gets the
    # CRF's claim when the CRF is this sure of its content.
    learned_content: float = NEVER


# Chosen on half A of the development and held-out training sets (eval_halves.py); half
# B is the check. English: the CRF's claims for verbs the rules drop (fallback 0.9) gave
# +0.003 content F1 on PolNeAR dev half A but false claims ("The mayor spoke for ten
# minutes in a tent"): off. French: the CRF's content is worse than the rules' (Sequoia
# half A content@0.3 0.797 → 0.780) and its fallback claims changed nothing on half A:
# only its source fills a gap. The cue labeller's cues (cue_seq.py) take the CRF's
# claim at 0.6 (0.5 to 0.8 were within 0.001 of each other on PolNeAR dev half A).
POLICIES: dict[str, Policy] = {
    "en": Policy(source_fill=0.6, content_replace=0.8, learned_content=0.6),
    "fr": Policy(source_fill=0.6),
}


@dataclass(frozen=True, slots=True)
class LearnedReading:
    """The CRF's reading of one cue, as stored-text spans."""

    source: Span | None
    content: Span | None
    source_confidence: float
    content_confidence: float


def combined_roles(unit: Unit, cue: Cue) -> ExtractedClaim | None:
    """The rules' claim for the cue, amended by the learned labeller (see `combine`)."""
    rule = rule_roles(unit, cue)
    policy = POLICIES.get(unit.lang, Policy())
    if cue.token is None or not _may_change(cue, rule, policy):
        return rule
    reading = learned_reading(unit, cue)
    if reading is None:
        return rule
    return combine(unit, cue, rule, reading, policy)


def _may_change(cue: Cue, rule: ExtractedClaim | None, policy: Policy) -> bool:
    """Whether the policy lets the CRF change anything here (it is not run otherwise)."""
    if rule is None:
        return _fallback_threshold(cue, policy) <= 1
    return policy.content_replace <= 1 or (rule.source is None and policy.source_fill <= 1)


def combine(
    unit: Unit, cue: Cue, rule: ExtractedClaim | None, learned: LearnedReading, policy: Policy
) -> ExtractedClaim | None:
    """The rules' claim amended by the CRF's reading (`_amend`); for a reporting verb the
    rules read no claim from, the CRF's claim when it is sure of a content of at least
    MIN_CONTENT_WORDS words that does not hold the cue."""
    if rule is not None:
        return _amend(unit, cue, rule, learned, policy)
    content = learned.content
    if (
        content is None
        or learned.content_confidence < _fallback_threshold(cue, policy)
        or len(re.findall(r"\w+", content.text)) < MIN_CONTENT_WORDS
    ):
        return None
    cue_span = exact_span(unit.text, unit.offset, cue.token, cue.last)
    if overlaps(content, cue_span):
        return None
    source = learned.source
    if source is not None and overlaps(source, content):
        source = None
    return ExtractedClaim(
        content=content,
        kind=speech_kind(unit.view, content, unit.quotes),
        sentence=unit.sentence,
        source=source,
        cue=cue_span,
        cue_lemma=cue.token.lemma_.lower(),
    )


def _fallback_threshold(cue: Cue, policy: Policy) -> float:
    """How sure the CRF must be of a content to make a claim of a cue the rules read none
    from: a lexicon verb, or any cue of the classifier."""
    if cue.learned:
        return policy.learned_content
    return policy.fallback_content if cue.kind == "verb" else NEVER


def _amend(
    unit: Unit, cue: Cue, rule: ExtractedClaim, learned: LearnedReading, policy: Policy
) -> ExtractedClaim:
    """The rule claim, with the CRF's source when the rules found none, and the CRF's
    content when it is sure of it and the two readings overlap."""
    source, content = learned.source, learned.content
    if (
        rule.source is None
        and source is not None
        and learned.source_confidence >= policy.source_fill
        and _may_fill(unit, cue, rule, source)
    ):
        rule.source = source
    if (
        content is not None
        and learned.content_confidence >= policy.content_replace
        and _may_replace(unit, cue, rule, content)
    ):
        rule.content = content
        if rule.kind != "according_to":
            rule.kind = speech_kind(unit.view, content, unit.quotes)
    return rule


def _may_fill(unit: Unit, cue: Cue, rule: ExtractedClaim, source: Span) -> bool:
    """The CRF's source may fill the rules' gap when it is outside the content and cue,
    the cue is no imperative ("Prévenez votre pharmacien …" names whom to tell), and the
    source is no time and no object of another word ("publié le mois dernier")."""
    if overlaps(source, rule.content) or (rule.cue and overlaps(source, rule.cue)):
        return False
    if "Imp" in cue.token.morph.get("Mood"):
        return False
    window = unit.doc.char_span(
        source.start - unit.offset, source.end - unit.offset, alignment_mode="expand"
    )
    if window is None:
        return False
    root = window.root
    if root.dep_ in OBJECT_DEPS:
        # The cue's own object is its inverted subject ("explique le directeur"), unless
        # the verb takes the person told as its object ("informer votre médecin").
        told = cue.token.lemma_.lower() in ADDRESSEE_VERBS | TELL_WHEN
        if root.head != cue.token or told:
            return False
    return root.lemma_.lower() not in TIME_WORDS


def _may_replace(unit: Unit, found: Cue, rule: ExtractedClaim, content: Span) -> bool:
    """The CRF's content may stand for the rules' when the two overlap, it holds neither
    the source nor the cue, and the rules' content is neither interrupted by its cue
    (“A,” she said, “B”, or "their merger, approved, according to X, by …": the rules
    join both pieces, the CRF often keeps one or runs over the narration) nor
    a report of its own that the CRF's leaves out ("X said that …, the group added")."""
    cue, source = rule.cue, rule.source
    return (
        overlaps(content, rule.content)
        and not _drops_a_report(unit, rule.content, content)
        and not (source and overlaps(content, source))
        and not (cue and overlaps(content, cue))
        and not (cue and rule.kind in {"direct", "mixed"} and overlaps(rule.content, cue))
        and not _interrupted_phrase(found, rule)
        and len(re.findall(r"\w+", content.text)) >= MIN_CONTENT_WORDS
    )


def _interrupted_phrase(cue: Cue, rule: ExtractedClaim) -> bool:
    """The rules read "their merger, approved, according to X, by …" as the noun phrase
    the according-to interrupts, which the CRF tends to run over the narration."""
    doc = cue.token.doc
    return rule.kind == "according_to" and interrupted_noun(doc[: cue.token.i]) is not None


def _drops_a_report(unit: Unit, outer: Span, inner: Span) -> bool:
    """`outer` holds a reporting verb before `inner` ("The airline said that A, but B"
    for "the group added": B alone would leave out who said A). A reporting verb after
    it ("…, a lawyer said") reports `outer`, not a part of it."""
    verbs = REPORTING_VERBS.get(unit.lang, frozenset())
    for tok in unit.tokens:
        at = token_start(unit.offset, tok)
        if (
            outer.start <= at < inner.start
            and tok.pos_ in {"VERB", "AUX"}
            and (tok.lemma_.lower() in verbs)
        ):
            return True
    return False


def learned_reading(unit: Unit, cue: Cue) -> LearnedReading | None:
    """The CRF's source and content for the cue, read over the unit's tokens."""
    if not unit.tokens or cue.token is None:
        return None
    sent, view = _unit_view(unit)
    last = cue.last or cue.token
    tokens = [i for i in range(cue.token.i, last.i + 1) if sent.start <= i < sent.end]
    if not tokens:
        return None
    features = role_model.sequence_features(sent, tokens, view)
    tagger = role_model.get_tagger()
    with role_model._lock:
        tags = tagger.tag(features)
        roles = role_model.decode(sent, tags, tagger.marginal)
    content = None
    if roles.content:
        first, final = roles.content[0].start, roles.content[-1].end
        # The house style leaves the complementiser out: "that" / "que" opens no content.
        words = COMPLEMENTISERS.get(unit.lang, set())
        while first < final - 1 and _complementiser(unit.doc[first], words):
            first += 1
        content = _span(unit, first, final)
    source = _span(unit, roles.source.start, roles.source.end) if roles.source else None
    return LearnedReading(source, content, roles.source_confidence, roles.content_confidence)


def _complementiser(tok, words: set[str]) -> bool:
    """ "that" / "que" opening a clause, not the pronoun of "That's the problem"."""
    return tok.lower_ in words and (tok.pos_ == "SCONJ" or tok.dep_ == "mark")


def _span(unit: Unit, start: int, end: int) -> Span | None:
    first, last = unit.doc[start], unit.doc[end - 1]
    u = unit
    return trimmed_span(u.text, u.view, token_start(u.offset, first), token_end(u.offset, last))


_cache = threading.local()


def _unit_view(unit: Unit) -> tuple[SpacySpan, role_model.SentenceView]:
    """The unit as a spaCy span and its CRF sentence view, computed once per unit.

    The pipeline parses a view with its quote marks blanked, so the quotation state of
    each token comes from the unit's quotation pairs rather than from quote tokens."""
    held = getattr(_cache, "entry", None)
    if held is not None and held[0] is unit:
        return held[1], held[2]
    sent = unit.doc[unit.tokens[0].i : unit.tokens[-1].i + 1]
    view = role_model.sentence_view(sent)
    view = dataclasses.replace(view, quotes=[unit.in_quote(t) for t in sent])
    _cache.entry = (unit, sent, view)
    return sent, view
