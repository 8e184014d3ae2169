"""The one place that turns offsets and tokens into `Span`s.

Offsets are absolute positions in the stored text; a paragraph's tokens carry `idx`
relative to the paragraph, so every conversion adds the paragraph `offset` here.
"""

import re
from collections.abc import Sequence

from spacy.tokens import Token

from .records import Span

PUNCT_EDGE = " \t\n,;:.!?\"'()-–—…"


def trim(view: str, start: int, end: int, chars: str = " \t\n") -> tuple[int, int]:
    while start < end and view[start] in chars:
        start += 1
    while end > start and view[end - 1] in chars:
        end -= 1
    return start, end


def tokens_span(text: str, view: str, offset: int, tokens: Sequence[Token]) -> Span | None:
    """From the first to the last of `tokens` (a parse can leave none: then None)."""
    if not tokens:
        return None
    first, last = tokens[0], tokens[-1]
    return trimmed_span(text, view, offset + first.idx, offset + last.idx + len(last))


def trimmed_span(text: str, view: str, start: int, end: int, edge: str = PUNCT_EDGE) -> Span | None:
    """Span trimmed of edge punctuation; quote marks are kept when they are balanced."""
    s, e = trim(view, start, end, edge)
    # Keep the quotation marks that enclose the content: "« Un élargissement dangereux »".
    if s > start and view[s - 1] == '"' and e < end and view[e] == '"':
        s, e = s - 1, e + 1
    if e <= s or not re.search(r"\w", view[s:e]):
        return None
    return Span(s, e, text[s:e])


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def subtree_span(text: str, view: str, offset: int, tok: Token, stop: int) -> Span | None:
    """A token's subtree as a span, cut before `stop` (an absolute offset) and at sentence end."""
    s = offset + tok.left_edge.idx
    e = offset + tok.right_edge.idx + len(tok.right_edge)
    if s < stop <= e:
        e = stop
    return trimmed_span(text, view, s, e)
