"""Stage 3, roles (rules): source and content for prepositional, nominal and colon cues.

The verb cues have their own module, `roles_verb`.
"""

import re

from spacy.tokens import Doc, Token

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
    phrase = phrase_after(doc, cue_end.i + 1)
    if not phrase:
        return None

    src_end = token_end(offset, doc[phrase[1]])
    cue_start = token_start(offset, cue)
    before = view[start:cue_start].strip(PUNCT_EDGE)
    # "…, according to figures released by the ministry.": the words that qualify the
    # source ("released by …") end the sentence as the source itself would.
    qualified = max(token_end(offset, t.right_edge) for t in doc[phrase[0] : phrase[1] + 1])
    after_src = view[min(max(src_end, qualified), end) : end]
    if not before:  # "Selon Washington, …"
        content = trimmed_span(text, view, src_end, end)
    elif not after_src.strip(PUNCT_EDGE):  # "…, selon Washington."
        content = trimmed_span(text, view, start, cue_start)
    else:  # "… marqué, selon Washington, par l'envoi …": the phrase the cue modifies
        content = governed_clause(text, view, doc, offset, start, end, cue)
    if content is None or len(content.text.split()) < MIN_CONTENT_WORDS:
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


# A person's own writings: "d'après ses mémoires", "according to his memoir".
OWN_WRITINGS = re.compile(
    r"(?:ses|son|sa|leur|leurs|his|her|their) (?:memoires|rapport|lettre|communique|livre"
    r"|journal|carnets|blog|memoirs?|report|letter|statement|book|diary)\b"
)


def governed_clause(
    text: str, view: str, doc: Doc, offset: int, start: int, end: int, cue: Token
) -> Span | None:
    """Content around a mid-sentence "…, selon X, …": the phrase it interrupts, to the end.

    The phrase is found from the word before the parenthetical, climbing through modifiers
    to the noun phrase they qualify ("leur rapprochement marqué, selon Washington, par …").
    """
    anchor = next((t for t in reversed(doc[: cue.i]) if not (t.is_punct or t.is_space)), None)
    left = start
    if anchor is not None:
        node = anchor
        while node.dep_ in {"acl", "amod", "nmod", "advmod", "conj", "acl:relcl", "flat:name"}:
            if node.head == node:
                break
            node = node.head
        edge = token_start(offset, node.left_edge)
        if node.pos_ in {"NOUN", "PROPN"} and node.dep_ != "ROOT" and start < edge:
            left = edge
    return trimmed_span(text, view, left, end)


def nominal_claim(
    text: str, view: str, offset: int, end: int, noun: Token
) -> ExtractedClaim | None:
    """ "le rapport de Mme Stenzel sur l'initiative EQUAL", "a statement by the ministry that …"."""
    source = content = None
    for child in noun.rights:
        case = next((c.lower_ for c in child.children if c.dep_ == "case"), "")
        of_whom = child.dep_ in {"nmod", "prep", "pobj"} and case in {"de", "du", "des", "d'", "by"}
        if of_whom and source is None and child.pos_ in {"PROPN", "NOUN", "PRON"}:
            source = subtree_span(text, view, offset, child, end)
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
    if content is None and noun.dep_ in SUBJECT_DEPS and noun.head.pos_ in {"VERB", "AUX"}:
        # "ce rapport offre une approche flexible": what the report is said to say.
        verb = noun.head
        rest = [t for t in verb.subtree if t.i > noun.right_edge.i and not t.is_space]
        content = tokens_span(text, view, offset, rest)
    if content is None or source is not None and overlaps(source, content):
        return None
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
