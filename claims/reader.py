"""The article reader: the stored text cut into runs, each knowing which claim covers it."""

from collections.abc import Iterable
from dataclasses import dataclass

from .extraction.text import paragraphs
from .models import Claim


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    claim: Claim | None = None  # the innermost claim whose content covers the run
    role: str = ""  # "source" or "cue" when the run is part of that claim's attribution
    boilerplate: bool = False


def article_runs(text: str, claims: Iterable[Claim]) -> list[Run]:
    """Runs of `text` split at every claim, source, cue and navigation-line boundary."""
    claims = list(claims)
    boiler = [(p.start, p.end) for p in paragraphs(text) if p.boilerplate]
    cuts = {0, len(text)}
    for claim in claims:
        cuts.update((claim.content_start, claim.content_end))
        for start, end in (
            (claim.source_start, claim.source_end),
            (claim.cue_start, claim.cue_end),
        ):
            if start is not None and end is not None:
                cuts.update((start, end))
    for start, end in boiler:
        cuts.update((start, end))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    runs = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        covering = [c for c in claims if c.content_start <= start and end <= c.content_end]
        claim = min(covering, key=lambda c: c.content_end - c.content_start, default=None)
        role = ""
        for candidate in claims:
            if _inside(start, end, candidate.source_start, candidate.source_end):
                role, claim = "source", claim or candidate
            elif _inside(start, end, candidate.cue_start, candidate.cue_end):
                role, claim = "cue", claim or candidate
        runs.append(
            Run(
                text=text[start:end],
                claim=claim,
                role=role,
                boilerplate=any(s <= start and end <= e for s, e in boiler),
            )
        )
    return runs


def _inside(start: int, end: int, span_start: int | None, span_end: int | None) -> bool:
    return span_start is not None and span_end is not None and span_start <= start < span_end
