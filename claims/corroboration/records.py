"""The small records retrieval passes around: queries, candidates, results, statistics."""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Query:
    lang: str
    text: str  # the cleaned claim text
    terms: tuple[str, ...]  # the claim's own words, in order
    extra: tuple[str, ...]  # claimant, entity and number terms
    surfaces: dict[str, str] = field(default_factory=dict)  # term -> word as written
    names: frozenset[str] = frozenset()  # terms written with a capital: names, mostly
    media: bool = False  # the claim came with a picture or a video
    dated: tuple[str, ...] = ()  # month and year the claim was made: `m_8`, `n_2019`

    @property
    def all_terms(self) -> tuple[str, ...]:
        return self.terms + self.extra


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int | str
    title: str
    text: str
    lang: str
    terms: Sequence[str]  # index terms: the title's, then the text's
    first_stage_score: float = 0.0
    title_terms: int = 0  # how many of `terms` come from the title


@dataclass(frozen=True, slots=True)
class Ranked:
    id: int | str
    score: float
    matched_terms: list[str]


@dataclass(frozen=True, slots=True)
class Stats:
    """Collection statistics the scores need: document count, mean length, frequencies."""

    docs: int
    avg_len: float
    df: dict[str, int]

    def idf(self, term: str) -> float:
        n = self.df.get(term, 0)
        return math.log(1 + (self.docs - n + 0.5) / (n + 0.5))
