"""French cues the tagger hides: reporting verbs read as nouns, and reporting clauses set
inside a quotation ("« Dans les prochains jours, a indiqué M. Dupont, une date … »").

Kept apart from cues.py so that the French constructions read as one piece.
"""

import re

from spacy.tokens import Token

# The subject pronoun of an inverted clause, with or without its euphonic t, as the
# tokenizer cuts it: "-t-on", "-t" + "-on", "-il", "-elle".
INVERTED_CLITIC = re.compile(r"-(?:t-?)?(?:il|elle|on|ils|elles|je|nous|vous)?", re.I)

OBJECT_CLITIC = re.compile(r"\s*-(?:le|la|les|lui|moi|leur)\b", re.I)

COMPLEMENTISERS = frozenset({"que", "qu'", "qu"})

# "comme le note X", "ainsi que l'a noté X": the object clitic stands for the message.
INCISE_OPENERS = frozenset({"comme", "que"})


def inverted_clitic(tok: Token | None) -> bool:
    if tok is None or tok.pos_ == "PUNCT":
        return False
    return INVERTED_CLITIC.fullmatch(tok.text) is not None


def misread_verb(tok: Token, forms: frozenset[str]) -> bool:
    """A French reporting verb form (`forms`) that the tagger took for a noun.

    Verb, not noun, when its subject is a clitic after it ("note-t-elle"), when it opens
    a reporting clause after a comma or a quotation with its subject after it ("…, note
    un observateur"), after "comme le" ("Comme le note M. X"), or between a noun and a
    "que" that opens its message ("Le Centre note par exemple que …"). Never after a
    determiner otherwise: "la note", "une note de service".
    """
    if tok.pos_ not in {"NOUN", "PROPN", "ADJ"} or tok.lower_ not in forms or tok.i == 0:
        return False
    doc = tok.doc
    before = doc[tok.i - 1]
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if before.lower_ in {"le", "l'", "l"}:
        return tok.i >= 2 and doc[tok.i - 2].lower_ in INCISE_OPENERS
    if before.pos_ == "DET" or after is None:
        return False
    if inverted_clitic(after):
        return True
    if before.text in {",", '"'} and (
        after.pos_ in {"DET", "PROPN"} or after.text in {",", "M.", "Mme"}
    ):
        return True
    if before.pos_ not in {"NOUN", "PROPN"}:
        return False
    if after.pos_ == "DET":
        return True  # "Le premier ministre juge cette proposition …"
    for nxt in doc[tok.i + 1 : tok.i + 5]:
        if nxt.lower_ in COMPLEMENTISERS:
            return True
        if nxt.is_punct:
            break
    return False


def incise_in_quote(tok: Token, view: str, offset: int) -> bool:
    """A reporting clause inside a quotation's marks: "« …, a indiqué M. X, … »",
    "« …, affirme-t-on au ministère, … »". Its verb follows a comma (its auxiliary
    included), its subject follows it, and a comma closes the clause within a few words.
    """
    if "Inf" in tok.morph.get("VerbForm"):
        return False  # "« Il faut, pour dire les choses, agir »"
    first = tok
    while first.i > 0 and first.doc[first.i - 1].pos_ == "AUX":
        first = first.doc[first.i - 1]
    start = offset + first.idx
    if not re.search(r",\s*$", view[max(0, start - 3) : start]):
        return False
    rest = view[offset + tok.idx + len(tok) : offset + tok.idx + len(tok) + 80]
    if OBJECT_CLITIC.match(rest):
        return False  # "rappelons-le": the author's aside
    # Subject words (a clitic, a title, a name, a group), then the comma.
    return re.match(r"\s*(?:-t)?(?:\s*-?[^\W\d][\w'.-]*){1,6}\s*,", rest) is not None


# Not "nous" and "vous": "dites-nous" is an imperative and its object.
PRONOUN_END = re.compile(r"(?:il|elle|on|ils|elles|je)$", re.I)


def clitic_subject_after(verb: Token) -> tuple[int, int] | None:
    """Where (paragraph characters) the inverted subject pronoun of "note-t-elle",
    "affirme-t-on", "a-t-il précisé" stands: the pronoun alone, without "-t-"."""
    doc = verb.doc
    for tok in doc[verb.i + 1 : verb.i + 3]:
        if not inverted_clitic(tok):
            break
        pronoun = PRONOUN_END.search(tok.text)
        if pronoun is not None:
            return tok.idx + pronoun.start(), tok.idx + pronoun.end()
    return None


def noun_phrase_after(verb: Token, limit: int = 12) -> list[Token]:
    """The words of the noun phrase right after a postposed verb whose parse has no
    subject for it ("…, note un négociant en vins"): to the next punctuation or verb."""
    words: list[Token] = []
    for tok in verb.doc[verb.i + 1 : verb.i + 1 + limit]:
        if tok.is_space:
            continue
        if tok.is_punct or tok.pos_ in {"VERB", "AUX", "SCONJ", "CCONJ"}:
            break
        words.append(tok)
    return words if words and words[0].pos_ in {"DET", "PROPN", "NOUN"} else []


# Verbs of noticing that report only with a clause or as an incise: "si vous remarquez
# des effets" is noticing, "il remarque que …", "…, remarque-t-il" and "fait remarquer"
# are reports.
NOTICING_VERBS = frozenset({"remarquer"})


def reports_as_noticing(tok: Token) -> bool:
    """A noticing verb used to report (see NOTICING_VERBS)."""
    doc = tok.doc
    if tok.i > 0 and doc[tok.i - 1].lemma_.lower() == "faire":
        return True
    if any(t.lower_ in COMPLEMENTISERS for t in doc[tok.i + 1 : tok.i + 4]):
        return True
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return inverted_clitic(after) or (tok.i > 0 and doc[tok.i - 1].text == ",")
