"""Stage 3, roles (rules): what a reporting verb's reading holds, and where the verb stands
after a comma or a closed quotation. Shared by the verb modules."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from .records import Span, Unit
from .spans import (
    PUNCT_EDGE,
    subtree_span,
    token_start,
    tokens_span,
    trimmed_span,
)
from .syntax import (
    RELATIVE_PRONOUNS,
)


@dataclass(slots=True)
class VerbReading:
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


def closed_quote_end(r: VerbReading) -> int | None:
    """French: where a quotation closes right before the verb (its auxiliary and a
    reflexive clitic aside), with no comma, as an offset from the unit's start."""
    if r.unit.lang != "fr":
        return None
    before = r.before_cue
    match = re.search(r'"\s*(?:[sm]\'|se\s+)?$', before)
    if not match or before.count('"') % 2 or not before[: match.start()].strip(PUNCT_EDGE):
        return None
    return match.start() + 1


def subject_alone_after_comma(r: VerbReading) -> bool:
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
