"""Signed quotations: “…” ― Name, the way readers' comments and vox pops are printed.

A quotation followed by a dash (― — – or --) and a capitalised name is the named person's
direct speech; the dash is the cue. `unit_ranges` (segment.py) keeps the signature line in
the quotation's unit, `signature_dashes` finds the dash (cues.py) and `signature_claim`
reads the claim (roles_rules.py).
"""

import re

from spacy.tokens import Token

from .records import ExtractedClaim, Span, Unit
from .spans import exact_span, token_end, token_start, trimmed_span

DASHES = frozenset({"―", "—", "–", "--"})
# The start of a sentence that is only a signature: a dash and a capitalised word.
SIGNATURE_START = re.compile(r"\s*(?:―|—|–|--)\s*[^\W\d_]")
# A name is at most this many words ("Christina N Luis Olidem", "Julie A. Diaz Martinez").
MAX_NAME_WORDS = 6
INITIAL = re.compile(r"[A-Z]\.|\.")


def starts_signature(view: str, previous_start: int, start: int, end: int) -> bool:
    """Whether the sentence view[start:end] signs the quotation that ends the one before."""
    return view[previous_start:start].rstrip().endswith('"') and bool(
        SIGNATURE_START.match(view, start, end)
    )


def _quote_before(unit: Unit, dash: Token) -> tuple[int, int] | None:
    """The quotation pair that closes right before the dash (spaces between)."""
    at = token_start(unit.offset, dash)
    for q0, q1 in unit.quotes:
        if q1 < at and not unit.view[q1 + 1 : at].strip():
            return q0, q1
    return None


def _name_after(unit: Unit, dash: Token) -> list[Token]:
    """The capitalised words after the dash, up to a bracket, comma or the unit's end;
    none when a lower-case word follows them ("— Senate Democrats agreed": a sentence)."""
    name: list[Token] = []
    for tok in unit.tokens:
        if tok.i <= dash.i:
            continue
        if INITIAL.fullmatch(tok.text) and name:  # "Julie A. Diaz", "Julie A . Diaz"
            name.append(tok)
            continue
        if tok.is_punct:
            break
        if not (tok.text[:1].isupper() and tok.is_alpha) or len(name) >= MAX_NAME_WORDS:
            return []
        name.append(tok)
    while name and not name[-1].is_alpha:
        name.pop()
    return name


def signature_dashes(unit: Unit) -> list[Token]:
    """Dashes of the unit that sign the quotation right before them with a name."""
    return [
        tok
        for tok in unit.tokens
        if tok.text in DASHES
        and not unit.in_quote(tok)
        and _quote_before(unit, tok)
        and _name_after(unit, tok)
    ]


def signature_claim(unit: Unit, dash: Token) -> ExtractedClaim | None:
    """The signed quotation as a direct claim of the name after the dash."""
    quote, name = _quote_before(unit, dash), _name_after(unit, dash)
    if quote is None or not name:
        return None
    u = unit
    content = trimmed_span(u.text, u.view, quote[0] + 1, quote[1])
    source = trimmed_span(
        u.text, u.view, token_start(u.offset, name[0]), token_end(u.offset, name[-1])
    )
    if content is None or source is None:
        return None
    return ExtractedClaim(
        content=content,
        kind="direct",
        sentence=Span(u.start, u.end, u.text[u.start : u.end]),
        source=source,
        cue=exact_span(u.text, u.offset, dash),
        source_is_person=True,
    )
