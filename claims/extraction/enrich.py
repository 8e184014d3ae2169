"""Stage 5, enrich: quantities and check-worthiness of each claim, duplicates per article
(`mark_duplicates`, from dedupe.py).

Each step changes claims in place; the pipeline runs each one under its fault policy, so
a step that fails on one claim leaves that claim as it was.
"""

from collections.abc import Callable

from .checkworthiness import score_checkworthiness
from .quantities import find_quantities
from .records import ExtractedClaim

type Scorer = Callable[[ExtractedClaim, str], tuple[float, list[str]]]


def add_quantities(claim: ExtractedClaim, text: str, view: str, lang: str) -> None:
    """The numbers of the claim's content, with their units and qualifiers."""
    claim.quantities = find_quantities(
        view, claim.content.start, claim.content.end, lang, text=text
    )


def add_checkworthiness(
    claim: ExtractedClaim, lang: str, score: Scorer = score_checkworthiness
) -> None:
    """How much a fact-checker would want to check the claim, and why."""
    claim.checkworthiness, claim.checkworthiness_reasons = score(claim, lang)
