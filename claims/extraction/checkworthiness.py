"""How much a claim deserves a fact-checker's time: a probability from a logistic model.

The model (`checkworthiness_weights.json`, trained by `train_checkworthiness.py` on the
CheckThat! 2019 debates and speeches) reads features that exist in French as in English:
numbers and quantities, named entities, comparison and trend words, attribution, tense,
hedges, first and second person, negation, questions, greetings, length. Token features
come from the parse the pipeline already made (`note_parse`); nothing is parsed twice.
The reasons shown to reviewers are the features that moved the score most, in words.
"""

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from .cues import CALL_TO_ACTION, OPINION_VERBS, WARNING_VERBS
from .text import fold

if TYPE_CHECKING:
    from .pipeline import ExtractedClaim

# spaCy's entity labels for people, organisations and places, English and French models.
NAMED_LABELS = frozenset("PER PERSON ORG LOC GPE FAC NORP".split())
WEIGHTS = Path(__file__).with_name("checkworthiness_weights.json")
MAX_RAISING, MAX_LOWERING = 3, 2
# A reason is given when its features move the log-odds by at least this much.
REASON_MIN = 0.15

# Feature name -> (reason when it raises the score, reason when it lowers it).
FEATURES: dict[str, tuple[str, str]] = {
    "quantity": ("quantity", "quantity"),
    "numbers": ("quantity", "quantity"),
    "money_or_percent": ("quantity", "quantity"),
    "year": ("date", "date"),
    "person": ("named entities", "named entities"),
    "organisation": ("named entities", "named entities"),
    "place": ("named entities", "named entities"),
    "proper_nouns": ("named entities", "named entities"),
    "named_source": ("named source", "named source"),
    "reported": ("reported speech", "reported speech"),
    "comparison": ("comparison", "comparison"),
    "trend": ("trend", "trend"),
    "past": ("past tense", "past tense"),
    "future": ("prediction", "prediction"),
    "conditional": ("prediction", "prediction"),
    "opinion": ("opinion or fear", "opinion or fear"),
    "hedge": ("opinion or fear", "opinion or fear"),
    "warning": ("warning", "warning"),
    "call": ("call to action", "call to action"),
    "question": ("question", "question"),
    "first_singular": ("first person", "first person"),
    "first_plural": ("first person", "first person"),
    "second_person": ("addresses the listener", "addresses the listener"),
    "negation": ("negation", "negation"),
    "greeting": ("greeting or thanks", "greeting or thanks"),
    "policy_topic": ("policy topic", "policy topic"),
    "absolute": ("sweeping statement", "sweeping statement"),
    "digits": ("quantity", "quantity"),
    "sentence_entities": ("named entities", "named entities"),
    "nouns": ("long statement", "short"),
    "verbs": ("long statement", "short"),
    "adjectives": ("long statement", "short"),
    "length": ("long statement", "short"),
    "sentence_length": ("long statement", "short"),
}
NAMES = tuple(FEATURES)

_LEMMAS = {
    "comparison": """more less fewer most least than record versus compared
        plus moins davantage meilleur pire record inférieur supérieur comparé""",
    "trend": """increase decrease rise fall grow growth double triple cut drop decline lose
        create raise reduce lower soar surge jump shrink gain loss
        augmenter augmentation baisser baisse hausse croître croissance doubler tripler
        réduire réduction chuter chute perdre créer progresser progression reculer recul
        diminuer diminution grimper bondir gagner perte""",
    "hedge": """maybe perhaps probably possibly seem guess feel opinion apparently
        peut-être probablement sembler paraître avis apparemment éventuellement""",
    "greeting": """thank thanks hello welcome congratulation congratulations applause bye
        merci bonjour bonsoir bienvenue félicitation félicitations remercier revoir""",
    "policy_topic": """tax taxes job jobs economy deficit debt trade unemployment wage wages
        crime police immigration immigrant border healthcare health insurance medicare
        budget spending war military troop nuclear energy oil coal climate emission
        school education price cost income poverty billion million
        impôt impôts taxe emploi emplois chômage économie déficit dette commerce salaire
        salaires crime criminalité police immigration immigré frontière santé assurance
        budget dépense dépenses guerre armée nucléaire énergie pétrole charbon climat
        émission école éducation prix coût revenu pauvreté milliard""",
    "absolute": """never always every all ever nobody none nothing everyone everybody only
        jamais toujours tout tous toute toutes chaque aucun aucune personne rien seul seule""",
    "future": "will shall 'll",
    "conditional": "would could might should",
}
LEMMAS = {name: frozenset(words.split()) for name, words in _LEMMAS.items()}

_MONEY_OR_PERCENT = re.compile(
    r"[%$€£]|\b(?:percent|per cent|pour cent|dollars?|euros?|million|billion|trillion"
    r"|milliards?|millions?)\b"
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_CALL = re.compile(
    r"\b(?:exhort\w*|appel\w*\s+[àa]|demand\w*\s+[àa]|il\s+faut|doi[tv]\w*|urg\w*|call\w*\s+on"
    r"|must|let\s+us|we\s+ask)\b"
)
_HEDGE_PHRASE = re.compile(r"\b(?:sans doute|i think|i believe|je pense|je crois|in my view)\b")


def _token_counts(tokens: list[Token]) -> dict[str, float]:
    """Counts of the parse's cues over the claim's tokens (one pass, no new parse)."""
    c = dict.fromkeys(("numbers", "proper_nouns", "first_singular", "first_plural"), 0.0)
    c |= dict.fromkeys(("second_person", "past", "future", "conditional", "negation"), 0.0)
    c |= dict.fromkeys(("comparison", "trend", "hedge", "greeting", "policy_topic"), 0.0)
    c |= dict.fromkeys(("nouns", "verbs", "adjectives", "question", "absolute", "digits"), 0.0)
    for tok in tokens:
        lemma, low, morph = tok.lemma_.lower(), tok.lower_, tok.morph
        c["numbers"] += tok.pos_ == "NUM" or (tok.like_num and tok.pos_ != "DET")
        c["proper_nouns"] += tok.pos_ == "PROPN"
        if tok.pos_ == "PRON" and "1" in morph.get("Person"):
            c["first_plural" if "Plur" in morph.get("Number") else "first_singular"] += 1
        c["second_person"] += tok.pos_ == "PRON" and "2" in morph.get("Person")
        c["past"] += tok.pos_ in ("VERB", "AUX") and "Past" in morph.get("Tense")
        c["future"] += "Fut" in morph.get("Tense") or low in LEMMAS["future"]
        c["conditional"] += "Cnd" in morph.get("Mood") or low in LEMMAS["conditional"]
        c["negation"] += tok.dep_ == "neg" or "Neg" in morph.get("Polarity") or low == "pas"
        c["comparison"] += bool(set(morph.get("Degree")) & {"Cmp", "Sup"})
        c["comparison"] += lemma in LEMMAS["comparison"] or low in LEMMAS["comparison"]
        c["nouns"] += tok.pos_ == "NOUN"
        c["verbs"] += tok.pos_ == "VERB"
        c["adjectives"] += tok.pos_ == "ADJ"
        c["question"] += tok.text == "?"
        c["digits"] += any(ch.isdigit() for ch in tok.text)
        for name in ("trend", "hedge", "policy_topic", "absolute"):
            c[name] += lemma in LEMMAS[name] or low in LEMMAS[name]
        c["greeting"] += tok.pos_ == "INTJ" or lemma in LEMMAS["greeting"]
    return {k: math.log1p(v) for k, v in c.items()}


def note_parse(claims: "list[ExtractedClaim]", doc: Doc, offset: int) -> None:
    """Store on each claim the token features of its sentence, read from `doc` (which
    parses the text from `offset`); claims of one sentence share one count."""
    counted: dict[tuple[int, int], dict[str, float]] = {}
    for claim in claims:
        where = (claim.sentence.start - offset, claim.sentence.end - offset)
        if where not in counted:
            span = doc.char_span(max(0, where[0]), max(0, where[1]), alignment_mode="expand")
            tokens = list(span) if span is not None else []
            named = [e for e in (span.ents if span is not None else ()) if e.label_ in NAMED_LABELS]
            counted[where] = _token_counts(tokens) | {
                "sentence_length": math.log1p(len(tokens)),
                "sentence_entities": math.log1p(len(named)),
            }
        claim.cw_features = counted[where]


def claim_features(claim: "ExtractedClaim") -> list[float]:
    """The model's features of one claim, in the order of `NAMES`."""
    content = fold(claim.content.text)
    words = len(content.split())
    named = dict.fromkeys(("person", "organisation", "place"), 0)
    for entity in claim.entities:
        if entity["label"] in named:
            named[entity["label"]] += 1
    hedged = _HEDGE_PHRASE.search(content) or claim.cue_lemma in OPINION_VERBS
    f = dict(claim.cw_features) | {
        "quantity": float(bool(claim.quantities)),
        "money_or_percent": float(bool(_MONEY_OR_PERCENT.search(content))),
        "year": float(bool(_YEAR.search(content))),
        "named_source": float(bool(claim.claimant)),
        "reported": float(claim.kind != "unattributed"),
        "opinion": float(claim.cue_lemma in OPINION_VERBS),
        "warning": float(claim.cue_lemma in WARNING_VERBS),
        "call": float(bool(_CALL.search(content)) or claim.cue_lemma in CALL_TO_ACTION),
        "length": math.log1p(words),
    }
    f |= {label: math.log1p(n) for label, n in named.items()}
    f["hedge"] = max(f.get("hedge", 0.0), float(bool(hedged)))
    return [float(f.get(name, 0.0)) for name in NAMES]


@cache
def load_model(path: Path = WEIGHTS) -> dict:
    model = json.loads(path.read_text(encoding="utf-8"))
    if model["features"] != list(NAMES):
        raise ValueError(f"{path.name} was trained on other features; retrain it")
    return model


def explain(model: dict, x: list[float]) -> tuple[float, list[str]]:
    """(probability, reasons): the log-odds of `x`, and the reasons of the present features
    that moved it most (their terms summed by reason): up to three that raise the score,
    then up to two that lower it, strongest first."""
    z = model["intercept"]
    by_reason: dict[str, float] = {}
    for name, coef, mean, scale, value in zip(
        NAMES, model["coef"], model["mean"], model["scale"], x, strict=True
    ):
        term = coef * (value - mean) / scale
        z += term
        if value > 0 or name == "length":
            reason = FEATURES[name][0 if term > 0 else 1]
            by_reason[reason] = by_reason.get(reason, 0.0) + term
    ranked = sorted(by_reason.items(), key=lambda item: -abs(item[1]))
    raising = [r for r, t in ranked if t >= REASON_MIN][:MAX_RAISING]
    lowering = [r for r, t in ranked if t <= -REASON_MIN][:MAX_LOWERING]
    return 1 / (1 + math.exp(-z)), raising + lowering


def score_checkworthiness(claim: "ExtractedClaim", lang: str) -> tuple[float, list[str]]:
    """(probability that a fact-checker would check the claim, reasons in words)."""
    probability, reasons = explain(load_model(), claim_features(claim))
    return round(min(1.0, max(0.0, probability)), 4), reasons
