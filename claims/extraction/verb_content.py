"""Stage 3, roles (rules): the content of a reporting verb, from the most to the least
telling kind (postposed, colon, complement, clause, quotation, topic, condition, noun,
object)."""

import itertools
import re

from spacy.tokens import Doc, Token

from .cues import (
    CALL_TO_ACTION,
    COMPLEMENTISERS,
    REPORTING_VERBS,
    TIME_WORDS,
    light_verb_phrase,
)
from .cues_fr import noun_phrase_after
from .records import Span
from .spans import (
    token_end,
    token_start,
    tokens_span,
    trimmed_span,
)
from .syntax import (
    ADDRESSEE_VERBS,
    CLAUSE_DEPS,
    OBJECT_DEPS,
    inverted_subject,
    is_finite,
    passive_subject,
    reported_noun_phrase,
)
from .verb_reading import VerbReading


def find_content(r: VerbReading) -> Span | None:
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


def _postposed_content(r: VerbReading) -> Span | None:
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


def _colon_content(r: VerbReading) -> Span | None:
    # Titles' periods ("M. Sakellariou") do not end the reporting clause.
    colon = re.match(r"[^.!?:]{0,60}:", re.sub(r"\b([A-Z][a-z]{0,3})\.", r"\1_", r.rest))
    if not colon:
        return None
    # "ce qu'a dit M. Sakellariou : la communauté …", "the Times reports:" – the
    # content follows the colon, or is the next paragraph when the line ends there.
    return r.span(r.cue.end + colon.end(), r.end) or next_paragraph(r.unit.text, r.unit.view, r.end)


def _complement_content(r: VerbReading) -> Span | None:
    u = r.unit
    return complement_clause(u.text, u.view, u.doc, u.offset, r.end, r.verb, u.lang)


def _clause_content(r: VerbReading) -> Span | None:
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


def _quote_content(r: VerbReading) -> Span | None:
    u = r.unit
    return nearest_quote(u.text, u.view, r.verb, u.offset, u.quotes, u.used_quotes, u.lang)


def _topic_content(r: VerbReading) -> Span | None:
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


def _condition_content(r: VerbReading) -> Span | None:
    # Leaflets: "Prévenez votre médecin si vous présentez …", "Si vous remarquez …,
    # veuillez en informer votre médecin": what is to be reported is the si-clause.
    verb, u = r.verb, r.unit
    if u.lang != "fr" or (verb.lemma_.lower() not in TELL_WHEN and light_verb_phrase(verb) is None):
        return None
    return condition_clause(u.text, u.view, u.doc, u.offset, u.start, r.end)


def _noun_content(r: VerbReading) -> Span | None:
    # French only: English news uses these for events ("the plan announced Monday").
    if r.unit.lang != "fr" or not (noun_phrase := reported_noun_phrase(r.verb)):
        return None
    # "le montant que le commissaire annoncerait", "les cas rapportés", "des cas …
    # ont été rapportés": what is reported is the noun the verb describes.
    content = r.tokens(noun_phrase)
    r.reported_noun = content is not None
    return content


def _object_content(r: VerbReading) -> Span | None:
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


def _governed_words(r: VerbReading) -> list[Token]:
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


def _circumstance(r: VerbReading, after: list[Token]) -> bool:
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
