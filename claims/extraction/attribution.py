"""One unit's claims: cues found, roles filled, overlapping claims merged, narration."""

import re

from spacy.tokens import Doc, Token

from .claimants import normalise_claimant
from .cues import (
    NOMINAL_CUES,
    OPINION_VERBS,
    REPORTING_FORMS,
    REPORTING_VERBS,
    according_cues,
    light_verb_phrase,
    verb_read_as_noun,
)
from .entities import entities_in
from .records import ExtractedClaim, Span
from .resolve import PERSON_LABELS, reattribute
from .roles_rules import according_claim, colon_claim, nominal_claim
from .roles_verb import verb_claim
from .spans import overlaps, trimmed_span


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


def unit_claims(
    text: str,
    view: str,
    doc: Doc,
    offset: int,
    start: int,
    end: int,
    quotes: list[tuple[int, int]],
    lang: str,
) -> list[ExtractedClaim]:
    window = doc.char_span(start - offset, end - offset, alignment_mode="expand")
    tokens = [t for t in (window if window is not None else doc) if not t.is_space]
    tokens = [t for t in tokens if start <= offset + t.idx < end]
    if not tokens:
        return []
    sentence = Span(start, end, text[start:end])

    def in_quote(tok: Token) -> bool:
        pos = offset + tok.idx
        return any(q0 < pos < q1 for q0, q1 in quotes)

    claims: list[ExtractedClaim] = []
    used_quotes: set[tuple[int, int]] = set()
    para_end = offset + len(doc.text)
    if view[offset:start].strip(' "') == "" and (
        colon := colon_claim(text, view, tokens, offset, start, para_end)
    ):
        claims.append(colon)
    for cue_tok, cue_end_tok in according_cues(tokens, lang):
        claim = according_claim(text, view, doc, offset, start, end, cue_tok, cue_end_tok)
        if claim:
            claims.append(claim)
    for noun in tokens:
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in NOMINAL_CUES[lang] and not in_quote(noun):
            claim = nominal_claim(text, view, offset, end, noun)
            if claim and not any(same_claim(claim, c) for c in claims):
                claims.append(claim)
    for verb in tokens:
        verbal = verb.pos_ in {"VERB", "AUX", "ADJ"} or verb_read_as_noun(verb, lang)
        if not verbal or in_quote(verb):
            continue
        if (
            verb.lemma_.lower() not in REPORTING_VERBS[lang]
            and verb.lower_ not in REPORTING_VERBS[lang]
            and verb.lower_ not in REPORTING_FORMS[lang]
            and (lang != "fr" or light_verb_phrase(verb) is None)
        ):
            continue
        claim = verb_claim(text, view, doc, offset, start, end, verb, quotes, used_quotes, lang)
        same = next((c for c in claims if same_claim(claim, c)), None) if claim else None
        if claim and same is None:
            claims.append(claim)
        elif claim and governs_rather(claim, same, verb):
            claims[claims.index(same)] = claim
        elif claim is None and claims and claims[-1].content.end < offset + verb.idx:
            reattribute(text, view, doc, offset, end, verb, claims[-1])
    for claim in list(claims):
        if claim.kind != "according_to" and (
            background := split_background(text, view, doc, offset, claim)
        ):
            claims.append(background)
    people = [
        (offset + e.start_char, offset + e.end_char) for e in doc.ents if e.label_ in PERSON_LABELS
    ]
    for claim in claims:
        claim.sentence = sentence
        claim.claimant = normalise_claimant(claim.source.text if claim.source else None)
        claim.source_is_person = bool(claim.source) and any(
            s < claim.source.end and claim.source.start < e for s, e in people
        )
        claim.entities = entities_in(doc, offset, claim.content.start, claim.content.end)
    claims.extend(narration(text, view, doc, offset, start, end, tokens, claims, sentence))
    claims.sort(key=lambda c: c.content.start)
    return claims


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
        if "Past" not in nxt.morph.get("Tense") or any(
            "Fin" in t.morph.get("VerbForm") for t in tokens[n + 1 :]
        ):
            continue
        # The noun phrase described: the largest one that ends right before the comma.
        head = tokens[n - 1]
        while head.head != head and head.head.right_edge == tokens[n - 1]:
            head = head.head
        if head.pos_ not in {"NOUN", "PROPN"} or head.left_edge.i >= tokens[n - 1].i:
            continue
        first = next((t for t in head.subtree if t.dep_ not in {"case", "mark"}), head)
        background = trimmed_span(text, view, offset + first.idx, claim.content.end)
        cut = trimmed_span(text, view, claim.content.start, offset + tok.idx)
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
    region_tokens = [t for t in tokens if region[0] <= offset + t.idx < region[1]]
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
    finite = any(
        "Fin" in t.morph.get("VerbForm")
        or (t.pos_ in {"VERB", "AUX"} and t.tag_ in {"VBD", "VBZ", "VBP"})
        for t in region_tokens
    )
    words = [t for t in region_tokens if t.is_alpha]
    if not finite or len(words) < 4 or view[end - 1] == "?":
        return []
    last = region_tokens[-1]
    content = trimmed_span(text, view, region[0], offset + last.idx + len(last))
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
