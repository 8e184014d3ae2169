"""Near-identical propositions inside one article (re-published paragraphs, Kiev/Kyiv)."""

from typing import TYPE_CHECKING

from .claimants import SEATS_OF_POWER
from .text import word_tokens

if TYPE_CHECKING:
    from .pipeline import ExtractedClaim

THRESHOLD = 0.6
# Spelling variants of the same place collapse to one token before comparing.
_VARIANTS = {name: code.lower() for name, code in SEATS_OF_POWER.items() if " " not in name}


def proposition_tokens(text: str) -> frozenset[str]:
    """The words a proposition is compared by, with spelling variants collapsed."""
    return frozenset(_VARIANTS.get(w, w) for w in word_tokens(text) if len(w) > 1)


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= THRESHOLD


def mark_duplicates(claims: "list[ExtractedClaim]") -> None:
    seen: list[tuple[int, frozenset[str]]] = []
    for i, claim in enumerate(claims):
        tokens = proposition_tokens(claim.content.text)
        for j, other in seen:
            if claims[j].claimant == claim.claimant and similar(tokens, other):
                claim.duplicate_of = j
                break
        else:
            seen.append((i, tokens))
