"""Stage 3, roles (rules): source and content for prepositional, nominal and colon cues.

The verb cues have their own module, `roles_verb`.
"""

import re

from spacy.tokens import Doc, Token

from .cues import TOPIC_ONLY_NOUNS
from .records import MIN_CONTENT_WORDS, Cue, ExtractedClaim, Span, Unit
from .roles_verb import verb_claim
from .signatures import signature_claim
from .spans import (
    PUNCT_EDGE,
    exact_span,
    overlaps,
    subtree_span,
    token_end,
    token_start,
    tokens_span,
    trimmed_span,
)
from .syntax import SUBJECT_DEPS
from .text import fold


def rule_roles(unit: Unit, cue: Cue) -> ExtractedClaim | None:
    """The rule-based role finder: source and content of one cue, or None."""
    u = unit
    if cue.kind == "colon":
        para_end = u.offset + len(u.doc.text)
        return colon_claim(u.text, u.view, u.tokens, u.offset, u.start, para_end)
    if cue.kind == "according":
        return according_claim(u.text, u.view, u.doc, u.offset, u.start, u.end, cue.token, cue.last)
    if cue.kind == "noun":
        return nominal_claim(u.text, u.view, u.offset, u.end, cue.token)
    if cue.kind == "signature":
        return signature_claim(unit, cue.token)
    return verb_claim(unit, cue.token)


# Sources that are documents rather than people, as in "Poll: …" headlines.
NAMED_DOCUMENTS = {"poll", "report", "study", "survey", "sondage", "rapport", "étude", "enquête"}


def phrase_after(tokens_doc: Doc, first: int, limit: int = 14) -> tuple[int, int] | None:
    """Token range [first, last] of the noun phrase starting at doc index `first`."""
    last = None
    for tok in tokens_doc[first : first + limit]:
        if tok.is_space:
            continue
        if tok.is_punct and tok.text not in {"-", "'"}:
            break
        if tok.pos_ in {"VERB", "AUX", "SCONJ"} or (
            tok.pos_ == "PRON" and tok.lower_ in {"que", "qui", "that", "which", "who"}
        ):
            break
        last = tok.i
    return (first, last) if last is not None else None


def according_claim(
    text: str, view: str, doc: Doc, offset: int, start: int, end: int, cue: Token, cue_end: Token
) -> ExtractedClaim | None:
    if cue_end.i + 1 < len(doc) and doc[cue_end.i + 1].lower_ in RELATIVE_SELON:
        return relative_according_claim(text, view, doc, offset, end, cue)
    phrase = phrase_after(doc, cue_end.i + 1)
    if phrase and phrase[1] > phrase[0] and doc[phrase[1]].text == "-":
        phrase = (phrase[0], phrase[1] - 1)  # "- non fondée, selon les experts -"
    if not phrase:
        return None
    src_end = token_end(offset, doc[phrase[1]])
    cue_start = token_start(offset, cue)
    # An aside between dashes is whole however short ("- non fondée, selon X -").
    content = dash_aside(text, view, start, cue_start, src_end)
    fewest = 1 if content is not None else MIN_CONTENT_WORDS
    content = content or according_content(text, view, doc, offset, (start, end), cue, phrase)
    if content is None or len(content.text.split()) < fewest:
        return None
    source = exact_span(text, offset, doc[phrase[0]], doc[phrase[1]])
    lead = re.match(r"\s*([^,]{2,80}?)\s*,\s*$", view[start:cue_start])
    if lead and OWN_WRITINGS.match(fold(source.text)):
        # "Valéry Giscard d'Estaing, d'après ses mémoires, est surpris …": the writer of
        # "his memoirs" speaks, named before the cue.
        source = trimmed_span(text, view, start + lead.start(1), start + lead.end(1)) or source
    return ExtractedClaim(
        content=content,
        kind="according_to",
        sentence=Span(start, end, text[start:end]),
        source=source,
        cue=exact_span(text, offset, cue, cue_end),
    )


def according_content(
    text: str,
    view: str,
    doc: Doc,
    offset: int,
    bounds: tuple[int, int],
    cue: Token,
    phrase: tuple[int, int],
) -> Span | None:
    """What "selon X" reports: the rest of the sentence after "Selon X, …", the sentence
    before "…, selon X.", or the phrase a mid-sentence "…, selon X, …" interrupts."""
    start, end = bounds
    src_end = token_end(offset, doc[phrase[1]])
    cue_start = token_start(offset, cue)
    before = view[start:cue_start].strip(PUNCT_EDGE)
    # "…, according to figures released by the ministry.": the words that qualify the
    # source ("released by …") end the sentence as the source itself would.
    qualified = max(token_end(offset, t.right_edge) for t in doc[phrase[0] : phrase[1] + 1])
    after_src = view[min(max(src_end, qualified), end) : end]
    if not before:  # "Selon Washington, …"
        return trimmed_span(text, view, src_end, end)
    if not after_src.strip(PUNCT_EDGE):  # "…, selon Washington."
        return trimmed_span(text, view, start, cue_start)
    # "… marqué, selon Washington, par l'envoi …": the phrase the cue modifies
    return governed_clause(text, view, doc, offset, start, end, cue)


def dash_aside(text: str, view: str, start: int, cue_start: int, src_end: int) -> Span | None:
    """ "Cette mesure - inutile, selon les syndicats - a été votée": the words between the
    opening dash and the cue are what the source says."""
    dashes = list(re.finditer(r"(?:^|\s)-\s", view[start:cue_start]))
    if not dashes or not re.match(r"\s*-\s", view[src_end : src_end + 4]):
        return None
    return trimmed_span(text, view, start + dashes[-1].end(), cue_start)


RELATIVE_SELON = frozenset("lequel laquelle lesquels lesquelles".split())


def relative_according_claim(
    text: str, view: str, doc: Doc, offset: int, end: int, cue: Token
) -> ExtractedClaim | None:
    """ "la position selon laquelle il n'y a pas eu de rançon": the content is the relative
    clause; the speaker is the noun's author when it names one ("les déclarations du
    ministre selon lesquelles …"), else nobody in the sentence."""
    pronoun = doc[cue.i + 1]
    clause = pronoun.head
    words = [t for t in clause.subtree if t.i > pronoun.i and not t.is_space]
    content = tokens_span(text, view, offset, words)
    if content is None or len(content.text.split()) < MIN_CONTENT_WORDS:
        return None
    noun = clause.head if clause.dep_ in {"acl:relcl", "acl"} else None
    author = next(
        (
            c
            for c in (noun.children if noun is not None else ())
            if c.dep_ == "nmod"
            and c.i < cue.i
            and any(k.dep_ == "case" for k in c.children)
            and c.pos_ in {"PROPN", "NOUN"}
        ),
        None,
    )
    source = None
    if author is not None:
        named = [t for t in author.subtree if not (t.dep_ == "case" and t.head == author)]
        source = tokens_span(text, view, offset, [t for t in named if t.i < cue.i])
    return ExtractedClaim(
        content=content,
        kind="according_to",
        sentence=Span(0, 0, ""),
        source=source,
        cue=exact_span(text, offset, cue),
    )


# A person's own writings: "d'après ses mémoires", "according to his memoir".
OWN_WRITINGS = re.compile(
    r"(?:ses|son|sa|leur|leurs|his|her|their) (?:memoires|rapport|lettre|communique|livre"
    r"|journal|carnets|blog|memoirs?|report|letter|statement|book|diary)\b"
)


def governed_clause(
    text: str, view: str, doc: Doc, offset: int, start: int, end: int, cue: Token
) -> Span | None:
    """Content around a mid-sentence "…, selon X, …": the phrase it interrupts, to the end.

    The phrase is the noun phrase the parenthetical follows, with the participles or
    adjectives that qualify it ("leur alliance, renforcée, selon Madrid, par …"), or else
    the noun phrase the parse hangs the word before it on; what comes before is the
    author's.
    """
    noun = interrupted_noun(doc[: cue.i]) or _climbed_noun(doc[: cue.i])
    left = start
    if noun is not None:
        edge = token_start(offset, noun.left_edge)
        if start < edge:
            left = edge
    return trimmed_span(text, view, left, end)


def _climbed_noun(before) -> Token | None:
    """From the word before the parenthetical, climbing through modifiers to the noun
    phrase they qualify ("l'État était bien propriétaire, selon lui, …")."""
    node = next((t for t in reversed(before) if not (t.is_punct or t.is_space)), None)
    if node is None:
        return None
    while node.dep_ in {"acl", "amod", "nmod", "advmod", "conj", "acl:relcl", "flat:name"}:
        if node.head == node:
            break
        node = node.head
    return node if node.pos_ in {"NOUN", "PROPN"} and node.dep_ != "ROOT" else None


QUALIFIERS = {"ADJ", "VERB", "ADV", "PUNCT", "SPACE"}


def interrupted_noun(before) -> Token | None:
    """The noun a parenthetical interrupts: the last noun before it, read leftwards over
    commas and the participles, adjectives and adverbs that qualify it. Without such a
    qualifier ("…, among black voters, according to a poll, …"), or with a finite verb or
    any other word in between, the parenthetical qualifies the clause, not a noun phrase."""
    qualified = False
    for tok in reversed(before):
        if tok.pos_ in {"NOUN", "PROPN"}:
            return tok if qualified and tok.dep_ != "ROOT" else None
        if tok.pos_ not in QUALIFIERS or tok.pos_ == "VERB" and not qualifies(tok):
            return None
        qualified = qualified or tok.pos_ in {"ADJ", "VERB"}
    return None


def qualifies(verb: Token) -> bool:
    """A participle, or a verb without a subject of its own (a small parser often tags
    "approved" in "their merger, approved, …" as a past tense)."""
    if "Part" in verb.morph.get("VerbForm") or verb.tag_ in {"VBN", "VBG"}:
        return True
    return not any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def nominal_claim(
    text: str, view: str, offset: int, end: int, noun: Token
) -> ExtractedClaim | None:
    """ "le rapport de Mme Stenzel sur l'initiative EQUAL", "a statement by the ministry that …"."""
    source = content = None
    for child in noun.rights:
        case = next((c.lower_ for c in child.children if c.dep_ == "case"), "")
        of_whom = child.dep_ in {"nmod", "prep", "pobj"} and case in {"de", "du", "des", "d'", "by"}
        if of_whom and source is None and child.pos_ in {"PROPN", "NOUN", "PRON"}:
            words, topic = author_and_topic(child)
            source = tokens_span(text, view, offset, words)
            if topic is not None and content is None:
                content = subtree_span(text, view, offset, topic, end)
            continue
        if source is None and not case and child.pos_ == "PROPN" and child.i == noun.i + 1:
            # "le rapport Katiforis sur …": the name right after the noun is its author's.
            names = [t for t in child.subtree if t.i <= child.i or t.dep_ in {"flat", "flat:name"}]
            source = tokens_span(text, view, offset, names)
            continue
        opener = child.left_edge.lower_
        about = case in {"sur", "concernant", "about", "on", "of"} or opener in {
            "que",
            "qu'",
            "that",
            "selon",
        }
        if (
            content is None
            and about
            and child.dep_ in {"nmod", "acl", "acl:relcl", "ccomp", "prep", "pobj"}
        ):
            content = subtree_span(text, view, offset, child, end)
    if (
        content is None
        and noun.dep_ in SUBJECT_DEPS
        and noun.head.pos_ in {"VERB", "AUX"}
        and noun.lemma_.lower() not in TOPIC_ONLY_NOUNS
    ):
        # "ce rapport offre une approche flexible": what the report is said to say.
        verb = noun.head
        rest = [t for t in verb.subtree if t.i > noun.right_edge.i and not t.is_space]
        content = tokens_span(text, view, offset, rest)
    if content is None or source is not None and overlaps(source, content):
        return None
    if source is None:
        source = light_verb_speaker(text, view, offset, noun)
    if len(re.findall(r"\w+", content.text)) < MIN_CONTENT_WORDS - 1:
        return None
    cue = exact_span(text, offset, noun)
    return ExtractedClaim(
        content=content,
        kind="indirect",
        sentence=Span(0, 0, ""),
        source=source,
        cue=cue,
        cue_lemma=noun.lemma_.lower(),
    )


TOPIC_CASES = frozenset("sur concernant about on".split())


def author_and_topic(author: Token) -> tuple[list[Token], Token | None]:
    """The words of the author in "les déclarations du ministre" ("ministre", not "du
    ministre"), and the topic phrase the parser may have hung on the author ("les
    observations de l'Agence sur la qualité de l'air": the topic is the content)."""
    topic = next(
        (
            g
            for g in author.children
            if g.dep_ in {"nmod", "prep"}
            and g.i > author.i
            and any(k.dep_ == "case" and k.lower_ in TOPIC_CASES for k in g.children)
        ),
        None,
    )
    skip = {t.i for t in topic.subtree} if topic is not None else set()
    words = [
        t
        for t in author.subtree
        if t.i not in skip and not (t.dep_ == "case" and t.head == author) and not t.is_space
    ]
    return words, topic


# Verbs that make a reporting noun their speaker's act: "X a donné des précisions sur …",
# "X a fait une déclaration sur …".
LIGHT_VERBS = frozenset("donner apporter faire fournir livrer formuler émettre".split())


def light_verb_speaker(text: str, view: str, offset: int, noun: Token) -> Span | None:
    """The subject of the light verb whose object is the reporting noun."""
    verb = noun.head
    if noun.dep_ not in {"obj", "dobj"} or verb.lemma_.lower() not in LIGHT_VERBS:
        return None
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i), None)
    return subtree_span(text, view, offset, subject, token_start(offset, verb)) if subject else None


def colon_claim(
    text: str, view: str, tokens: list[Token], offset: int, start: int, para_end: int
) -> ExtractedClaim | None:
    """ "PENCE: Well, look, …" (transcripts) and "Poll: Wealthy voters …" (headlines)."""
    match = re.match(
        r'"?\s*([^\W\d_][\w.\'-]*(?:[ ][^\W\d_][\w.\'-]*){0,3})\s?:\s+\S', view[start:]
    )
    if not match or start + match.end() > para_end:
        return None
    name_end = start + match.end(1)
    name_tokens = [t for t in tokens if token_start(offset, t) < name_end]
    if not name_tokens or not all(
        t.pos_ == "PROPN" or t.text.isupper() or t.lower_ in NAMED_DOCUMENTS for t in name_tokens
    ):
        return None
    colon = view.index(":", name_end)
    content = trimmed_span(text, view, colon + 1, para_end)
    source = trimmed_span(text, view, start + match.start(1), name_end)
    if content is None or source is None:
        return None
    return ExtractedClaim(
        content=content,
        kind="direct" if name_tokens[0].text.isupper() else "indirect",
        sentence=Span(start, para_end, text[start:para_end]),
        source=source,
        cue=Span(colon, colon + 1, text[colon : colon + 1]),
    )
