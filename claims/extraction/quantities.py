"""Numbers in claims: digits with any grouping, number words, qualifiers, ranges, units.

Works on the parse view (same offsets as the stored text). Number words are turned into
digits by text2num; everything else is regular expressions over the view.
"""

import math
import re
from dataclasses import dataclass

from text_to_num import text2num

QUALIFIERS = {
    "fr": [
        (r"plus\s+de|au-del[àa]\s+de|davantage\s+de|sup[ée]rieure?s?\s+[àa]", "more_than"),
        (r"au\s+moins|au\s+minimum|pas\s+moins\s+de", "at_least"),
        (r"moins\s+de|inf[ée]rieure?s?\s+[àa]", "less_than"),
        (r"au\s+plus|au\s+maximum|jusqu'[àa]|pas\s+plus\s+de", "at_most"),
        (
            r"pr[èe]s\s+de|environ|quelque|autour\s+de|approximativement|une\s+centaine\s+de"
            r"|aux\s+alentours\s+de|quasiment|presque",
            "about",
        ),
    ],
    "en": [
        (r"more\s+than|over|above|in\s+excess\s+of|upwards\s+of", "more_than"),
        (r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of", "at_least"),
        (r"less\s+than|fewer\s+than|under|below", "less_than"),
        (r"at\s+most|up\s+to|no\s+more\s+than|a\s+maximum\s+of", "at_most"),
        (
            r"about|around|approximately|roughly|nearly|almost|some|an\s+estimated"
            r"|close\s+to",
            "about",
        ),
    ],
}

NUMBER_WORDS = {
    "fr": """
        zéro zero un une deux trois quatre cinq six sept huit neuf dix onze douze treize
        quatorze quinze seize vingt vingts trente quarante cinquante soixante cent cents
        mille million millions milliard milliards et
        """.split(),
    "en": """
        zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty
        sixty seventy eighty ninety hundred thousand million millions billion billions
        and a
        """.split(),
}
SCALES = {
    "mille": 1e3,
    "millier": 1e3,
    "milliers": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "milliard": 1e9,
    "milliards": 1e9,
    "thousand": 1e3,
    "thousands": 1e3,
    "million(s)": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "m": 1e6,
    "k": 1e3,
    "md": 1e9,
    "mds": 1e9,
    "mln": 1e6,
}
MONTHS = set(
    """
    janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre
    décembre decembre january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
PERCENT_WORDS = {"%", "pour cent", "pourcent", "percent", "per cent", "pct"}
CURRENCIES = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "livres": "GBP",
    "pounds": "GBP",
    "yuans": "CNY",
    "yuan": "CNY",
    "roubles": "RUB",
    "rouble": "RUB",
    "rubles": "RUB",
    "hryvnias": "UAH",
}

# Digits grouped by space, narrow space (already a space in the view), comma or dot, one
# kind in a number, and an optional decimal part: "2,200 100.0" in a chart is two numbers.
# ("[ ]": the pattern is compiled verbose.)
_DIGITS = r"\d{1,3}(?:(?:[ ]\d{3})+|(?:,\d{3})+|(?:\.\d{3})+)(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_UNIT_WORD = r"(?:d'|de\s+|of\s+)?([^\W\d_][\w'-]*)"
_UNIT_RE = re.compile(r"\s+" + _UNIT_WORD)

# Words after a number that are never what it counts: "5 in Florida", "3 à Paris".
NOT_UNITS = {
    "en": frozenset(
        """
        a an the and or but nor of in on at to for from by with as than that which who whom
        whose when where while if because after before during under over since until per
        into onto about against between through without within among across they he she it
        we you i them us him me his her their its our my your this these those is are was
        were be been being has have had do does did will would can could may might must
        shall should not no so also alone
        """.split()
    ),
    "fr": frozenset(
        """
        à au aux en dans de du des le la les un une et ou mais que qui dont où par
        pour sur sous avec sans chez contre entre vers depuis pendant avant après ce cette
        ces son sa ses leur leurs il elle ils elles on nous vous eux est sont était étaient sera
        seront a ont avait avaient été être ne pas si comme selon plus moins
        """.split()
    ),
}
# Words between a number and what it counts: "5 additional troops", "3 autres soldats".
UNIT_MODIFIERS = {
    "en": frozenset(
        """additional more extra further other fewer less former major largest biggest best
        worst top new old""".split()
    ),
    "fr": frozenset("autres nouveaux nouvelles premiers premières derniers dernières".split()),
}
# One-letter units: metres, grams, litres, hours ("21 h"), and francs ("8,50 F").
LETTER_UNITS = {"en": frozenset("m g l h".split()), "fr": frozenset("m g l h f".split())}


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": _plain(self.value),
            "low": _plain(self.low),
            "high": _plain(self.high),
            "qualifier": self.qualifier,
            "unit": self.unit,
        }


def _plain(number: float | None) -> float | int | None:
    if number is None:
        return None
    return int(number) if float(number).is_integer() else round(number, 6)


def parse_digits(raw: str, lang: str) -> float | None:
    """The value of digits as `lang` writes them, or None when they are not one number
    (chart residue such as "2,200 100.0", a run of separators, an overflowing figure)."""
    raw = raw.strip()
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", raw):
        return _number(raw.replace(" ", "").replace(",", "."))
    if lang == "fr":
        # French groups thousands with dots or spaces and writes decimals with a comma.
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
            return _number(raw.replace(".", "").replace(",", "."))
        return _number(raw.replace(",", ".")) if raw.count(",") <= 1 else None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        return _number(raw.replace(",", ""))
    if raw.count(".") <= 1 and "," not in raw:
        return _number(raw)
    if raw.count(",") == 1:  # "1,5" in English text is most likely a decimal written the other way
        return _number(raw.replace(",", "."))
    return None


def _number(digits: str) -> float | None:
    """float() of plain digits with at most one decimal point, if finite; None for any
    other string (float() would raise, or read "1e5", "1_000" and "inf" as numbers)."""
    if not re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return None
    value = float(digits)
    return value if math.isfinite(value) else None


def _number_word_re(lang: str) -> str:
    words = sorted(NUMBER_WORDS[lang], key=len, reverse=True)
    word = "|".join(re.escape(w) for w in words if w not in {"et", "and", "a"})
    joiner = r"(?:[\s-]+(?:et|and)?[\s-]*|-)" if lang else r"\s+"
    return rf"(?:{word})(?:{joiner}(?:{word}))*"


def _words_value(raw: str, lang: str) -> float | None:
    try:
        return float(text2num(raw.lower(), lang))
    except ValueError:
        return None


def _build_pattern(lang: str) -> re.Pattern[str]:
    quals = "|".join(f"(?:{q})" for q, _ in QUALIFIERS[lang])
    number = rf"(?:{_DIGITS}|{_number_word_re(lang)})"
    scale = r"(?:\s*(?:" + "|".join(re.escape(s) for s in SCALES if "(" not in s) + r")\b)?"
    range_join = r"(?:et|à|a|-|–|to|and)"
    return re.compile(
        rf"""(?<![\w.,])
        (?P<qual>(?:{quals})\s+)?
        (?:(?P<between>entre|between|de|from)\s+)?
        (?P<cur1>[$€£¥]\s?)?
        (?P<n1>{number}){scale}
        (?:\s*{range_join}\s*(?P<cur2>[$€£¥]\s?)?(?P<n2>{number}){scale})?
        (?P<pct>\s*(?:%|pour\s?cent|per\s?cent|percent))?
        (?![\w])""",
        re.IGNORECASE | re.VERBOSE,
    )


_PATTERNS = {lang: _build_pattern(lang) for lang in QUALIFIERS}
_SCALE_RE = re.compile(
    r"\s*(" + "|".join(re.escape(s) for s in SCALES if "(" not in s) + r")\b", re.I
)


def _value_of(raw: str, lang: str) -> float | None:
    """Value of one number match, with a trailing scale word ("3,5 milliards")."""
    scale = 1.0
    scale_match = re.search(_SCALE_RE.pattern + r"\s*$", raw, re.I)
    if scale_match and re.search(r"\d", raw):
        scale = SCALES[scale_match.group(1).lower()]
        raw = raw[: scale_match.start()]
    raw = raw.strip()
    value = parse_digits(raw, lang) if re.search(r"\d", raw) else _words_value(raw, lang)
    if value is None or not math.isfinite(value * scale):
        return None
    return value * scale


def find_quantities(
    view: str, start: int, end: int, lang: str, *, text: str | None = None
) -> list[Quantity]:
    """Quantities inside view[start:end]; offsets are absolute. A quantity's text is
    taken from `text` (the stored text the view was made from) when given."""
    found: list[Quantity] = []
    segment = view[start:end]
    for match in _PATTERNS[lang].finditer(segment):
        n1 = match.group("n1")
        if not re.search(r"\d", n1) and n1.lower() in {"un", "une", "one", "a"}:
            continue  # the article "un"/"une" is not a quantity
        after = segment[match.end() : match.end() + 40]
        unit = _unit_after(after, lang)
        if _is_date(match, segment, after, unit):
            continue
        values = _values(match, segment, lang)
        if values is None:
            continue
        low, high = values
        abs_start, abs_end = start + _text_start(match, high), start + match.end()
        found.append(
            Quantity(
                start=abs_start,
                end=abs_end,
                text=(view if text is None else text)[abs_start:abs_end],
                value=low if high is None else (low + high) / 2,
                low=low,
                high=high if high is not None else low,
                qualifier=_qualifier(match, lang, high),
                unit=_currency_unit(match, unit),
            )
        )
    return found


def _is_date(match: re.Match[str], segment: str, after: str, unit: str | None) -> bool:
    """ "16 décembre" and "en 2024" are dates; a bare year-like number is too."""
    first = _UNIT_RE.match(after)
    if first and first.group(1).lower() in MONTHS:
        return True
    n1 = match.group("n1")
    before = segment[max(0, match.start() - 12) : match.start()]
    year_like = re.fullmatch(r"(?:1[89]|20)\d\d", n1) is not None
    if year_like and re.search(r"\b(?:en|in|de|since|depuis|année|year)\s*$", before, re.I):
        return True
    return year_like and not unit and not match.group("qual")


def _values(match: re.Match[str], segment: str, lang: str) -> tuple[float, float | None] | None:
    """(low, high) of a number or a range (high None for one number); None if unreadable."""
    low = _value_of(_span_text(match, "n1"), lang)
    if low is None:
        return None
    n2 = match.group("n2")
    high = _value_of(_span_text(match, "n2"), lang) if n2 else None
    if n2 and (high is None or not math.isfinite(low + high)):
        return None
    # A scale written only after the second number applies to both ("entre 3 et 5 millions").
    if high is not None and high >= 1000 * low and low < 1000:
        scale_match = _SCALE_RE.match(segment, match.end("n2"))
        if scale_match:
            low *= SCALES[scale_match.group(1).lower()]
    return low, high


def _qualifier(match: re.Match[str], lang: str, high: float | None) -> str:
    if high is not None:
        return "range"
    if match.group("qual"):
        qual_text = match.group("qual").strip().lower()
        for qual_re, name in QUALIFIERS[lang]:
            if re.fullmatch(qual_re, qual_text, re.I):
                return name
    # "de 30 soldats" without a second number: "de" was a preposition, not a range.
    return "exact"


def _currency_unit(match: re.Match[str], unit: str | None) -> str | None:
    currency = match.group("cur1") or match.group("cur2")
    if match.group("pct"):
        return "%"
    if currency:
        return CURRENCIES[currency.strip()]
    if unit and unit.lower() in CURRENCIES:
        return CURRENCIES[unit.lower()]
    return unit


def _text_start(match: re.Match[str], high: float | None) -> int:
    """Where the quantity's text starts: "de 30" without a range starts at the number."""
    if not (match.group("between") and high is None):
        return match.start()
    if match.group("qual"):
        return match.start("qual")
    return match.start("cur1") if match.group("cur1") else match.start("n1")


def _unit_after(after: str, lang: str) -> str | None:
    """The word a number counts ("12 soldiers", "3 millions d'euros"), if any.

    A function word ("5 in Florida"), an English past form ("3 accounted for"), a
    capitalised name ("2016 Republican …") or a single letter is not a unit; a modifier
    ("5 additional troops", "3 autres soldats") is skipped for the word after it.
    """
    match = _UNIT_RE.match(after)
    if match and match.group(1).lower() in UNIT_MODIFIERS[lang]:
        match = _UNIT_RE.match(after, match.end())
    if match is None:
        return None
    word = match.group(1)
    low = word.lower()
    if low in NOT_UNITS[lang] or (len(word) == 1 and low not in LETTER_UNITS[lang]):
        return None
    if lang == "en" and low.endswith("ed") and len(low) > 4:
        return None
    titled = word[0].isupper() and not word.isupper()
    return None if titled else word


def _span_text(match: re.Match[str], group: str) -> str:
    """The number group with any scale word that follows it inside the match."""
    end = match.end(group)
    scale = _SCALE_RE.match(match.string, end)
    if scale and scale.end() <= match.end():
        end = scale.end()
    return match.string[match.start(group) : end]
