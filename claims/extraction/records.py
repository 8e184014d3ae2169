"""Records passed between the extraction stages and returned to callers.

`Span` is an offset range into the stored text; `ExtractedClaim` is one claim with its
content, source and cue spans; `Extraction` is one article's claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: callers that never parse do without spaCy
    from spacy.tokens import Doc, Token

from .quantities import Quantity

# Fewer words than this are not a claim's content.
MIN_CONTENT_WORDS = 3


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class ExtractedClaim:
    content: Span
    kind: str
    sentence: Span
    source: Span | None = None
    cue: Span | None = None
    claimant: str | None = None
    quantities: list[Quantity] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    checkworthiness: float = 0.0
    checkworthiness_reasons: list[str] = field(default_factory=list)
    cw_features: dict[str, float] = field(default_factory=dict)  # from the parse, see note_parse
    duplicate_of: int | None = None
    # False when the content is only the phrase a verb governs, with no that/que clause,
    # quotation or colon to mark it as reported speech.
    anchored: bool = True
    # Lemma of the cue word ("prévenir" for "ont prévenu"), for check-worthiness.
    cue_lemma: str = ""
    # The cue is a participle with no auxiliary ("Asked about …, Clinton said").
    participle: bool = False
    # The source names a person (NER), so a later "he"/"elle" may refer back to it.
    source_is_person: bool = False
    # The project's label ("person", "organisation", "place", "group"; entities.LABELS) of
    # the named entity the source names, "" when the parser found none.
    source_label: str = ""
    # The office or role written with the claimant's name ("Kremlin spokesman" for the
    # claimant "Dmitry Peskov"), None when the source names no role.
    claimant_role: str | None = None

    def as_dict(self) -> dict:
        return {
            "content": self.content.as_dict(),
            "source": self.source.as_dict() if self.source else None,
            "cue": self.cue.as_dict() if self.cue else None,
            "claimant": self.claimant,
            "kind": self.kind,
            "quantities": [q.as_dict() for q in self.quantities],
            "checkworthiness": self.checkworthiness,
            "duplicate_of": self.duplicate_of,
        }


@dataclass(slots=True)
class Extraction:
    """One article's claims, and how many of its paragraphs could not be read.

    A paragraph whose processing raises is logged with its traceback and skipped; the
    claims of the other paragraphs are kept. A later step that fails on a claim
    (quantities, check-worthiness) or on the article (speakers, duplicates) leaves the
    claims as they were and is counted in `failed_steps`.
    """

    lang: str
    claims: list[ExtractedClaim]
    failed_paragraphs: int = 0
    failed_steps: int = 0


@dataclass(slots=True)
class Unit:
    """Stage 1 → 2: one sentence unit of a parsed paragraph (quotations kept whole).

    `offset` is where the paragraph `doc` starts in the text; `start`/`end` bound the unit
    and `quotes` holds its (open, close) quote mark pairs, all absolute offsets.
    `used_quotes` records the quotations a verb already took as its content.
    """

    text: str
    view: str
    doc: Doc
    offset: int
    start: int
    end: int
    quotes: list[tuple[int, int]]
    lang: str
    tokens: list[Token] = field(default_factory=list)
    used_quotes: set[tuple[int, int]] = field(default_factory=set)

    @property
    def sentence(self) -> Span:
        return Span(self.start, self.end, self.text[self.start : self.end])

    def in_quote(self, tok: Token) -> bool:
        pos = self.offset + tok.idx
        return any(q0 < pos < q1 for q0, q1 in self.quotes)


@dataclass(frozen=True, slots=True)
class Cue:
    """Stage 2 → 3: a candidate attribution cue in a unit.

    `kind` is "colon" (a "NAME:" line start), "according" ("selon X", "according to X";
    `token`…`last` are the cue words), "noun" (déclaration, statement…), "verb" or
    "signature" (the dash of "“…” ― Name", signatures.py).
    `learned`: found by the learned cue labeller (cue_seq.py), not by the lexicon, with
    its `confidence` (P(cue)).
    """

    kind: str
    token: Token | None = None
    last: Token | None = None
    learned: bool = False
    confidence: float = 1.0
