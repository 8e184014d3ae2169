"""Stance hints for a suggested report: what a reviewer should look at first.

Pure Python (no Django). Hints are not verdicts: they point at a figure that agrees or
differs, at the claimant being quoted, and at when the report appeared. A figure is only
compared with a figure about the same thing: the same counted unit (soldats, soldiers and
troops are one) said of the same kind of event (killed/tués, sent/envoyés …), in French or
English.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from ..extraction.quantities import find_quantities
from ..extraction.text import fold, parse_view

# Counted things and events, one concept key for the French and English words (folded
# prefixes: "soldat" matches soldat, soldats; "tue" matches tue, tues, tuee).
_CONCEPTS = {
    "troops": "soldat soldier troop militaire military combattant fighter",
    "people": "personne people person habitant resident civil civilian",
    "victims": "victime victim mort dead death deces",
    "casualties": "tue killed blesse wounded injured casualt perte",
    "deployment": "envoi envoy sent send deploy deploie renfort dispatch",
    "prisoners": "prisonnier prisoner captur detenu detainee",
    "missiles": "missile roquette rocket obus shell drone",
    "refugees": "refugie refugee deplace displaced migrant",
    "money": "eur usd gbp dollar euro",
    "percent": "% pour cent percent pourcent",
    "years": "an ans annee year",
    "countries": "pays countr nation",
}
_CONCEPT_PREFIXES = [(prefix, key) for key, words in _CONCEPTS.items() for prefix in words.split()]
# Concepts that are counted things; the others are kinds of event.
_UNIT_CONCEPTS = set(_CONCEPTS) - {"casualties", "deployment"}
_WORD = re.compile(r"\w+|%")
# A figure more than this many times the other is about something else (30 dead vs 10,000
# sent), however alike the words around it.
_MAX_RATIO = 20.0
# Within this relative distance two figures are the same figure (rounding).
_SAME = 0.02


@dataclass(frozen=True, slots=True)
class Figure:
    text: str
    value: float
    low: float
    high: float
    qualifier: str
    unit: str  # the concept key of the counted thing
    events: frozenset[str]  # event concepts in the words around the figure


def _concept(word: str) -> str | None:
    for prefix, key in _CONCEPT_PREFIXES:
        if word.startswith(prefix):
            return key
    return None


_SENTENCE_END = re.compile(r"[.!?;]\s")


def _sentence_around(view: str, start: int, end: int) -> str:
    """The figure's sentence (at most 120 characters either side)."""
    before = view[max(0, start - 120) : start]
    cut = list(_SENTENCE_END.finditer(before))
    if cut:
        before = before[cut[-1].end() :]
    after = view[end : end + 120]
    stop = _SENTENCE_END.search(after)
    return before + view[start:end] + (after[: stop.start()] if stop else after)


def _window_concepts(sentence: str) -> frozenset[str]:
    found = {_concept(w) for w in _WORD.findall(fold(sentence))}
    return frozenset(k for k in found if k and k not in _UNIT_CONCEPTS)


def _unit_after(view: str, q) -> str | None:
    """The counted thing: the unit the extractor read, or a known noun in the next words
    ("12,000 North Korean troops")."""
    words = [fold(q.unit)] if q.unit else []
    words += _WORD.findall(fold(view[q.end : q.end + 60]))[:4]
    for word in words:
        key = _concept(word)
        if key in _UNIT_CONCEPTS:
            return key
    return None


def figures(text: str, lang: str) -> list[Figure]:
    """Quantities of `text` whose counted thing is known, with their event words."""
    view = parse_view(text)
    found = []
    for q in find_quantities(view, 0, len(view), lang if lang in ("fr", "en") else "en"):
        unit = _unit_after(view, q)
        if unit is None:
            continue
        low = q.low if q.low is not None else q.value
        high = q.high if q.high is not None else q.value
        events = _window_concepts(_sentence_around(view, q.start, q.end))
        found.append(Figure(q.text, q.value, low, high, q.qualifier, unit, events))
    return found


def _same_value(a: Figure, b: Figure) -> bool:
    if a.low <= b.high and b.low <= a.high and "range" in (a.qualifier, b.qualifier):
        return True
    scale = max(abs(a.value), abs(b.value), 1e-9)
    return abs(a.value - b.value) / scale <= _SAME


def _comparable(a: Figure, b: Figure) -> bool:
    if a.unit != b.unit:
        return False
    if a.events and b.events and not (a.events & b.events):
        return False
    small, big = sorted((abs(a.value), abs(b.value)))
    return small > 0 and big / small <= _MAX_RATIO


def figure_hints(claim: list[Figure], report: list[Figure]) -> list[dict]:
    """A match or a conflict for each claim figure the report speaks of."""
    hints = []
    for mine in claim:
        others = [theirs for theirs in report if _comparable(mine, theirs)]
        same = next((t for t in others if _same_value(mine, t)), None)
        if same is not None:
            hints.append({"kind": "quantity_match", "claim": mine.text, "report": same.text})
        elif others:
            hints.append(
                {"kind": "quantity_conflict", "claim": mine.text, "report": others[0].text}
            )
    return hints


def names_quoted(names: list[str], text: str) -> str | None:
    """The first of `names` (a claimant's name and aliases) that the text mentions."""
    folded = f" {' '.join(_WORD.findall(fold(text)))} "
    for name in names:
        key = " ".join(_WORD.findall(fold(name)))
        if len(key) >= 3 and f" {key} " in folded:
            return name
    return None


def timing_hint(report_published: datetime | None, claim_published: datetime | None) -> dict:
    if report_published is None or claim_published is None:
        return {}
    before = report_published <= claim_published
    return {"kind": "published_before" if before else "published_after"}


def hints_for(
    *,
    claim_figures: list[Figure],
    claimant_names: list[str],
    report_text: str,
    report_lang: str,
    report_published: datetime | None,
    claim_published: datetime | None,
) -> list[dict]:
    """Every hint for one report, in the order the claim page shows them."""
    hints = figure_hints(claim_figures, figures(report_text, report_lang))
    quoted = names_quoted(claimant_names, report_text)
    if quoted:
        hints.append({"kind": "claimant_quoted", "name": quoted})
    timing = timing_hint(report_published, claim_published)
    if timing:
        hints.append(timing)
    return hints
