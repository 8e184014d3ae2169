"""Claim extraction: a pure-Python library (no Django) from article text to claims.

The names below are loaded on first use, so that importing a light module of the package
(text, quantities, claimants) does not load spaCy.
"""

import importlib

_NAMES = {
    "SUPPORTED": "nlp",
    "detect_language": "nlp",
    "ExtractedClaim": "records",
    "Extraction": "records",
    "Span": "records",
    "extract": "pipeline",
    "extract_article": "pipeline",
    "extract_articles": "pipeline",
    "extract_many": "pipeline",
    "Quantity": "quantities",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_NAMES[name]}", __name__), name)
