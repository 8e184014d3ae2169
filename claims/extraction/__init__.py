"""Claim extraction: a pure-Python library (no Django) from article text to claims."""

from .nlp import SUPPORTED, detect_language
from .pipeline import ExtractedClaim, Span, extract, extract_many
from .quantities import Quantity

__all__ = [
    "SUPPORTED",
    "ExtractedClaim",
    "Quantity",
    "Span",
    "detect_language",
    "extract",
    "extract_many",
]
