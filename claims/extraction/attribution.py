"""One unit's claims: cues found, roles filled, overlapping claims merged, narration."""

import re

from spacy.tokens import Doc, Token

from . import cue_seq
from .cues import (
    OPINION_VERBS,
    find_cues,
)
from .entities import entities_in
from .records import MIN_CONTENT_WORDS, Cue, ExtractedClaim, Span, Unit
from .resolve import name_claimants, reattribute
from .roles import find_roles
from .spans import overlaps, token_end, token_start, trimmed_span
from .syntax import is_finite


def continues_quote(
    text: str,
    view: str,
    previous: list[ExtractedClaim],
    found: list[ExtractedClaim],
    start: int,
    end: int,
) -> bool:
    """“A,” she said. “B.” – the second quotation belongs to the first claim.

    A unit that opens with a quotation and has no speaker of its own continues the quoted
    claim of the unit before it when that claim's reporting clause came after its content.
    """
    attributed = [c for c in previous if c.kind in {"direct", "mixed"} and c.cue]
    if not attributed or view[start] != '"' or any(c.kind != "unattributed" for c in found):
        return False
    claim = attributed[-1]
    if claim.cue.start < claim.content.end:
        return False
    extended = trimmed_span(text, view, claim.content.start, end)
    if extended is None:
        return False
    claim.content = extended
    found.clear()  # the narration of the unit is the quotation itself
    return True


def unit_claims(unit: Unit) -> list[ExtractedClaim]:
    """The claims of one unit: its cues' claims, merged, then the author's narration."""
    if not unit.tokens:
        return []
    claims: list[ExtractedClaim] = []
    for cue in find_cues(unit):
        _merge(unit, claims, cue, find_roles(unit, cue))
    claims = [c for c in claims if not _speaker_read_as_cue(c, claims)]
    for claim in list(claims):
        if claim.kind != "according_to" and (
            background := split_background(unit.text, unit.view, unit.doc, unit.offset, claim)
        ):
            claims.append(background)
    name_claimants(claims, unit.doc, unit.offset)
    sentence = unit.sentence
    for claim in claims:
        claim.sentence = sentence
        claim.entities = entities_in(unit.doc, unit.offset, claim.content.start, claim.content.end)
    u = unit
    claims.extend(
        narration(u.text, u.view, u.doc, u.offset, u.start, u.end, u.tokens, claims, sentence)
    )
    claims.sort(key=lambda c: c.content.start)
    return claims


def _speaker_read_as_cue(claim: ExtractedClaim, claims: list[ExtractedClaim]) -> bool:
    """ "The report says that …": "report" is the speaker of "says", not a cue of its own
    whose message would be "says that …"."""
    return claim.cue is not None and any(
        other.source is not None
        and other.cue is not None
        and other is not claim
        and other.source.start <= claim.cue.start
        and claim.cue.end <= other.source.end
        and other.cue.start <= claim.content.start < other.cue.end
        for other in claims
    )


def _merge(
    unit: Unit, claims: list[ExtractedClaim], cue: Cue, claim: ExtractedClaim | None
) -> None:
    """Add a cue's claim unless an earlier cue already reported the same proposition."""
    if cue.learned and not _learned_claim(claim, cue):
        return
    if cue.kind == "verb":
        _merge_verb_claim(unit, claims, cue.token, claim)
    elif claim is not None and not (
        cue.kind == "noun" and any(same_claim(claim, c) for c in claims)
    ):
        claims.append(claim)


def _learned_claim(claim: ExtractedClaim | None, cue: Cue) -> bool:
    """Whether a claim of a learned cue model is kept: a learned cue with no claim says
    nothing about earlier claims, and one with no source or with a content of a word or two
    ("considers him smart") is more often narration; so is one whose content no clause,
    quotation or colon marks as reported ("linked the fire to a heater"), unless the model
    is very sure of its cue (cue_seq.UNANCHORED: "has articulated these themes")."""
    if claim is None or claim.source is None:
        return False
    if not claim.anchored and cue.confidence < cue_seq.UNANCHORED:
        return False
    return len(re.findall(r"\w+", claim.content.text)) >= MIN_CONTENT_WORDS


def _merge_verb_claim(
    unit: Unit, claims: list[ExtractedClaim], verb: Token, claim: ExtractedClaim | None
) -> None:
    same = next((c for c in claims if same_claim(claim, c)), None) if claim else None
    if claim and same is None:
        claims.append(claim)
    elif claim and governs_rather(claim, same, verb):
        claims[claims.index(same)] = claim
    elif claim is None and claims and claims[-1].content.end < token_start(unit.offset, verb):
        u = unit
        reattribute(u.text, u.view, u.doc, u.offset, u.end, verb, claims[-1])


def split_background(
    text: str, view: str, doc: Doc, offset: int, claim: ExtractedClaim
) -> ExtractedClaim | None:
    """Cut a trailing ", partiellement occupée par …" off a claim as the author's narration.

    A past participle set off by a comma at the end of reported content describes the
    place or thing before it; the article asserts it, not the speaker.
    """
    window = doc.char_span(
        claim.content.start - offset, claim.content.end - offset, alignment_mode="expand"
    )
    if window is None:
        return None
    tokens = [t for t in window if not t.is_space]
    for n, tok in enumerate(tokens[2:-2], start=2):
        nxt = tokens[n + 1] if tokens[n + 1].pos_ != "ADV" else tokens[n + 2]
        if not (tok.text == "," and "Part" in nxt.morph.get("VerbForm")):
            continue
        if "Past" not in nxt.morph.get("Tense") or any(is_finite(t) for t in tokens[n + 1 :]):
            continue
        # The noun phrase described: the largest one that ends right before the comma.
        head = tokens[n - 1]
        while head.head != head and head.head.right_edge == tokens[n - 1]:
            head = head.head
        if head.pos_ not in {"NOUN", "PROPN"} or head.left_edge.i >= tokens[n - 1].i:
            continue
        first = next((t for t in head.subtree if t.dep_ not in {"case", "mark"}), head)
        background = trimmed_span(text, view, token_start(offset, first), claim.content.end)
        cut = trimmed_span(text, view, claim.content.start, token_start(offset, tok))
        if background is None or cut is None:
            return None
        claim.content = cut
        return ExtractedClaim(content=background, kind="unattributed", sentence=claim.sentence)
    return None


def governs_rather(new: ExtractedClaim, old: ExtractedClaim, verb: Token) -> bool:
    """Of two cues for one proposition, the finite reporting verb that introduces it wins
    over an opinion verb or a participle before it ("je crois pouvoir dire que …",
    "Soulignant …, X précisait que …")."""
    if old.cue is None or new.cue is None or old.cue.start >= new.cue.start:
        return False
    if new.cue.start > new.content.start or old.kind == "according_to":
        return False
    weak = (
        old.cue_lemma in OPINION_VERBS
        or old.participle
        or re.search(r"(?:ant|ing)$", old.cue.text.lower())
    )
    return bool(weak) and verb.lemma_.lower() not in OPINION_VERBS


def same_claim(new: ExtractedClaim, old: ExtractedClaim) -> bool:
    """Two cues for one proposition ("a dit et répété que …"), not a nested attribution.

    A claim reported inside another one ("X a dit que Y affirme que Z") keeps its own row.
    """
    if new.content == old.content or (new.cue and old.cue and overlaps(new.cue, old.cue)):
        return True
    nested = (
        new.cue is not None
        and new.source is not None
        and old.content.start <= new.cue.start < old.content.end
        and (new.kind != "indirect" or new.anchored)
    )
    inner = (
        old.cue is not None
        and new.content.start <= old.cue.start < new.content.end
        and new.content.start <= old.content.start
        and old.content.end <= new.content.end
    )
    return overlaps(new.content, old.content) and not nested and not inner


def narration(
    text: str,
    view: str,
    doc: Doc,
    offset: int,
    start: int,
    end: int,
    tokens: list[Token],
    claims: list[ExtractedClaim],
    sentence: Span,
) -> list[ExtractedClaim]:
    """The author's own statements: the unit, or its part before an attributed claim."""
    if claims:
        first = min(
            min(
                c.content.start,
                c.source.start if c.source else c.content.start,
                c.cue.start if c.cue else c.content.start,
            )
            for c in claims
        )
        region = (start, first)
    else:
        region = (start, end)
    region_tokens = [t for t in tokens if region[0] <= token_start(offset, t) < region[1]]
    # Drop a dangling participle or conjunction that joins the narration to the claim.
    while region_tokens and (
        region_tokens[-1].is_punct
        or region_tokens[-1].pos_ in {"CCONJ", "SCONJ", "ADP", "DET"}
        or "Part" in region_tokens[-1].morph.get("VerbForm")
        and region_tokens[-1].morph.get("Tense") == ["Pres"]
    ):
        region_tokens.pop()
    if not region_tokens:
        return []
    finite = any(is_finite(t) for t in region_tokens)
    words = [t for t in region_tokens if t.is_alpha]
    if not finite or len(words) < 4 or view[end - 1] == "?":
        return []
    last = region_tokens[-1]
    content = trimmed_span(text, view, region[0], token_end(offset, last))
    if content is None:
        return []
    return [
        ExtractedClaim(
            content=content,
            kind="unattributed",
            sentence=sentence,
            entities=entities_in(doc, offset, content.start, content.end),
        )
    ]
