"""How much a claim deserves a fact-checker's time, from features a reviewer can read.

Numbers, named sources and named entities raise the score; opinions, predictions, calls
to action, questions and very short statements lower it.
"""

import re
from typing import TYPE_CHECKING

from .cues import CALL_TO_ACTION, OPINION_VERBS, WARNING_VERBS
from .text import fold

if TYPE_CHECKING:
    from .pipeline import ExtractedClaim

_PREDICTION = {
    "fr": re.compile(
        r"\b(?:pourrai[ts]?|pourraient|devrai[ts]?|devraient|sera|seront|va\s+\w+er)\b"
    ),
    "en": re.compile(r"\b(?:will|would|could|might|may|going\s+to|expects?\s+to)\b"),
}
_CALL = re.compile(
    r"\b(?:exhort\w*|appel\w*\s+[àa]|demand\w*\s+[àa]|il\s+faut|doi[tv]\w*|urg\w*|call\w*\s+on"
    r"|must|should|let\s+us|we\s+ask)\b"
)


def score_checkworthiness(claim: "ExtractedClaim", lang: str) -> tuple[float, list[str]]:
    content = fold(claim.content.text)
    reasons: list[str] = []
    score = 0.35
    if claim.quantities:
        score += 0.3
        reasons.append("quantity")
    named = [e for e in claim.entities if e["label"] in {"person", "organisation", "place"}]
    if named:
        score += min(0.15, 0.05 * len(named))
        reasons.append("named entities")
    if claim.claimant:
        score += 0.1
        reasons.append("named source")
    cue = claim.cue_lemma
    if cue in OPINION_VERBS:
        score -= 0.15
        reasons.append("opinion or fear")
    if cue in WARNING_VERBS:
        score -= 0.25
        reasons.append("warning")
    if _PREDICTION[lang].search(content):
        score -= 0.1
        reasons.append("prediction")
    if _CALL.search(content) or cue in CALL_TO_ACTION:
        score -= 0.3
        reasons.append("call to action")
    if content.rstrip().endswith("?"):
        score -= 0.3
        reasons.append("question")
    if len(content.split()) < 6:
        score -= 0.15
        reasons.append("short")
    return round(min(1.0, max(0.0, score)), 3), reasons
