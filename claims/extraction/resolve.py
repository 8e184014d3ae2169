"""Stage 4, resolve: pronouns and groups to claimants, and late speakers."""

import re

from spacy.tokens import Doc, Token

from .claimants import group_role, normalise_claimant, split_role
from .cues import (
    TIME_WORDS,
    cue_span,
)
from .entities import LABELS
from .records import ExtractedClaim, Span
from .spans import token_start, trimmed_span

PERSON_LABELS = {"PER", "PERSON"}


SINGULAR_PRONOUNS = frozenset("he she il elle him her lui".split())


# True: the claimant is the bare name ("Dmitry Peskov") and the role goes to
# `claimant_role` only. Off for now: PolNeAR dev source accuracy falls 0.904 → 0.903 with
# it, from one "he" whose gold source string is the titled form "Retired U.S. Air Force
# Gen. Norman Ham" (the scorer accepts the claimant in place of the source span).
SPLIT_ROLE_FROM_CLAIMANT = False


def name_claimants(claims: list[ExtractedClaim], doc: Doc, offset: int) -> None:
    """Each claim's claimant (its source normalised), the role named with it ("Kremlin
    spokesman Dmitry Peskov": role "Kremlin spokesman", name "Dmitry Peskov"), and
    whether the source names a person (for later pronouns)."""
    people = [
        (offset + e.start_char, offset + e.end_char) for e in doc.ents if e.label_ in PERSON_LABELS
    ]
    for claim in claims:
        claimant = normalise_claimant(claim.source.text if claim.source else None)
        name, claim.claimant_role = split_role(claimant)
        claim.claimant = name if SPLIT_ROLE_FROM_CLAIMANT else claimant
        claim.source_is_person = bool(claim.source) and any(
            s < claim.source.end and claim.source.start < e for s, e in people
        )
        claim.source_label = source_label(claim.source, doc, offset) if claim.source else ""


def source_label(source: Span, doc: Doc, offset: int) -> str:
    """The label (entities.LABELS) of the named entity a source names: the entity of its
    head word ("Kremlin spokesman Dmitry Peskov": person), else the entity that covers
    most of it; "" when no entity overlaps it."""
    window = doc.char_span(source.start - offset, source.end - offset, alignment_mode="expand")
    if window is None:
        return ""
    root = window.root
    if root.ent_type_ in LABELS:
        return LABELS[root.ent_type_]
    best = max(
        (e for e in window.ents if e.label_ in LABELS), key=lambda e: len(e.text), default=None
    )
    return LABELS[best.label_] if best is not None else ""


def resolve_pronoun_speakers(claims: list[ExtractedClaim]) -> None:
    """ "he said" after "Senator Warren said": the claimant is the last person quoted.

    Only singular personal pronouns are resolved, to the nearest earlier claim whose source
    is a named person; the source span stays the pronoun as written.
    """
    last_person: str | None = None
    for claim in claims:
        if claim.source is None:
            continue
        if claim.source_is_person and claim.claimant:
            last_person = claim.claimant
        elif claim.source.text.lower() in SINGULAR_PRONOUNS and last_person:
            claim.claimant = last_person


GROUP_NAME = re.compile(r"(?P<role>.+) of (?P<n>\d+) countries(?P<eu> and the EU)?")


def resolve_group_speakers(claims: list[ExtractedClaim]) -> None:
    """Later mentions of a group of countries take the name of its first, complete mention:
    "les dix pays et l'UE" and "les chefs de la diplomatie" after "les chefs de diplomatie
    de l'Australie, du Canada, … et de l'UE" are all "Foreign ministers of 10 countries and
    the EU"."""
    groups: list[re.Match[str]] = []
    for claim in claims:
        if claim.source is None:
            continue
        named = GROUP_NAME.fullmatch(claim.claimant or "")
        if named:
            earlier = next(
                (
                    g
                    for g in reversed(groups)
                    if g["n"] == named["n"] and bool(g["eu"]) == bool(named["eu"])
                ),
                None,
            )
            if earlier is not None and named["role"] == "Governments":
                claim.claimant = earlier.string
            else:
                groups.append(named)
        elif (role := group_role(claim.source.text)) and groups:
            earlier = next((g for g in reversed(groups) if g["role"] == role), None)
            if earlier is not None:
                claim.claimant = earlier.string


def reattribute(
    text: str, view: str, doc: Doc, offset: int, end: int, verb: Token, claim: ExtractedClaim
) -> None:
    """A reporting clause left on its own after a quote names the real speaker.

    Scraped text can break "“…”, a-t-il ajouté, ont déclaré dans un communiqué les chefs de
    la diplomatie …" into a fragment that opens with the verb. When the quote before it has
    only a pronoun (or no one) as speaker, the named phrase after the verb replaces it.
    """
    before = view[claim.content.end : token_start(offset, verb)]
    opens_fragment = re.search(r"[.!?]\s*(?:[\w'-]+\s+){0,2}$", before)
    if not opens_fragment or normalise_claimant(claim.source.text if claim.source else None):
        return
    i = verb.i + 1
    tokens = doc[i : i + 40]
    k = 0
    # Skip "dans un communiqué", "lundi": prepositional phrases and time words.
    while k < len(tokens):
        tok = tokens[k]
        if tok.is_space or tok.lower_ in TIME_WORDS or tok.pos_ == "ADV":
            k += 1
        elif tok.pos_ == "ADP":
            # One noun phrase after the preposition: "dans un communiqué".
            k += 1
            while k < len(tokens) and tokens[k].pos_ in {"DET", "ADJ", "SPACE"}:
                k += 1
            k += 1
        else:
            break
    if k >= len(tokens) or tokens[k].pos_ not in {"DET", "NOUN", "PROPN"}:
        return
    speaker = trimmed_span(text, view, offset + tokens[k].idx, end)
    if speaker is not None:
        claim.source = speaker
        claim.cue = cue_span(text, offset, verb)
        claim.cue_lemma = verb.lemma_.lower()
