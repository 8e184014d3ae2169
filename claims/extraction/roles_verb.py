"""Stage 3, roles (rules): source and content of a reporting verb."""

import itertools
import re

from spacy.tokens import Doc, Token

from .cues import (
    CALL_TO_ACTION,
    COMPLEMENTISERS,
    REPORTING_VERBS,
    TIME_WORDS,
    cue_span,
    light_verb_phrase,
)
from .records import ExtractedClaim, Span
from .roles_rules import MIN_CONTENT_WORDS, speech_kind
from .spans import PUNCT_EDGE, overlaps, subtree_span, tokens_span, trimmed_span
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
    noun_phrase_before,
    passive_subject,
    reported_noun_phrase,
    subject_of,
)


def verb_claim(
    text: str,
    view: str,
    doc: Doc,
    offset: int,
    start: int,
    end: int,
    verb: Token,
    quotes: list[tuple[int, int]],
    used_quotes: set[tuple[int, int]],
    lang: str,
) -> ExtractedClaim | None:
    cue = cue_span(text, offset, verb)
    if verb.dep_ in RELATIVE_CLAUSE_DEPS and any(
        c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS for c in verb.children
    ):
        # "The senator, who said that the bill would pass, left early": the content ends
        # with the relative clause.
        end = min(end, offset + verb.right_edge.idx + len(verb.right_edge))
    before_cue = view[start : cue.start]
    # A subject pronoun placed between the comma and the verb ("…, he said") also counts.
    subject = subject_of(verb)
    phrase = light_verb_phrase(verb) if lang == "fr" else None
    if subject is None and phrase is not None and verb.head == phrase:
        # "j'ai décidé et fait savoir que": the parser hangs "fait" on "savoir".
        subject = subject_of(phrase)
    anchored = True
    # Up to three words between the comma and the verb, titles included ("Mr. Obama").
    after_comma = bool(
        re.search(r",\s*\"?\s*(?:(?:[A-Z][a-z]{0,3}\.|[\w'-]+)\s+){0,3}$", before_cue)
    ) and bool(before_cue.strip(PUNCT_EDGE))
    # “…,” Senate Majority Leader Mitch McConnell, R-Ky., said: the quotation closes with a
    # comma, and a speaker of any length (no new quotation) stands before the verb.
    quote_comma = before_cue.rfind(',"')
    speaker_words = before_cue[quote_comma + 2 :].split() if quote_comma >= 0 else []
    if quote_comma >= 0 and '"' not in before_cue[quote_comma + 2 :] and len(speaker_words) <= 25:
        after_comma = bool(before_cue[:quote_comma].strip(PUNCT_EDGE))
    cut = quote_comma if quote_comma >= 0 and after_comma else before_cue.rfind(",")
    # "…, adding later, “…”": a present participle introduces what follows it.
    gerund = verb.tag_ == "VBG" or (
        "Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense")
    )
    postposed = after_comma and not gerund
    # Possessive: a word is never re-split while backtracking (which took seconds a page).
    incise = re.match(r"\s*(?:[^\W\d_][\w'-]*+\s*){1,6},\s*\S", view[cue.end : end])
    # The parser may take the interrupted clause's subject for the verb's: one that sits
    # before the comma is not the speaker.
    inverted_order = subject is None or subject.i > verb.i or offset + subject.idx < start + cut
    # "…, comme devait conclure Roger Thiriot, …": a modal carries the tense.
    # "…, dit cette délégation, …": "dit" read as a participle is the verb when its
    # subject follows it (not "Le texte, publié le mois dernier, …").
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    finite = (
        not ({"Part", "Inf"} & set(verb.morph.get("VerbForm")))
        or bool(re.search(r",\s*comme\s+(?:[\w'-]+\s+){0,2}$", before_cue))
        or (
            (verb.lower_ in PRESENT_OR_PARTICIPLE or not PARTICIPLE_ENDING.search(verb.lower_))
            and following is not None
            and following.pos_ in {"DET", "PRON", "PROPN"}
        )
    )
    introduces = re.match(r"\s*(?:que|qu'|qu)\b", view[cue.end : end])
    # A reporting clause set in its content names the speaker the parse may miss.
    speaker = whole = None
    rest = view[cue.end : end]
    # "Le gouvernement, a-t-il précisé, ne reculera pas": the subject is a clitic.
    clitic = next(
        (
            c
            for c in verb.children
            if c.dep_ in SUBJECT_DEPS and re.fullmatch(r"-(?:t-)?\w+", c.text) and c.lower_ != "-t"
        ),
        None,
    )
    clitic_incise = clitic is not None and after_comma and bool(re.match(r"\s*,\s*\S", rest))
    if re.fullmatch(r"\s*(?:comme|ainsi que|as)\s+(?:l'|le\s+|la\s+)?", before_cue, re.I) and (
        "," in rest
    ):
        # "Comme l'a souligné M. Dupont, le projet manque de financement": the speaker
        # stands between the verb and the comma, the content after it.
        comma = cue.end + rest.index(",")
        speaker, whole = (
            trimmed_span(text, view, cue.end, comma),
            trimmed_span(text, view, comma + 1, end),
        )
    elif (
        lang == "fr"
        and not introduces
        and (clitic_incise or (after_comma and incise and inverted_order and finite))
    ):
        # « Le programme …, dit cette délégation, ne suffit pas »: the reporting clause
        # interrupts its content, which is the whole sentence.
        whole = trimmed_span(text, view, start, end)
        if clitic_incise:
            speaker = trimmed_span(
                text, view, offset + clitic.idx, offset + clitic.idx + len(clitic)
            )
        else:
            speaker = trimmed_span(text, view, cue.end, cue.end + rest.index(","))
    if speaker and whole:
        return ExtractedClaim(
            content=whole,
            kind=speech_kind(view, whole, quotes),
            sentence=Span(start, end, text[start:end]),
            source=speaker,
            cue=cue,
            cue_lemma=verb.lemma_.lower(),
        )
    if postposed and subject is not None and subject.i < verb.i and subject.head == verb:
        # "Douglas Brinkley, a historian …, recalled": what precedes is the speaker (not
        # the subject of another clause the verb is coordinated with).
        lead = view[start : offset + subject.left_edge.idx]
        postposed = bool(lead.strip(PUNCT_EDGE))
    if postposed and quote_comma < 0 and re.match(r'\s*[,:]?\s*"', view[cue.end : end]):
        # "Asked about the bomb, Clinton said, “I think …”": no quotation closes before
        # the speaker and one opens after the verb; that one is the content.
        postposed = False
    if postposed:
        comma = start + cut
        postposed = reported_before(doc, view, offset, start, comma, verb, lang)
    # A quotation split by its reporting clause: “A,” he said, “B.” / “A,” he said, but “B.”
    split_pair = None
    if postposed:
        follow = re.match(
            r'\s*(?:[\w\s.\'-]{0,30}?)\s*,\s*(?:(?:but|and|mais|et)\s+)?"', view[cue.end : end]
        )
        if follow:
            opening = cue.end + follow.end() - 1
            split_pair = next((q for q in quotes if q[0] == opening), None)
    content: Span | None = None
    if postposed and (
        split_pair is not None
        or not any(c.dep_ in CLAUSE_DEPS and c.i > verb.i for c in verb.children)
    ):
        content = trimmed_span(text, view, start, start + cut)
        # The parser often takes a word of the preceding content as the subject; the
        # speaker of a postposed cue comes after it ("…, ont prévenu lundi les États-Unis").
        if subject is None or (content and offset + subject.idx < content.end):
            subject = inverted_subject(verb)
    # Titles' periods ("M. Sakellariou") do not end the reporting clause.
    colon = re.match(
        r"[^.!?:]{0,60}:", re.sub(r"\b([A-Z][a-z]{0,3})\.", r"\1_", view[cue.end : end])
    )
    if content is None and colon:
        # "ce qu'a dit M. Sakellariou : la communauté …", "the Times reports:" – the
        # content follows the colon, or is the next paragraph when the line ends there.
        content = trimmed_span(text, view, cue.end + colon.end(), end) or next_paragraph(
            text, view, end
        )
    if content is None:
        content = complement_clause(text, view, doc, offset, end, verb, lang)
    if content is None:
        clause = next((c for c in verb.children if c.dep_ in CLAUSE_DEPS and c.i > verb.i), None)
        if clause is not None and clause.pos_ in {"ADJ", "NOUN"}:
            # "se déclare incompétent pour instruire le cas": a predicative complement
            # runs on through what the verb governs after it, to the next comma.
            last = clause.right_edge
            for tok in doc[clause.right_edge.i + 1 : verb.right_edge.i + 1]:
                if tok.text in ",;:":
                    break
                last = tok
            content = trimmed_span(
                text, view, offset + clause.left_edge.idx, offset + last.idx + len(last)
            )
        elif clause is not None and (passive := passive_subject(verb)) is not None:
            # "Une jeune fille … était signalée disparue": who is said to be what.
            last = clause.right_edge
            content = trimmed_span(
                text, view, offset + passive.left_edge.idx, offset + last.idx + len(last)
            )
        elif clause is not None:
            content = subtree_span(text, view, offset, clause, end)
    if content is None:
        content = nearest_quote(text, view, verb, offset, quotes, used_quotes, lang)
    if content is None:
        # "talked about the economy", "warned against cuts", "commented on the poll".
        prep = next(
            (
                c
                for c in verb.children
                if c.i > verb.i and c.dep_ == "prep" and c.lower_ in TOPIC_PREPOSITIONS
            ),
            None,
        )
        if prep is not None and any(t.dep_ == "pobj" for t in prep.children):
            # "what he was talking about": the object can stand before the preposition.
            objects = [t for t in prep.subtree if t.i > prep.i and not t.is_space]
            content = tokens_span(text, view, offset, objects)
            anchored = False
    if (
        content is None
        and lang == "fr"
        and (verb.lemma_.lower() in TELL_WHEN or light_verb_phrase(verb) is not None)
    ):
        # Leaflets: "Prévenez votre médecin si vous présentez …", "Si vous remarquez …,
        # veuillez en informer votre médecin": what is to be reported is the si-clause.
        content = condition_clause(text, view, doc, offset, start, end)
    reported_noun = False
    # French only: English news uses these for events ("the plan announced Monday").
    if content is None and lang == "fr" and (noun_phrase := reported_noun_phrase(verb)):
        # "le montant que le commissaire annoncerait", "les cas rapportés", "des cas …
        # ont été rapportés": what is reported is the noun the verb describes.
        content = tokens_span(text, view, offset, noun_phrase)
        reported_noun = content is not None
    opens_sentence = not before_cue.strip() or before_cue.rstrip()[-1] in ".!?"
    if content is None and not opens_sentence:
        # No clause, quote or postposed content: what the verb governs after it
        # ("Kiev a indiqué lundi l'envoi de renforts", "effets rapportés chez …").
        # A unit that opens with the verb is a scraping fragment: its content went before.
        if phrase is not None:
            right = max(verb.right_edge.i, phrase.right_edge.i)
            after = [t for t in verb.doc[phrase.i + 1 : right + 1] if not t.is_space]
        else:
            # Not a coordinated reporting verb's words: "crie au scandale et affirme que …".
            joined = min(
                (
                    c.left_edge.i
                    for c in verb.rights
                    if c.dep_ == "conj" and c.lemma_.lower() in REPORTING_VERBS[lang]
                ),
                default=len(doc),
            )
            # Nor the agent of a passive ("was criticized by the governor as reckless"), nor
            # whom one tells ("told the Post Thursday").
            skip = {"agent", "obl:agent"}
            if verb.lemma_.lower() in ADDRESSEE_VERBS:
                skip |= {"dobj", "dative", "iobj"}
            by = {t.i for c in verb.rights if c.dep_ in skip for t in c.subtree}
            after = [
                t
                for t in verb.subtree
                if verb.i < t.i < joined and not t.is_space and t.i not in by
            ]
        # Words that say when, where or how long, not what: "told the Post Thursday",
        # "spoke for about five minutes", "a group known as Fancy Bear".
        inside = {t.i for t in after}
        parts = [c for c in verb.children if c.i in inside]
        circumstance = bool(after) and (
            all(t.lower_ in TIME_WORDS or t.is_punct or t.like_num for t in after)
            or (
                lang == "en"
                and all(
                    c.is_punct
                    or c.dep_ in {"npadvmod", "advmod"}
                    or (
                        c.dep_ == "prep"
                        and c.lower_ not in TOPIC_PREPOSITIONS
                        # "criticized … as reckless", but not "a group known as Fancy Bear"
                        and not (c.lower_ == "as" and verb.lemma_.lower() != "know")
                        # "called for new tariffs", "asked for help" (not "spoke for an hour")
                        and not (c.lower_ == "for" and verb.lemma_.lower() in CALL_TO_ACTION)
                    )
                    for c in parts
                )
            )
        )
        if after and not circumstance:
            content = tokens_span(text, view, offset, after)
            # "fait état de …" is a reporting phrase; other verbs' objects are weaker.
            anchored = phrase is not None
    if content is not None and split_pair is not None and content.start < split_pair[0]:
        content = trimmed_span(text, view, content.start, split_pair[1] + 1) or content
    shortest = 1 if reported_noun or (not anchored and subject is not None) else MIN_CONTENT_WORDS
    if content is None or len(re.findall(r"\w+", content.text)) < shortest:
        return None
    if subject is None and not postposed and "Fin" in verb.morph.get("VerbForm"):
        subject = noun_phrase_before(verb)
    if (
        gerund
        and not before_cue.strip(PUNCT_EDGE)
        and (subject is None or offset + subject.idx >= content.start)
    ):
        # "Estimant que le texte était incomplet, les députés ont demandé …": an opening
        # participle speaks for the subject of the clause after its own.
        comma = next((t for t in doc[verb.i + 1 :] if t.text == ","), None)
        after = doc[comma.i + 1 : comma.i + 12] if comma is not None else []
        main = next((t for t in after if t.dep_ in SUBJECT_DEPS and t.head.i > t.i), None)
        if main is not None and offset + comma.idx < end:
            subject = main
            content = trimmed_span(text, view, content.start, min(content.end, offset + comma.idx))
            if content is None:
                return None
    source = None
    agent = next((c for c in verb.children if c.dep_ in {"obl:agent", "agent"}), None)
    if agent is not None and agent.dep_ == "agent":
        agent = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if agent is not None and (
        subject is None or subject.dep_ in PASSIVE_SUBJECT_DEPS or subject.lower_ in IMPERSONAL
    ):
        # "Il a été annoncé par le ministère que …", "was announced by the ministry":
        # the agent of a passive reporting verb speaks.
        words = [t for t in agent.subtree if t.dep_ != "case" and not t.is_space]
        source = tokens_span(text, view, offset, words)
        if source is not None and overlaps(source, content):
            source = None
        subject = None
    if subject is not None:
        # The noun a relative clause hangs on speaks, up to its relative pronoun.
        relative = verb.dep_ in RELATIVE_CLAUSE_DEPS and subject.i == verb.head.i
        pronoun = next((c for c in verb.children if c.lower_ in RELATIVE_PRONOUNS), None)
        stop = end
        if relative:
            # "The senator, who": the noun and the pronoun that stands for it.
            stop = offset + (pronoun.idx + len(pronoun) if pronoun else verb.left_edge.idx)
        source = subtree_span(text, view, offset, subject, stop)
        coordinated = source and re.search(
            r"(?:[A-ZÀ-Ý][\w'-]*\s*,\s*)*[A-ZÀ-Ý][\w'-]*\s+(?:et|and)\s+$",
            view[start : source.start],
        )
        if coordinated and source.text[:1].isupper():
            # "Washington et Séoul ont affirmé": names the parser left out of the subject.
            source = trimmed_span(text, view, start + coordinated.start(), source.end)
        inside_split = split_pair is not None and source and source.end <= split_pair[0]
        if source and overlaps(source, content) and not inside_split:
            # Keep only the part of the speaker's phrase before the content starts.
            source = (
                trimmed_span(text, view, source.start, content.start)
                if source.start < content.start
                else None
            )
    if source is None and gerund:
        # "Trump said, adding later, “NATO is …”": the parser took a word of the quotation
        # for the participle's subject; the verb just before it has the speaker.
        for prev in reversed(doc[max(0, verb.i - 6) : verb.i]):
            main = subject_of(prev) if prev.pos_ == "VERB" else None
            if main is not None and main.i < prev.i and offset + main.idx < content.start:
                source = subtree_span(text, view, offset, main, offset + prev.idx)
                break
    closes_quote = quote_comma >= 0 and content.end <= start + quote_comma + 2
    if source is None and after_comma and not gerund and closes_quote:
        # “…,” Flynn, a top Trump surrogate, said: the speaker is what stands between.
        source = trimmed_span(text, view, start + quote_comma + 2, cue.start)
    for pair in quotes:
        if content.start <= pair[0] and pair[1] < content.end:
            used_quotes.add(pair)
    return ExtractedClaim(
        content=content,
        kind="direct" if split_pair is not None else speech_kind(view, content, quotes),
        sentence=Span(start, end, text[start:end]),
        source=source,
        cue=cue,
        anchored=anchored,
        cue_lemma=verb.lemma_.lower(),
        participle=(verb.tag_ in {"VBN", "VBG"} or "Part" in verb.morph.get("VerbForm"))
        and not any(c.dep_.startswith("aux") for c in verb.children),
    )


TELL_WHEN = frozenset("informer prévenir prevenir avertir signaler".split())


def condition_clause(
    text: str, view: str, doc: Doc, offset: int, start: int, end: int
) -> Span | None:
    mark = next(
        (
            t
            for t in doc
            if start <= offset + t.idx < end and t.lower_ in {"si", "s'"} and t.dep_ == "mark"
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
    region = [t for t in doc if start <= offset + t.idx < comma and not t.is_space]
    if not region or region[0].lower_ in SUBORDINATORS:
        return False
    if lang == "en" and any(c.dep_ == "dobj" and c.i > verb.i for c in verb.children):
        return False
    quoted = '"' in view[max(0, start - 1) : comma + 1]
    finite = any(
        "Fin" in t.morph.get("VerbForm") or t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in region
    )
    return quoted or finite


def complement_clause(
    text: str, view: str, doc: Doc, offset: int, end: int, verb: Token, lang: str
) -> Span | None:
    """Content introduced by que/qu'/that within a few tokens after the verb."""
    for tok in doc[verb.i + 1 : verb.i + 6]:
        low = tok.lower_.replace("'", "'")
        if low in COMPLEMENTISERS[lang] or (lang == "fr" and low.startswith("qu'")):
            s = offset + tok.idx + len(tok)
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
    pos = offset + verb.idx
    candidates = [
        q for q in quotes if q not in used and len(re.findall(r"\w+", view[q[0] : q[1]])) >= 3
    ]
    if not candidates:
        return None
    after = [q for q in candidates if q[0] > pos]
    pair = after[0] if after else candidates[-1]
    between = itertools.takewhile(lambda t: offset + t.idx < pair[0], verb.doc[verb.i + 1 :])
    if pair[0] > pos and any(
        t.pos_ == "VERB"
        and t.lemma_.lower() in REPORTING_VERBS[lang]
        and "Fin" in t.morph.get("VerbForm")
        for t in between
    ):
        # "Asked about the bomb, Clinton said, “…”": the quotation is the nearer verb's.
        return None
    used.add(pair)
    return trimmed_span(text, view, pair[0] + 1, pair[1])
