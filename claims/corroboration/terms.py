"""Terms shared by indexing and querying, in French and English. Pure Python, no Django.

A text becomes a list of terms, in reading order: lowercase, accent-free, without stop
words, stemmed with the Snowball stemmer of its language. Two kinds of terms are the same
in every language, which is how a French claim finds an English report:
`cc_kp` for a country, its name or its people's adjective ("Corée du Nord", "North Korea",
"nord-coréens"), and `n_10000` for a number ("10 000", "10,000", "dix mille").
Tweet and web noise (links, @handles, "— Name (@handle) Month d, yyyy" trailers) is
removed first; hashtags are split into words ("#AustralianFires" -> australian fires).
"""

import re
from dataclasses import dataclass
from functools import cache

import Stemmer

from claims.extraction.claimants import DEMONYMS, SEATS_OF_POWER, _territories
from claims.extraction.quantities import find_quantities
from claims.extraction.text import fold, parse_view

LANGS = {"fr": "french", "en": "english"}

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can cannot could couldn did didn do does doesn
    doing don down during each few for from further get got had hadn has hasn have haven
    having he her here hers herself him himself his how i if in into is isn it its itself
    just let ll me more most mustn my myself no nor not now of off on once only or other
    ought our ours ourselves out over own re s same shan she should shouldn so some such t
    than that the their theirs them themselves then there these they this those through to
    too under until up ve very was wasn we were weren what when where which while who whom
    why will with won would wouldn you your yours yourself yourselves d m o y us
    rt via amp http https www com
    ai aie aient aies ait au aura aurai auraient aurais aurait auras aurez auriez aurions
    aurons auront aux avaient avais avait avec avez aviez avions avons ayant c ce ceci cela
    celle celles celui ces cet cette ceux chez comme d dans de des donc du elle elles en es
    est et etaient etais etait etant ete etes etre eu eux furent fut il ils j je l la le les
    leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ont ou par pas
    peu plus pour qu quand que quel quelle quels qui s sa sans se sera serait ses si son
    sont sous suis sur t ta te tes toi ton tous tout toute toutes tres tu un une vers vos
    votre vous y a
    """.split()
)

# Countries whose everyday English name is also a common word or name.
_NOT_PLACES = {"jersey", "georgia", "jordan", "chad", "turkey", "guinea", "man", "us"}
_EXTRA_DEMONYMS = {
    "mexicain": "MX",
    "mexican": "MX",
    "indien": "IN",
    "indian": "IN",
    "syrien": "SY",
    "syrian": "SY",
    "irakien": "IQ",
    "iraqi": "IQ",
    "afghan": "AF",
    "pakistanais": "PK",
    "pakistani": "PK",
    "saoudien": "SA",
    "saudi": "SA",
    "palestinien": "PS",
    "palestinian": "PS",
    "egyptien": "EG",
    "egyptian": "EG",
    "bresilien": "BR",
    "brazilian": "BR",
    "venezuelien": "VE",
    "venezuelan": "VE",
    "cubain": "CU",
    "cuban": "CU",
    "suedois": "SE",
    "swedish": "SE",
    "neerlandais": "NL",
    "dutch": "NL",
    "polonais": "PL",
    "polish": "PL",
    "grec": "GR",
    "greek": "GR",
    "suisse": "CH",
    "swiss": "CH",
    "belge": "BE",
    "belgian": "BE",
    "irlandais": "IE",
    "irish": "IE",
    "libanais": "LB",
    "lebanese": "LB",
    "libyen": "LY",
    "libyan": "LY",
    "nigerian": "NG",
    "kenyan": "KE",
    "somalien": "SO",
    "somali": "SO",
    "yemenite": "YE",
    "yemeni": "YE",
    "qatari": "QA",
    "taiwanais": "TW",
    "taiwanese": "TW",
    "vietnamien": "VN",
    "vietnamese": "VN",
    "philippin": "PH",
    "filipino": "PH",
    "sud-africain": "ZA",
    "south african": "ZA",
    "norvegien": "NO",
    "norwegian": "NO",
    "danois": "DK",
    "danish": "DK",
    "finlandais": "FI",
    "finnish": "FI",
    "hongrois": "HU",
    "hungarian": "HU",
    "roumain": "RO",
    "romanian": "RO",
    "serbe": "RS",
    "serbian": "RS",
    "georgien": "GE",
    "georgian": "GE",
    "armenien": "AM",
    "armenian": "AM",
    "azerbaidjanais": "AZ",
    "azerbaijani": "AZ",
    "kurde": "KURD",
    "kurdish": "KURD",
    "anglais": "GB",
    "english": "GB",
    "ecossais": "GB",
    "scottish": "GB",
    "nord-americain": "US",
    "amerique": "US",
    "america": "US",
}
_EXTRA_PLACES = {
    "angleterre": "GB",
    "england": "GB",
    "ecosse": "GB",
    "scotland": "GB",
    "russie": "RU",
    "etats-unis": "US",
    "etats unis": "US",
    "usa": "US",
    "united states of america": "US",
    "royaume-uni": "GB",
}
_MONTHS = {
    "janvier": 1,
    "january": 1,
    "fevrier": 2,
    "february": 2,
    "mars": 3,
    "march": 3,
    "avril": 4,
    "april": 4,
    "mai": 5,
    "juin": 6,
    "june": 6,
    "juillet": 7,
    "july": 7,
    "aout": 8,
    "august": 8,
    "septembre": 9,
    "september": 9,
    "octobre": 10,
    "october": 10,
    "novembre": 11,
    "november": 11,
    "decembre": 12,
    "december": 12,
}  # "may" is left out: it is far more often the verb.

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.I)
# "— Center for Bio Div (@CenterForBioDiv) January 14, 2020" closing a tweet.
_TRAILER = re.compile(
    r"[—–-]{1,2}\s*(?P<name>[^—–\n]{0,80}?)\s*\(@\w+\)"
    r"\s*(?P<date>[A-Za-zéû]+\.?(?:\s+\d{1,2},?\s+\d{4})?)?\W*$"
)
_MEDIA = re.compile(r"pic\.twitter\.com/|youtu\.?be|/video/|/photo/", re.I)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_HASHTAG = re.compile(r"(?<!\w)#(\w+)")
_CAMEL = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\b|\d)|[A-Z]?[a-z]+|[A-Z]+|\d+")
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'", re.I)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


@dataclass(frozen=True, slots=True)
class Term:
    term: str  # what is indexed: a stem, `cc_xx` or `n_value`
    surface: str  # the word as written, for people to read


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    author: str  # the name in a tweet trailer, when there is one
    date: str = ""  # the date in that trailer ("January 14, 2020")
    media: bool = False  # it linked a picture or a video


def clean(text: str) -> Cleaned:
    """Remove tweet and web noise; split hashtags into words."""
    text = parse_view(text or "")
    author = date = ""
    media = bool(_MEDIA.search(text))
    if trailer := _TRAILER.search(text):
        author, date = trailer.group("name").strip(), trailer.group("date") or ""
        text = text[: trailer.start()]
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(lambda m: " " + " ".join(_CAMEL.findall(m.group()[1:])) + " ", text)
    text = _HASHTAG.sub(lambda m: " " + " ".join(_CAMEL.findall(m.group(1))) + " ", text)
    return Cleaned(text=text, author=author, date=date, media=media)


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(LANGS.get(lang, "english"))


@cache
def _places() -> dict[tuple[str, ...], str]:
    """Word sequences naming a country or its people (fr and en, folded) -> `cc_xx`."""
    names: dict[str, str] = {}
    by_name, _ = _territories()
    for name, code in by_name.items():
        if name not in _NOT_PLACES:
            names[name] = code
    names.update(_EXTRA_PLACES)
    for table in (DEMONYMS, _EXTRA_DEMONYMS, SEATS_OF_POWER):
        for name, code in table.items():
            if name not in _NOT_PLACES:
                names.setdefault(name, code)
    places = {}
    for name, code in names.items():
        words = tuple(_words(name))
        if words:
            places[words] = "cc_" + code.lower()
    return places


def _words(folded: str) -> list[str]:
    return [_ELISION.sub("", w) for w in _WORD.findall(folded)]


def _demonym_base(word: str) -> str:
    for ending in ("nes", "ne", "es", "s", "e"):
        if word.endswith(ending) and (word[: -len(ending)],) in _places():
            return word[: -len(ending)]
    return word


def date_terms(month: int | None, year: int | None) -> tuple[str, ...]:
    """A date as the terms a report mentioning it would hold: `m_8`, `n_2019`."""
    return tuple(t for t in (month and f"m_{month}", year and f"n_{year}") if t)


def parse_date(text: str) -> tuple[str, ...]:
    """The month and year of a written date ("January 14, 2020") as terms."""
    words = fold(text).replace(",", " ").split()
    month = next((_MONTHS[w] for w in words if w in _MONTHS), None)
    year = next((int(w) for w in words if re.fullmatch(r"(?:19|20)\d\d", w)), None)
    return date_terms(month, year)


def _number_token(value: float) -> str:
    number = int(value) if float(value).is_integer() else round(value, 3)
    return f"n_{number}"


def _mark_numbers(text: str, lang: str) -> str:
    """Replace each quantity's number by a placeholder word `n_<value>`."""
    if not any(c.isdigit() for c in text) and lang not in ("fr", "en"):
        return text
    pieces, last = [], 0
    for quantity in find_quantities(text, 0, len(text), lang if lang in LANGS else "en"):
        if quantity.start < last:
            continue
        tokens = {_number_token(quantity.low or quantity.value)}
        if quantity.high is not None:
            tokens.add(_number_token(quantity.high))
        pieces += [text[last : quantity.start], " ", " ".join(sorted(tokens)), " "]
        last = quantity.end
    pieces.append(text[last:])
    return "".join(pieces)


def analyse(text: str, lang: str) -> list[Term]:
    """The terms of `text`, in order, each with the word it came from."""
    cleaned = clean(text).text
    marked = _mark_numbers(cleaned, lang)
    raw = _WORD.findall(marked.replace("’", "'"))
    words = [(w, _ELISION.sub("", fold(w))) for w in raw]
    return _terms_of(words, lang)


def _terms_of(words: list[tuple[str, str]], lang: str) -> list[Term]:
    places, stem = _places(), _stemmer(lang).stemWord
    terms: list[Term] = []
    i = 0
    while i < len(words):
        surface, word = words[i]
        for size in (4, 3, 2, 1):
            key = tuple(_demonym_base(w) for _, w in words[i : i + size])
            if len(key) == size and key in places:
                shown = " ".join(s for s, _ in words[i : i + size])
                terms.append(Term(places[key], shown))
                i += size
                break
        else:
            i += 1
            terms.extend(_word_terms(surface, word, stem))
    return terms


def _word_terms(surface: str, word: str, stem) -> list[Term]:
    if surface in ("US", "U.S") or word in ("u.s", "u.s."):
        return [Term("cc_us", surface)]
    if "-" in word and not word.startswith("n_"):
        parts = zip(surface.split("-"), word.split("-"), strict=False)
        return [t for s, w in parts for t in _word_terms(s, w, stem)]
    if word.startswith("n_"):
        return [Term(word, word[2:])]
    if _NUMBER.match(word):
        return [Term(_number_token(float(word.replace(",", "."))), word)]
    if word in _MONTHS:
        return [Term(f"m_{_MONTHS[word]}", surface)]
    if word in STOP_WORDS or len(word) < 2:
        return []
    return [Term(stem(word), surface)]


def index_terms(title: str, text: str, lang: str) -> list[str]:
    """Terms of a stored document: its title, then its text."""
    return [t.term for t in analyse(title, lang)] + [t.term for t in analyse(text, lang)]


def query_terms(
    text: str, lang: str, *, claimant: str = "", entities=(), quantities=()
) -> list[str]:
    """Terms of a claim: its text, then who made it, its entities and its numbers."""
    terms = [t.term for t in analyse(text, lang)]
    terms += [t.term for t in analyse(claimant, lang)]
    for entity in entities:
        if code := entity.get("country"):
            terms.append("cc_" + code.lower())
    for quantity in quantities:
        if isinstance(quantity.get("value"), int | float):
            terms.append(_number_token(quantity["value"]))
    return terms
