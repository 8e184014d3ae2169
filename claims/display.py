"""Stored values as a reader would write them, in the interface language."""

from collections.abc import Callable

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# How each qualifier the extractor stores reads before a number; "exact" reads as the
# bare number. "%(number)s" keeps the word order translatable.
_QUALIFIER_PHRASES = {
    "more_than": lambda: _("more than %(number)s"),
    "less_than": lambda: _("less than %(number)s"),
    "at_least": lambda: _("at least %(number)s"),
    "at_most": lambda: _("at most %(number)s"),
    "about": lambda: _("about %(number)s"),
}


def number(value: float | int) -> str:
    """A number with the locale's grouping: 10,000 in English, 10 000 in French."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # stored ranges are floats: 3000000.0 reads as 3,000,000
    return number_format(value, force_grouping=True)


def quantity_phrase(quantity: dict, *, number: Callable[[float | int], str] = number) -> str:
    """'more than 10,000 soldiers' / 'plus de 10 000 soldats' from `Quantity.as_dict()`.

    The unit is kept as the article wrote it; only "%" follows the language's typography.
    `number` formats the figures (the CSV export passes a faster one for its million rows).
    """
    value, low, high = quantity.get("value"), quantity.get("low"), quantity.get("high")
    qualifier = quantity.get("qualifier") or "exact"
    if value is None and low is None:
        return str(quantity.get("text") or "")
    if qualifier == "range" and low is not None and high is not None and low != high:
        phrase = _("between %(low)s and %(high)s") % {"low": number(low), "high": number(high)}
    else:
        amount = number(value if value is not None else low)
        pattern = _QUALIFIER_PHRASES.get(qualifier)
        phrase = pattern() % {"number": amount} if pattern else amount
    unit = quantity.get("unit") or ""
    if unit == "%":
        # No space in English ("12.5%"), a space in French ("12,5 %").
        return _("%(quantity)s%%") % {"quantity": phrase}
    return f"{phrase} {unit}" if unit else phrase


def with_colon(label: str) -> str:
    """A label and its colon, in the typography of the active language."""
    french = (get_language() or "").startswith("fr")
    return f"{label}\u00a0:" if french else f"{label}:"
