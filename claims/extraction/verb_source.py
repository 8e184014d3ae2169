"""Stage 3, roles (rules): who speaks for a reporting verb: a passive's agent, its
subject, or the words before it."""

import re

from spacy.tokens import Token

from .cues import (
    TIME_WORDS,
)
from .cues_fr import clitic_subject_after
from .records import Span
from .spans import (
    overlaps,
    token_end,
    token_start,
)
from .syntax import (
    IMPERSONAL,
    PASSIVE_SUBJECT_DEPS,
    RELATIVE_CLAUSE_DEPS,
    RELATIVE_PRONOUNS,
    subject_of,
)
from .verb_reading import VerbReading


def find_source(r: VerbReading) -> Span | None:
    """Who speaks: a passive's agent, the subject, or the words before the verb."""
    source = _agent_source(r)
    if r.subject_words:
        source = r.tokens(r.subject_words)
    elif r.subject is not None:
        source = _subject_source(r)
    if r.unit.lang == "fr" and (pronoun := clitic_subject_after(r.verb)) is not None:
        # "précise-t-on", "note-t-elle": an inverted clitic is the subject, whatever the parse.
        source = r.span(r.unit.offset + pronoun[0], r.unit.offset + pronoun[1]) or source
    if source is None and r.gerund:
        source = _earlier_speaker(r)
    start = r.unit.start
    closes_quote = r.quote_comma >= 0 and r.content.end <= start + r.quote_comma + 2
    if source is None and r.after_comma and not r.gerund and closes_quote:
        # “…,” Flynn, a top Trump surrogate, said: the speaker is what stands between.
        source = r.span(start + r.quote_comma + 2, r.cue.start)
    return source


def _agent_source(r: VerbReading) -> Span | None:
    """ "Il a été annoncé par le ministère que …", "was announced by the ministry": the
    agent of a passive reporting verb speaks (and the subject is then nobody's)."""
    verb, subject = r.verb, r.subject
    agent = next((c for c in verb.children if c.dep_ in {"obl:agent", "agent"}), None)
    if agent is not None and agent.dep_ == "agent":
        agent = next((c for c in agent.children if c.dep_ == "pobj"), None)
    # "qui n'est jamais cité par la Banque": with a passive auxiliary, any subject is the
    # passive's, whatever label the parser gave it.
    passive = any(c.dep_ == "aux:pass" for c in verb.children)
    if agent is None or not (
        subject is None
        or passive
        or subject.dep_ in PASSIVE_SUBJECT_DEPS
        or subject.lower_ in IMPERSONAL
    ):
        return None
    r.subject = None
    source = r.tokens([t for t in agent.subtree if t.dep_ != "case" and not t.is_space])
    return None if source is not None and overlaps(source, r.content) else source


def _subject_source(r: VerbReading) -> Span | None:
    verb, subject, unit, content = r.verb, r.subject, r.unit, r.content
    # The noun a relative clause hangs on speaks, up to its relative pronoun.
    stop = r.end
    if verb.dep_ in RELATIVE_CLAUSE_DEPS and subject.i == verb.head.i:
        # "The senator, who": the noun and the pronoun that stands for it.
        pronoun = next((c for c in verb.children if c.lower_ in RELATIVE_PRONOUNS), None)
        stop = (
            token_end(unit.offset, pronoun) if pronoun else token_start(unit.offset, verb.left_edge)
        )
    source = r.subtree(subject, stop)
    coordinated = source and re.search(
        r"(?:[A-ZÀ-Ý][\w'-]*\s*,\s*)*[A-ZÀ-Ý][\w'-]*\s+(?:et|and)\s+$",
        unit.view[unit.start : source.start],
    )
    if coordinated and source.text[:1].isupper():
        # "Washington et Séoul ont affirmé": names the parser left out of the subject.
        source = r.span(unit.start + coordinated.start(), source.end)
    first = subject.doc[subject.left_edge.i - 1] if subject.left_edge.i > 0 else None
    if source and first is not None and _first_name_left_out(first, subject):
        # "Marine Le Pen a dit": the parser took the first name for a noun of its own.
        source = r.span(token_start(unit.offset, first), source.end)
    inside_split = r.split_pair is not None and source and source.end <= r.split_pair[0]
    if source and overlaps(source, content) and not inside_split:
        # Keep only the part of the speaker's phrase before the content starts.
        return r.span(source.start, content.start) if source.start < content.start else None
    return source


def _first_name_left_out(word: Token, subject: Token) -> bool:
    return (
        subject.ent_type_ == "PER"
        and word.ent_type_ in {"", "PER"}
        and word.is_title
        and word.pos_ in {"NOUN", "PROPN"}
        and word.lower_ not in TIME_WORDS
        and word.head != subject.head
    )


def _earlier_speaker(r: VerbReading) -> Span | None:
    """ "Trump said, adding later, “NATO is …”": the parser took a word of the quotation
    for the participle's subject; the verb just before it has the speaker."""
    verb, offset = r.verb, r.unit.offset
    for prev in reversed(verb.doc[max(0, verb.i - 6) : verb.i]):
        main = subject_of(prev) if prev.pos_ == "VERB" else None
        if main is not None and main.i < prev.i and token_start(offset, main) < r.content.start:
            return r.subtree(main, token_start(offset, prev))
    return None
