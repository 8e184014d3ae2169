"""Near-identical propositions inside one article (re-published paragraphs, Kiev/Kyiv)."""

import math
import sys
from collections import defaultdict
from typing import TYPE_CHECKING

from .claimants import SEATS_OF_POWER
from .text import word_tokens

if TYPE_CHECKING:
    from .records import ExtractedClaim

THRESHOLD = 0.6
# Spelling variants of the same place collapse to one token before comparing.
_VARIANTS = {name: code.lower() for name, code in SEATS_OF_POWER.items() if " " not in name}


def proposition_tokens(text: str) -> frozenset[str]:
    """The words a proposition is compared by, with spelling variants collapsed."""
    return frozenset(_VARIANTS.get(w, w) for w in word_tokens(text) if len(w) > 1)


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= THRESHOLD


def mark_duplicates(claims: "list[ExtractedClaim]") -> None:
    """Mark each claim that repeats an earlier one (same claimant, token Jaccard >= 0.6)
    as `duplicate_of` the first. Only a few candidates are compared per claim (prefix
    filtering): two sets this similar share one of the first words of each in any fixed
    order, so each claim is indexed under its first few, longest words first (the rarer
    ones), and an article of thousands of claims stays fast. Only claims that are not
    duplicates keep their words."""
    kept: dict[int, frozenset[str]] = {}
    index: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for i, claim in enumerate(claims):
        tokens = proposition_tokens(claim.content.text)
        if not tokens:
            continue
        ordered = sorted(tokens, key=lambda token: (-len(token), token))
        prefix = ordered[: len(tokens) - math.ceil(THRESHOLD * len(tokens)) + 1]
        candidates = sorted({j for token in prefix for j in index[(claim.claimant, token)]})
        match = next((j for j in candidates if similar(tokens, kept[j])), None)
        if match is not None:
            claim.duplicate_of = match
            continue
        kept[i] = tokens
        for token in prefix:
            index[(claim.claimant, sys.intern(token))].append(i)
