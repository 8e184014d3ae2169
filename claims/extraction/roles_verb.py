"""Stage 3, roles (rules): source and content of a reporting verb (the reading is in
`verb_reading`, incises in `verb_incise`, contents in `verb_content`, speakers in
`verb_source`)."""

import re

from spacy.tokens import Token

from .cues import (
    cue_span,
    light_verb_phrase,
)
from .records import MIN_CONTENT_WORDS, ExtractedClaim, Span, Unit
from .segment import speech_kind
from .spans import (
    PUNCT_EDGE,
    token_end,
    token_start,
)
from .syntax import (
    RELATIVE_CLAUSE_DEPS,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    is_finite,
    noun_phrase_before,
    subject_of,
)
from .verb_content import find_content, reported_before
from .verb_incise import incise_claim
from .verb_reading import VerbReading, closed_quote_end, subject_alone_after_comma
from .verb_source import find_source


def verb_claim(unit: Unit, verb: Token) -> ExtractedClaim | None:
    """Source and content of one reporting verb, or None when it reports nothing here."""
    r = _read(unit, verb)
    incise = incise_claim(r)
    if incise is not None:
        return incise
    _settle_postposed(r)
    r.content = find_content(r)
    if r.content is not None and r.split_pair is not None and r.content.start < r.split_pair[0]:
        r.content = r.span(r.content.start, r.split_pair[1] + 1) or r.content
    fewest = MIN_CONTENT_WORDS
    if r.reported_noun or (not r.anchored and r.subject is not None):
        fewest = 1
    elif r.postposed and r.subject is not None:
        fewest = 2  # "Rents rose, he said."
    if r.content is None or len(re.findall(r"\w+", r.content.text)) < fewest:
        return None
    if not _settle_subject(r):
        return None
    return _claim(r, find_source(r))


def _read(unit: Unit, verb: Token) -> VerbReading:
    """The cue span, the subject the parse gives, and where the verb stands in the unit."""
    cue = cue_span(unit.text, unit.offset, verb)
    end = unit.end
    if verb.dep_ in RELATIVE_CLAUSE_DEPS and any(
        c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS for c in verb.children
    ):
        # "The senator, who said that the bill would pass, left early": the content ends
        # with the relative clause.
        end = min(end, token_end(unit.offset, verb.right_edge))
    # A subject pronoun placed between the comma and the verb ("…, he said") also counts.
    subject = subject_of(verb)
    phrase = light_verb_phrase(verb) if unit.lang == "fr" else None
    if subject is None and phrase is not None and verb.head == phrase:
        # "j'ai décidé et fait savoir que": the parser hangs "fait" on "savoir".
        subject = subject_of(phrase)
    before_cue = unit.view[unit.start : cue.start]
    r = VerbReading(unit, verb, cue, end, before_cue, subject, phrase)
    _place(r)
    return r


def _place(r: VerbReading) -> None:
    """Is the verb set after a comma (or a closing quotation) that ends its content?"""
    before = r.before_cue
    # Up to three words between the comma and the verb, titles included ("Mr. Obama"), or
    # a longer subject alone ("…, one West Virginia official said").
    after_comma = (
        bool(re.search(r",\s*\"?\s*(?:(?:[A-Z][a-z]{0,3}\.|[\w'-]+)\s+){0,3}$", before))
        or subject_alone_after_comma(r)
    ) and bool(before.strip(PUNCT_EDGE))
    # “…,” Senate Majority Leader Mitch McConnell, R-Ky., said: the quotation closes with a
    # comma (or its own "?" or "!"), and a speaker of any length (no new quotation) stands
    # before the verb.
    quote_comma = max(before.rfind(',"'), before.rfind('?"'), before.rfind('!"'))
    speaker_words = before[quote_comma + 2 :].split() if quote_comma >= 0 else []
    if quote_comma >= 0 and '"' not in before[quote_comma + 2 :] and len(speaker_words) <= 25:
        after_comma = bool(before[:quote_comma].strip(PUNCT_EDGE))
    r.after_comma, r.quote_comma = after_comma, quote_comma
    r.cut = quote_comma if quote_comma >= 0 and after_comma else before.rfind(",")
    closed = closed_quote_end(r)
    if closed is not None and not after_comma:
        # "« Quelle victoire ! » s'est exclamé le maire": the quotation ends the content.
        r.after_comma, r.cut = True, closed
    # "…, adding later, “…”": a present participle introduces what follows it.
    morph = r.verb.morph
    r.gerund = r.verb.tag_ == "VBG" or (
        "Part" in morph.get("VerbForm") and "Pres" in morph.get("Tense")
    )
    r.postposed = r.after_comma and not r.gerund


def _settle_postposed(r: VerbReading) -> None:
    """Does the content stand before the verb ("…, ont prévenu les États-Unis")?"""
    unit, verb, subject = r.unit, r.verb, r.subject
    quoted = subject is not None and unit.in_quote(subject)
    if r.postposed and subject is not None and subject.i < verb.i and subject.head == verb:
        # "Douglas Brinkley, a historian …, recalled": what precedes is the speaker (not
        # the subject of another clause the verb is coordinated with).
        lead = unit.view[unit.start : token_start(unit.offset, subject.left_edge)]
        # A subject inside the quotation before the verb is the parser's mistake.
        r.postposed = quoted or bool(lead.strip(PUNCT_EDGE))
    if r.postposed and r.quote_comma < 0 and re.match(r'\s*[,:]?\s*"', r.rest):
        # "Asked about the bomb, Clinton said, “I think …”": no quotation closes before
        # the speaker and one opens after the verb; that one is the content.
        r.postposed = False
    if r.postposed:
        comma = unit.start + r.cut
        r.postposed = reported_before(
            unit.doc, unit.view, unit.offset, unit.start, comma, verb, unit.lang
        )
    # A quotation split by its reporting clause: “A,” he said, “B.” / “A,” he said, but “B.”
    if r.postposed:
        follow = re.match(r'\s*(?:[\w\s.\'-]{0,30}?)\s*,\s*(?:(?:but|and|mais|et)\s+)?"', r.rest)
        if follow:
            opening = r.cue.end + follow.end() - 1
            r.split_pair = next((q for q in unit.quotes if q[0] == opening), None)


def _settle_subject(r: VerbReading) -> bool:
    """The subject when the parse gave none; False when the content vanishes."""
    verb, unit, content = r.verb, r.unit, r.content
    if r.subject is None and not r.postposed and is_finite(verb):
        r.subject = noun_phrase_before(verb)
    # "Tout en déclarant que …, le ministre …": a French gerund opens the sentence too.
    lead = r.before_cue.strip(PUNCT_EDGE)
    opening = r.gerund and (not lead or (unit.lang == "fr" and GERUND_LEAD.fullmatch(lead)))
    if not opening or (
        r.subject is not None and token_start(unit.offset, r.subject) < content.start
    ):
        return True
    # "Estimant que le texte était incomplet, les députés ont demandé …": an opening
    # participle speaks for the subject of the clause after its own.
    comma = next((t for t in unit.doc[verb.i + 1 :] if t.text == ","), None)
    after = unit.doc[comma.i + 1 : comma.i + 12] if comma is not None else []
    main = next((t for t in after if t.dep_ in SUBJECT_DEPS and t.head.i > t.i), None)
    if main is not None and token_start(unit.offset, comma) < r.end:
        r.subject = main
        r.content = r.span(content.start, min(content.end, token_start(unit.offset, comma)))
        return r.content is not None
    return True


def _claim(r: VerbReading, source: Span | None) -> ExtractedClaim:
    unit, verb, content = r.unit, r.verb, r.content
    for pair in unit.quotes:
        if content.start <= pair[0] and pair[1] < content.end:
            unit.used_quotes.add(pair)
    kind = "direct" if r.split_pair is not None else speech_kind(unit.view, content, unit.quotes)
    return ExtractedClaim(
        content=content,
        kind=kind,
        sentence=Span(unit.start, r.end, unit.text[unit.start : r.end]),
        source=source,
        cue=r.cue,
        anchored=r.anchored,
        cue_lemma=verb.lemma_.lower(),
        participle=(verb.tag_ in {"VBN", "VBG"} or "Part" in verb.morph.get("VerbForm"))
        and not any(c.dep_.startswith("aux") for c in verb.children),
    )


GERUND_LEAD = re.compile(r"(?:tout\s+)?en", re.I)
