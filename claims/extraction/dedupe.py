"""Near-identical propositions inside one article (re-published paragraphs, Kiev/Kyiv)."""

from typing import TYPE_CHECKING

from .claimants import SEATS_OF_POWER
from .text import word_tokens

if TYPE_CHECKING:
    from .pipeline import ExtractedClaim

THRESHOLD = 0.6
# Spelling variants of the same place collapse to one token before comparing.
_VARIANTS = {name: code.lower() for name, code in SEATS_OF_POWER.items() if " " not in name}


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_VARIANTS.get(w, w) for w in word_tokens(text) if len(w) > 1)


def mark_duplicates(claims: "list[ExtractedClaim]") -> None:
    seen: list[tuple[int, frozenset[str]]] = []
    for i, claim in enumerate(claims):
        tokens = _tokens(claim.content.text)
        for j, other in seen:
            if claims[j].claimant != claim.claimant or not tokens or not other:
                continue
            if len(tokens & other) / len(tokens | other) >= THRESHOLD:
                claim.duplicate_of = j
                break
        else:
            seen.append((i, tokens))
