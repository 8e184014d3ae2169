"""Claim extraction: a pure-Python library (no Django) from article text to claims."""

from .nlp import SUPPORTED, detect_language
from .pipeline import (
    ExtractedClaim,
    Extraction,
    Span,
    extract,
    extract_article,
    extract_articles,
    extract_many,
)
from .quantities import Quantity

__all__ = [
    "SUPPORTED",
    "ExtractedClaim",
    "Extraction",
    "Quantity",
    "Span",
    "detect_language",
    "extract",
    "extract_article",
    "extract_articles",
    "extract_many",
]
