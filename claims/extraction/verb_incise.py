"""Stage 3, roles (rules): a reporting clause set inside its content ("…, dit cette
délégation, …", "The plant, it said, will close"), whose content is both sides."""

import re

from spacy.tokens import Token

from .cues_fr import clitic_subject_after
from .records import ExtractedClaim, Span
from .segment import speech_kind
from .spans import (
    PUNCT_EDGE,
    token_start,
)
from .syntax import (
    PARTICIPLE_ENDING,
    PRESENT_OR_PARTICIPLE,
    SUBJECT_DEPS,
)
from .verb_reading import VerbReading


def incise_claim(r: VerbReading) -> ExtractedClaim | None:
    """A reporting clause set inside its content names a speaker the parse may miss."""
    unit, rest = r.unit, r.rest
    speaker = whole = None
    if unit.lang == "fr":
        speaker, whole = _comme_subject_incise(r)
    if speaker and whole:
        pass
    elif re.fullmatch(r"\s*(?:comme|ainsi que|as)\s+(?:l'|le\s+|la\s+)?", r.before_cue, re.I) and (
        "," in rest
    ):
        # "Comme l'a souligné M. Dupont, le projet manque de financement": the speaker
        # stands between the verb and the comma, the content after it.
        comma = r.cue.end + rest.index(",")
        speaker, whole = r.span(r.cue.end, comma), r.span(comma + 1, r.end)
    elif unit.lang == "fr" and not re.match(r"\s*(?:que|qu'|qu)\b", rest):
        # « Le programme …, dit cette délégation, ne suffit pas »: the reporting clause
        # interrupts its content, which is the whole sentence.
        clitic = _clitic_subject(r.verb)
        pronoun = clitic_subject_after(r.verb)
        if pronoun is None and clitic is not None:
            pronoun = (clitic.idx, clitic.idx + len(clitic))
        # "…, affirme-t-on au ministère, …": the clause closes with a comma.
        clause_end = re.match(r"\s*(?:-[\w-]+)?(?:\s*[^\W\d_][\w'.-]*+){0,5}\s*,\s*\S", rest)
        if pronoun is not None and r.after_comma and clause_end:
            # "Le gouvernement, a-t-il précisé, ne reculera pas", "…, note-t-elle, …": the
            # subject is a clitic.
            whole = r.span(unit.start, r.end)
            speaker = r.span(unit.offset + pronoun[0], unit.offset + pronoun[1])
        elif _interrupts(r):
            whole = r.span(unit.start, r.end)
            speaker = r.span(r.cue.end, r.cue.end + rest.index(","))
    elif unit.lang == "en" and _english_incise(r):
        # "The plant, it said, will close in March": the clause around the reporting
        # clause is the content.
        whole = r.span(unit.start, r.end)
        speaker = r.subtree(r.subject, r.cue.start)
    if not (speaker and whole):
        return None
    return ExtractedClaim(
        content=whole,
        kind=speech_kind(unit.view, whole, unit.quotes),
        sentence=Span(unit.start, r.end, unit.text[unit.start : r.end]),
        source=speaker,
        cue=r.cue,
        cue_lemma=r.verb.lemma_.lower(),
    )


def _english_incise(r: VerbReading) -> bool:
    """ "X, it said, Y": a subject and its verb alone between two commas, the clause
    going on after the second one."""
    subject, unit = r.subject, r.unit
    if not r.after_comma or subject is None or subject.i > r.verb.i or r.quote_comma >= 0:
        return False  # “A,” he said, “B” is a quotation split by its reporting clause
    if token_start(unit.offset, subject.left_edge) < unit.start + r.cut:
        return False
    # "…, it said in a statement, …": a few words may follow the verb.
    goes_on = re.match(r"[^,.;:!?\"“”]{0,30},\s*[a-z]", r.rest)
    if not goes_on or not unit.view[unit.start : unit.start + r.cut].strip(PUNCT_EDGE):
        return False
    # "…, the minister said, citing new data": a participle goes on with the speaker.
    at = r.cue.end + goes_on.end() - 1
    following = next((t for t in unit.tokens if token_start(unit.offset, t) >= at), None)
    return following is not None and following.tag_ not in {"VBG", "VBN"}


# "…, comme le représentant du Conseil l'a précisé, …": "comme", the subject, the object
# clitic that stands for the message, then the verb.
COMME_INCISE = re.compile(
    r"(?:^|[,;(])\s*(?:comme|ainsi que)\s+((?:[^\s,;]+\s+){1,8}?)l'\s*$", re.I
)


def _comme_subject_incise(r: VerbReading) -> tuple[Span | None, Span | None]:
    """(speaker, content) of "comme X l'a précisé": the content is the "que" clause after
    the incise ("…, que le texte pose un problème"), the sentence it interrupts ("Il n'y a
    plus, comme on l'a dit, de concurrence"), or the clause before or after it."""
    match = COMME_INCISE.search(r.before_cue)
    if match is None:
        return None, None
    start = r.unit.start
    speaker = r.span(start + match.start(1), start + match.end(1))
    before = r.span(start, start + match.start())
    after = re.match(r"[^,]{0,40},\s*((?:que\b|qu')?)", r.rest)
    later = r.span(r.cue.end + after.end(), r.end) if after is not None else None
    if later is not None and (before is None or after.group(1)):
        return speaker, later
    if later is not None:
        return speaker, r.span(start, r.end)
    return speaker, before


def _clitic_subject(verb: Token) -> Token | None:
    """The "-il" of "a-t-il précisé"."""
    return next(
        (
            c
            for c in verb.children
            if c.dep_ in SUBJECT_DEPS and re.fullmatch(r"-(?:t-)?\w+", c.text) and c.lower_ != "-t"
        ),
        None,
    )


def _interrupts(r: VerbReading) -> bool:
    """ "…, dit cette délégation, …": a finite verb after a comma, its subject after it and
    a comma after that."""
    # Possessive: a word is never re-split while backtracking (which took seconds a page).
    if not r.after_comma or not re.match(r"\s*(?:[^\W\d_][\w'.-]*+\s*){1,6},\s*\S", r.rest):
        return False
    verb, subject, unit = r.verb, r.subject, r.unit
    # The parser may take the interrupted clause's subject for the verb's: one that sits
    # before the comma is not the speaker.
    inverted = (
        subject is None
        or subject.i > verb.i
        or token_start(unit.offset, subject) < unit.start + r.cut
    )
    if not inverted:
        return False
    # "…, comme devait conclure Roger Thiriot, …": a modal carries the tense.
    # "…, dit cette délégation, …": "dit" read as a participle is the verb when its
    # subject follows it (not "Le texte, publié le mois dernier, …").
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    # "…, a indiqué M. X, …": an auxiliary makes the participle a finite clause.
    auxiliary = any(c.dep_.startswith("aux") and c.i < verb.i for c in verb.children)
    return (
        not ({"Part", "Inf"} & set(verb.morph.get("VerbForm")))
        or auxiliary
        or bool(re.search(r",\s*comme\s+(?:[\w'-]+\s+){0,2}$", r.before_cue))
        or (
            (verb.lower_ in PRESENT_OR_PARTICIPLE or not PARTICIPLE_ENDING.search(verb.lower_))
            and following is not None
            and following.pos_ in {"DET", "PRON", "PROPN"}
        )
    )
