"""Records passed between the extraction stages and returned to callers.

`Span` is an offset range into the stored text; `ExtractedClaim` is one claim with its
content, source and cue spans; `Extraction` is one article's claims.
"""

from dataclasses import dataclass, field

from .quantities import Quantity


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
