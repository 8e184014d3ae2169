"""Stage 3, roles (rules): source and content of a reporting verb."""

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .cues import (
    CALL_TO_ACTION,
    COMPLEMENTISERS,
    REPORTING_VERBS,
    TIME_WORDS,
    cue_span,
    light_verb_phrase,
)
from .cues_fr import clitic_subject_after, noun_phrase_after, without_euphonic_t
from .records import MIN_CONTENT_WORDS, ExtractedClaim, Span, Unit
from .segment import speech_kind
from .spans import (
    PUNCT_EDGE,
    overlaps,
    subtree_span,
    token_end,
    token_start,
    tokens_span,
    trimmed_span,
)
from .syntax import (
    ADDRESSEE_VERBS,
    CLAUSE_DEPS,
    IMPERSONAL,
    OBJECT_DEPS,
    PARTICIPLE_ENDING,
    PASSIVE_SUBJECT_DEPS,
    PRESENT_OR_PARTICIPLE,
    RELATIVE_CLAUSE_DEPS,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    inverted_subject,
    is_finite,
    noun_phrase_before,
    passive_subject,
    reported_noun_phrase,
    subject_of,
)


@dataclass(slots=True)
class _Reading:
    """What is known of one reporting verb while its source and content are found."""

    unit: Unit
    verb: Token
    cue: Span
    # The unit's end, or the end of the relative clause the verb heads.
    end: int
    before_cue: str
    subject: Token | None
    phrase: Token | None
    after_comma: bool = False
    quote_comma: int = -1
    cut: int = -1
    gerund: bool = False
    postposed: bool = False
    anchored: bool = True
    reported_noun: bool = False
    split_pair: tuple[int, int] | None = None
    content: Span | None = None
    # The speaker's words when the parse gives no subject token for them.
    subject_words: list[Token] | None = None

    @property
    def rest(self) -> str:
        """The unit's text after the cue."""
        return self.unit.view[self.cue.end : self.end]

    def span(self, start: int, end: int) -> Span | None:
        return trimmed_span(self.unit.text, self.unit.view, start, end)

    def tokens(self, tokens: Sequence[Token]) -> Span | None:
        return tokens_span(self.unit.text, self.unit.view, self.unit.offset, tokens)

    def subtree(self, tok: Token, stop: int) -> Span | None:
        return subtree_span(self.unit.text, self.unit.view, self.unit.offset, tok, stop)


def verb_claim(unit: Unit, verb: Token) -> ExtractedClaim | None:
    """Source and content of one reporting verb, or None when it reports nothing here."""
    r = _read(unit, verb)
    incise = _incise_claim(r)
    if incise is not None:
        return incise
    _settle_postposed(r)
    r.content = _content(r)
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
    return _claim(r, _source(r))


def _read(unit: Unit, verb: Token) -> _Reading:
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
    r = _Reading(unit, verb, cue, end, before_cue, subject, phrase)
    _place(r)
    return r


def _place(r: _Reading) -> None:
    """Is the verb set after a comma (or a closing quotation) that ends its content?"""
    before = r.before_cue
    # Up to three words between the comma and the verb, titles included ("Mr. Obama"), or
    # a longer subject alone ("…, one West Virginia official said").
    after_comma = (
        bool(re.search(r",\s*\"?\s*(?:(?:[A-Z][a-z]{0,3}\.|[\w'-]+)\s+){0,3}$", before))
        or _subject_alone_after_comma(r)
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
    closed = _closed_quote_end(r)
    if closed is not None and not after_comma:
        # "« Quelle victoire ! » s'est exclamé le maire": the quotation ends the content.
        r.after_comma, r.cut = True, closed
    # "…, adding later, “…”": a present participle introduces what follows it.
    morph = r.verb.morph
    r.gerund = r.verb.tag_ == "VBG" or (
        "Part" in morph.get("VerbForm") and "Pres" in morph.get("Tense")
    )
    r.postposed = r.after_comma and not r.gerund


def _closed_quote_end(r: _Reading) -> int | None:
    """French: where a quotation closes right before the verb (its auxiliary and a
    reflexive clitic aside), with no comma, as an offset from the unit's start."""
    if r.unit.lang != "fr":
        return None
    before = r.before_cue
    match = re.search(r'"\s*(?:[sm]\'|se\s+)?$', before)
    if not match or before.count('"') % 2 or not before[: match.start()].strip(PUNCT_EDGE):
        return None
    return match.start() + 1


def _incise_claim(r: _Reading) -> ExtractedClaim | None:
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


def _english_incise(r: _Reading) -> bool:
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


def _comme_subject_incise(r: _Reading) -> tuple[Span | None, Span | None]:
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


def _interrupts(r: _Reading) -> bool:
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


def _subject_alone_after_comma(r: _Reading) -> bool:
    """Between the last comma and the verb stand only its subject and adverbs."""
    comma = r.before_cue.rfind(",")
    if r.subject is None or comma < 0 or r.subject.i > r.verb.i:
        return False
    if r.subject.lower_ in RELATIVE_PRONOUNS:
        return False  # "…, qui exprime …": a relative clause, its content after the verb
    start = r.unit.start + comma + 1
    between = [
        t
        for t in r.unit.tokens
        if token_start(r.unit.offset, t) >= start and t.i < r.verb.i and not t.is_space
    ]
    subtree = {t.i for t in r.subject.subtree}
    return bool(between) and all(
        t.i in subtree or t.pos_ in {"ADV", "AUX"} or t.is_quote for t in between
    )


def _settle_postposed(r: _Reading) -> None:
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


def _content(r: _Reading) -> Span | None:
    """The first content found, from the most to the least telling kind."""
    for find in (
        _postposed_content,
        _colon_content,
        _complement_content,
        _clause_content,
        _quote_content,
        _topic_content,
        _condition_content,
        _noun_content,
        _object_content,
    ):
        content = find(r)
        if content is not None:
            return content
    return None


def _postposed_content(r: _Reading) -> Span | None:
    verb, unit = r.verb, r.unit
    if not r.postposed or (
        r.split_pair is None and any(c.dep_ in CLAUSE_DEPS and c.i > verb.i for c in verb.children)
    ):
        return None
    content = r.span(unit.start, unit.start + r.cut)
    # The parser often takes a word of the preceding content as the subject; the
    # speaker of a postposed cue comes after it ("…, ont prévenu lundi les États-Unis").
    if r.subject is None or (content and token_start(unit.offset, r.subject) < content.end):
        r.subject = inverted_subject(verb)
        if r.subject is None and unit.lang == "fr" and (after := noun_phrase_after(verb)):
            # A verb the tagger read as a noun has no subject in the parse.
            r.subject = after[0]
            r.subject_words = after
    return content


def _colon_content(r: _Reading) -> Span | None:
    # Titles' periods ("M. Sakellariou") do not end the reporting clause.
    colon = re.match(r"[^.!?:]{0,60}:", re.sub(r"\b([A-Z][a-z]{0,3})\.", r"\1_", r.rest))
    if not colon:
        return None
    # "ce qu'a dit M. Sakellariou : la communauté …", "the Times reports:" – the
    # content follows the colon, or is the next paragraph when the line ends there.
    return r.span(r.cue.end + colon.end(), r.end) or next_paragraph(r.unit.text, r.unit.view, r.end)


def _complement_content(r: _Reading) -> Span | None:
    u = r.unit
    return complement_clause(u.text, u.view, u.doc, u.offset, r.end, r.verb, u.lang)


def _clause_content(r: _Reading) -> Span | None:
    """The clause the verb governs after it (ccomp, xcomp…)."""
    verb, offset = r.verb, r.unit.offset
    clause = next((c for c in verb.children if c.dep_ in CLAUSE_DEPS and c.i > verb.i), None)
    if clause is None:
        return None
    if clause.pos_ in {"ADJ", "NOUN"}:
        # "se déclare incompétent pour instruire le cas": a predicative complement
        # runs on through what the verb governs after it, to the next comma.
        last = clause.right_edge
        for tok in verb.doc[clause.right_edge.i + 1 : verb.right_edge.i + 1]:
            if tok.text in ",;:":
                break
            last = tok
        return r.span(token_start(offset, clause.left_edge), token_end(offset, last))
    if (passive := passive_subject(verb)) is not None:
        # "Une jeune fille … était signalée disparue": who is said to be what.
        last = clause.right_edge
        return r.span(token_start(offset, passive.left_edge), token_end(offset, last))
    return r.subtree(clause, r.end)


def _quote_content(r: _Reading) -> Span | None:
    u = r.unit
    return nearest_quote(u.text, u.view, r.verb, u.offset, u.quotes, u.used_quotes, u.lang)


def _topic_content(r: _Reading) -> Span | None:
    """ "talked about the economy", "warned against cuts", "commented on the poll"."""
    verb = r.verb
    prep = next(
        (
            c
            for c in verb.children
            if c.i > verb.i and c.dep_ == "prep" and c.lower_ in TOPIC_PREPOSITIONS
        ),
        None,
    )
    if prep is None or not any(t.dep_ == "pobj" for t in prep.children):
        return None
    # "what he was talking about": the object can stand before the preposition.
    r.anchored = False
    return r.tokens([t for t in prep.subtree if t.i > prep.i and not t.is_space])


def _condition_content(r: _Reading) -> Span | None:
    # Leaflets: "Prévenez votre médecin si vous présentez …", "Si vous remarquez …,
    # veuillez en informer votre médecin": what is to be reported is the si-clause.
    verb, u = r.verb, r.unit
    if u.lang != "fr" or (verb.lemma_.lower() not in TELL_WHEN and light_verb_phrase(verb) is None):
        return None
    return condition_clause(u.text, u.view, u.doc, u.offset, u.start, r.end)


def _noun_content(r: _Reading) -> Span | None:
    # French only: English news uses these for events ("the plan announced Monday").
    if r.unit.lang != "fr" or not (noun_phrase := reported_noun_phrase(r.verb)):
        return None
    # "le montant que le commissaire annoncerait", "les cas rapportés", "des cas …
    # ont été rapportés": what is reported is the noun the verb describes.
    content = r.tokens(noun_phrase)
    r.reported_noun = content is not None
    return content


def _object_content(r: _Reading) -> Span | None:
    """No clause, quote or postposed content: what the verb governs after it ("Kiev a
    indiqué lundi l'envoi de renforts", "effets rapportés chez …").

    A unit that opens with the verb is a scraping fragment: its content went before.
    """
    before = r.before_cue
    if not before.strip() or before.rstrip()[-1] in ".!?":
        return None
    after = _governed_words(r)
    if not after or _circumstance(r, after):
        return None
    # "fait état de …" is a reporting phrase; other verbs' objects are weaker.
    r.anchored = r.phrase is not None
    return r.tokens(after)


def _governed_words(r: _Reading) -> list[Token]:
    verb, phrase, doc = r.verb, r.phrase, r.unit.doc
    if phrase is not None:
        right = max(verb.right_edge.i, phrase.right_edge.i)
        return [t for t in doc[phrase.i + 1 : right + 1] if not t.is_space]
    # Not a coordinated reporting verb's words: "crie au scandale et affirme que …".
    joined = min(
        (
            c.left_edge.i
            for c in verb.rights
            if c.dep_ == "conj" and c.lemma_.lower() in REPORTING_VERBS[r.unit.lang]
        ),
        default=len(doc),
    )
    # Nor the agent of a passive ("was criticized by the governor as reckless"), nor
    # whom one tells ("told the Post Thursday").
    skip = {"agent", "obl:agent"}
    if verb.lemma_.lower() in ADDRESSEE_VERBS:
        skip |= {"dobj", "dative", "iobj"}
    by = {t.i for c in verb.rights if c.dep_ in skip for t in c.subtree}
    return [t for t in verb.subtree if verb.i < t.i < joined and not t.is_space and t.i not in by]


def _circumstance(r: _Reading, after: list[Token]) -> bool:
    """Words that say when, where or how long, not what: "told the Post Thursday",
    "spoke for about five minutes", "a group known as Fancy Bear"."""
    if all(t.lower_ in TIME_WORDS or t.is_punct or t.like_num for t in after):
        return True
    if r.unit.lang != "en":
        return False
    verb = r.verb
    lemma = verb.lemma_.lower()
    inside = {t.i for t in after}
    return all(
        c.is_punct
        or c.dep_ in {"npadvmod", "advmod"}
        or (
            c.dep_ == "prep"
            and c.lower_ not in TOPIC_PREPOSITIONS
            # "criticized … as reckless", but not "a group known as Fancy Bear"
            and not (c.lower_ == "as" and lemma != "know")
            # "called for new tariffs", "asked for help" (not "spoke for an hour")
            and not (c.lower_ == "for" and lemma in CALL_TO_ACTION)
        )
        for c in verb.children
        if c.i in inside
    )


def _settle_subject(r: _Reading) -> bool:
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


def _source(r: _Reading) -> Span | None:
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
    if source is not None and r.unit.lang == "fr":
        # "précise-t-on": the speaker is "on", not "t-on".
        source = r.span(*without_euphonic_t(source.start, source.end, r.unit.view)) or source
    return source


def _agent_source(r: _Reading) -> Span | None:
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


def _subject_source(r: _Reading) -> Span | None:
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


def _earlier_speaker(r: _Reading) -> Span | None:
    """ "Trump said, adding later, “NATO is …”": the parser took a word of the quotation
    for the participle's subject; the verb just before it has the speaker."""
    verb, offset = r.verb, r.unit.offset
    for prev in reversed(verb.doc[max(0, verb.i - 6) : verb.i]):
        main = subject_of(prev) if prev.pos_ == "VERB" else None
        if main is not None and main.i < prev.i and token_start(offset, main) < r.content.start:
            return r.subtree(main, token_start(offset, prev))
    return None


def _claim(r: _Reading, source: Span | None) -> ExtractedClaim:
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


TELL_WHEN = frozenset("informer prévenir prevenir avertir signaler".split())


def condition_clause(
    text: str, view: str, doc: Doc, offset: int, start: int, end: int
) -> Span | None:
    mark = next(
        (
            t
            for t in doc
            if start <= token_start(offset, t) < end
            and t.lower_ in {"si", "s'"}
            and t.dep_ == "mark"
        ),
        None,
    )
    if mark is None:
        return None
    clause = [t for t in mark.head.subtree if t.i > mark.i and not t.is_space]
    return tokens_span(text, view, offset, clause)


def next_paragraph(text: str, view: str, end: int) -> Span | None:
    match = re.compile(r"\s*([^\n]+)").match(view, end)
    return trimmed_span(text, view, match.start(1), match.end(1)) if match else None


TOPIC_PREPOSITIONS = frozenset("about of on against over sur contre".split())


SUBORDINATORS = frozenset(
    """although though while when whenever if because as after before since unless until
    once whereas quand lorsque lorsqu si s' bien alors tandis puisque comme avant après
    depuis parce pendant""".split()
)


def reported_before(
    doc: Doc, view: str, offset: int, start: int, comma: int, verb: Token, lang: str
) -> bool:
    """Is the text before "…, said X" reported content, not an adverbial or the speaker?

    It must be a clause (a finite verb) or a quotation, and not a subordinate clause
    ("Although …, they criticised …"). In English a reporting verb placed after its
    content takes no direct object ("…, cited problems" is not "…, he said").
    """
    region = [t for t in doc if start <= token_start(offset, t) < comma and not t.is_space]
    if not region or region[0].lower_ in SUBORDINATORS:
        return False
    if lang == "en" and any(c.dep_ == "dobj" and c.i > verb.i for c in verb.children):
        return False
    quoted = '"' in view[max(0, start - 1) : comma + 1]
    finite = any(is_finite(t) for t in region)
    return quoted or finite


def complement_clause(
    text: str, view: str, doc: Doc, offset: int, end: int, verb: Token, lang: str
) -> Span | None:
    """Content introduced by que/qu'/that within a few tokens after the verb."""
    for tok in doc[verb.i + 1 : verb.i + 6]:
        low = tok.lower_.replace("'", "'")
        if low in COMPLEMENTISERS[lang] or (lang == "fr" and low.startswith("qu'")):
            s = token_end(offset, tok)
            return trimmed_span(text, view, s, end)
        if tok.is_punct and tok.text in ".;:!?":
            break
        if (
            tok.dep_ == "conj"
            and tok.head == verb
            and any(c.dep_ in OBJECT_DEPS and c.i < tok.i for c in verb.children)
        ):
            # "crie au scandale et affirme que …": the clause is the second verb's.
            break
    return None


def nearest_quote(
    text: str,
    view: str,
    verb: Token,
    offset: int,
    quotes: list[tuple[int, int]],
    used: set[tuple[int, int]],
    lang: str,
) -> Span | None:
    pos = token_start(offset, verb)
    candidates = [
        q for q in quotes if q not in used and len(re.findall(r"\w+", view[q[0] : q[1]])) >= 3
    ]
    if not candidates:
        return None
    after = [q for q in candidates if q[0] > pos]
    pair = after[0] if after else candidates[-1]
    between = itertools.takewhile(
        lambda t: token_start(offset, t) < pair[0], verb.doc[verb.i + 1 :]
    )
    if pair[0] > pos and any(
        t.pos_ == "VERB" and t.lemma_.lower() in REPORTING_VERBS[lang] and is_finite(t)
        for t in between
    ):
        # "Asked about the bomb, Clinton said, “…”": the quotation is the nearer verb's.
        return None
    used.add(pair)
    return trimmed_span(text, view, pair[0] + 1, pair[1])
