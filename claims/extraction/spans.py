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


def token_start(offset: int, tok: Token) -> int:
    """Absolute offset where `tok` of a paragraph parsed at `offset` starts."""
    return offset + tok.idx


def token_end(offset: int, tok: Token) -> int:
    """Absolute offset just after `tok` of a paragraph parsed at `offset`."""
    return offset + tok.idx + len(tok)


def exact_span(text: str, offset: int, first: Token, last: Token | None = None) -> Span:
    """The stored text of tokens `first` … `last`, untrimmed (cue words)."""
    start, end = token_start(offset, first), token_end(offset, last or first)
    return Span(start, end, text[start:end])


def tokens_span(text: str, view: str, offset: int, tokens: Sequence[Token]) -> Span | None:
    """From the first to the last of `tokens` (a parse can leave none: then None)."""
    if not tokens:
        return None
    first, last = tokens[0], tokens[-1]
    return trimmed_span(text, view, token_start(offset, first), token_end(offset, last))


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
    s, e = token_start(offset, tok.left_edge), token_end(offset, tok.right_edge)
    if s < stop <= e:
        e = stop
    return trimmed_span(text, view, s, e)
