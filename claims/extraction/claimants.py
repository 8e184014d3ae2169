"""Who a claim is attributed to, normalised across languages and spellings.

Country names in French and English come from CLDR (through Babel); capitals standing for
their governments, demonym adjectives ("les autorités ukrainiennes") and a few common
groups are listed here because CLDR does not carry them.
"""

import re
from functools import cache

from babel import Locale
from text_to_num import text2num

from .text import fold

# Capitals and seats of power used in news as metonyms for governments.
SEATS_OF_POWER = {
    "washington": "US",
    "la maison blanche": "US",
    "maison blanche": "US",
    "the white house": "US",
    "white house": "US",
    "moscou": "RU",
    "moscow": "RU",
    "le kremlin": "RU",
    "kremlin": "RU",
    "the kremlin": "RU",
    "pyongyang": "KP",
    "kiev": "UA",
    "kyiv": "UA",
    "kiyv": "UA",
    "kyïv": "UA",
    "pekin": "CN",
    "beijing": "CN",
    "londres": "GB",
    "london": "GB",
    "downing street": "GB",
    "paris": "FR",
    "l'elysee": "FR",
    "elysee": "FR",
    "berlin": "DE",
    "tokyo": "JP",
    "seoul": "KR",
    "teheran": "IR",
    "tehran": "IR",
    "ankara": "TR",
    "jerusalem": "IL",
    "damas": "SY",
    "damascus": "SY",
    "rome": "IT",
    "madrid": "ES",
    "ottawa": "CA",
    "canberra": "AU",
    "wellington": "NZ",
    "bruxelles": "EU",
    "brussels": "EU",
    "minsk": "BY",
    "taipei": "TW",
}
# Adjectives of nationality, masculine singular, folded; agreement endings are stripped.
DEMONYMS = {
    "ukrainien": "UA",
    "ukrainian": "UA",
    "russe": "RU",
    "russian": "RU",
    "americain": "US",
    "american": "US",
    "us": "US",
    "nord-coreen": "KP",
    "north korean": "KP",
    "sud-coreen": "KR",
    "south korean": "KR",
    "chinois": "CN",
    "chinese": "CN",
    "francais": "FR",
    "french": "FR",
    "britannique": "GB",
    "british": "GB",
    "allemand": "DE",
    "german": "DE",
    "japonais": "JP",
    "japanese": "JP",
    "italien": "IT",
    "italian": "IT",
    "canadien": "CA",
    "canadian": "CA",
    "australien": "AU",
    "australian": "AU",
    "iranien": "IR",
    "iranian": "IR",
    "israelien": "IL",
    "israeli": "IL",
    "turc": "TR",
    "turkish": "TR",
    "bielorusse": "BY",
    "belarusian": "BY",
    "europeen": "EU",
    "european": "EU",
    "espagnol": "ES",
    "spanish": "ES",
}
GOVERNMENT_NOUNS = (
    r"autorit[ée]s?|gouvernement|minist[èe]re|ministre|pr[ée]sidence|diplomatie|arm[ée]e"
    r"|authorities|government|ministry|minister|officials|administration|military|army"
)
GROUPS = {
    "les occidentaux": "Western governments",
    "the west": "Western governments",
    "western officials": "Western governments",
    "western governments": "Western governments",
    "les allies": "Allies",
    "allies": "Allies",
}
PRONOUNS = set(
    """
    il elle ils elles on nous je j' tu vous lui eux moi toi soi me celui-ci celle-ci ce cela
    he she they we i you it him her us them me who qui which this that one someone
    """.split()
)
_DETERMINERS = re.compile(
    r"^(?:(?:les?|la|des|du|de\s+la|un|une|leurs?|ses|son|sa|ces?|cette|the|a|an"
    r"|his|her|their|its)\s+|(?:de\s+)?[ld]')",
    re.IGNORECASE,
)
# Special EU name: not a CLDR territory code in every locale.
EXTRA_TERRITORIES = {"EU": "European Union", "UE": "European Union"}


@cache
def _territories() -> tuple[dict[str, str], dict[str, str]]:
    """(folded name in fr/en -> code, code -> English name), from CLDR."""
    by_name: dict[str, str] = {}
    english = Locale("en").territories
    for locale in ("en", "fr"):
        for code, name in Locale(locale).territories.items():
            if code.isalpha() and len(code) == 2:
                by_name.setdefault(fold(name), code)
    for name in ("union europeenne", "european union", "ue", "eu"):
        by_name[name] = "EU"
    by_name.update(
        {"usa": "US", "etats-unis": "US", "u.s.": "US", "us": "US", "uk": "GB", "russie": "RU"}
    )
    names = {code: name for code, name in english.items() if code.isalpha()}
    names.update(
        {
            "EU": "European Union",
            "US": "United States",
            "GB": "United Kingdom",
            "KP": "North Korea",
            "KR": "South Korea",
        }
    )
    return by_name, names


def country_code(name: str) -> str | None:
    key = _DETERMINERS.sub("", fold(name).strip())
    return _territories()[0].get(key)


def country_name(code: str) -> str:
    return _territories()[1].get(code, code)


def _strip_demonym(word: str) -> str:
    for ending in ("nes", "ne", "es", "s", "e"):
        if word.endswith(ending) and word[: -len(ending)] in DEMONYMS:
            return word[: -len(ending)]
    return word


# Who speaks for a group of countries, as the claimant's name says it.
GROUP_ROLES = (
    (
        r"chefs?\s+de\s+(?:la\s+)?diplomatie|ministres?\s+des\s+affaires\s+etrangeres"
        r"|foreign\s+ministers|top\s+diplomats|diplomates",
        "Foreign ministers",
    ),
    (r"chefs?\s+d'etat(?:\s+et\s+de\s+gouvernement)?|dirigeants|leaders", "Leaders"),
    (r"ministres\s+de\s+la\s+defense|defen[cs]e\s+ministers", "Defence ministers"),
    (r"gouvernements|governments|pays|countries|nations|etats|states", "Governments"),
)
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+(?:et|and)\s+")
_OF = r"\s+(?:de\s+la|de\s+l'|des|du|de|d'|of(?:\s+the)?)\s*"
_EU = {"EU"}


def _role(folded: str) -> str | None:
    return next((label for pattern, label in GROUP_ROLES if re.fullmatch(pattern, folded)), None)


def _group_name(role: str, countries: int, eu: bool) -> str:
    name = f"{role} of {countries} countries"
    return f"{name} and the EU" if eu else name


def group_claimant(bare: str) -> str | None:
    """ "les chefs de diplomatie de l'Australie, du Canada, … et de l'Union européenne"
    → "Foreign ministers of 10 countries and the EU"; "les dix pays et l'UE" →
    "Governments of 10 countries and the EU". Three countries at least, counted."""
    for of in re.finditer(_OF, bare):
        role = _role(bare[: of.start()].strip())
        if role is None:
            continue
        items = [i.strip() for i in _LIST_SPLIT.split(bare[of.start() :]) if i.strip()]
        codes = [country_code(re.sub(rf"^{_OF.strip()}", "", " " + i).strip()) for i in items]
        if len(codes) >= 3 and all(codes):
            countries = len({c for c in codes if c not in _EU})
            return _group_name(role, countries, any(c in _EU for c in codes))
    counted = re.fullmatch(r"(\w+)\s+([\w' ]+?)(?:\s+(?:et|and)\s+(?:l'|the\s+)?(ue|eu))?", bare)
    if counted and (role := _role(counted.group(2))):
        try:
            number = int(counted.group(1)) if counted.group(1).isdecimal() else None
            number = number or text2num(counted.group(1), "fr") or None
        except ValueError:
            number = None
        if number is None:
            try:
                number = text2num(counted.group(1), "en")
            except ValueError:
                return None
        if number >= 2:
            return _group_name(role, number, bool(counted.group(3)))
    return None


def group_role(source: str) -> str | None:
    """The role of a group named without its members ("les chefs de la diplomatie")."""
    return _role(_DETERMINERS.sub("", fold(" ".join(source.split()))).strip(" ,.;:"))


def normalise_claimant(source: str | None, person: bool = False) -> str | None:
    """Canonical claimant name for a source span, or None when it is only a pronoun."""
    if not source:
        return None
    text = " ".join(source.split()).strip(" ,.;:\"'")
    # "the senator, who" (a relative clause's speaker): the noun names the claimant.
    text = re.sub(r"[\s,]+(?:who|which|that|qui|lequel|laquelle)$", "", text, flags=re.I)
    folded = fold(text)
    if not folded or folded in PRONOUNS:
        return None
    bare = _DETERMINERS.sub("", folded).strip()
    if folded in GROUPS or bare in GROUPS:
        return GROUPS.get(folded) or GROUPS[bare]
    if group := group_claimant(bare):
        return group
    if bare in SEATS_OF_POWER:
        return f"{country_name(SEATS_OF_POWER[bare])} (government)"
    # "les États-Unis et leurs alliés", "the US and its allies"
    allies = re.fullmatch(r"(.+?)\s+(?:et|and)\s+(?:leurs|ses|its|their)\s+allie[ds]?s?", bare)
    if allies and country_code(allies.group(1)):
        return f"{country_name(country_code(allies.group(1)) or '')} and allies"
    code = country_code(bare)
    if code:
        return f"{country_name(code)} (government)"
    government = re.fullmatch(
        rf"(?:{GOVERNMENT_NOUNS})\s+([\w-]+)|([\w-]+)\s+(?:{GOVERNMENT_NOUNS})", bare
    )
    if government:
        adjective = _strip_demonym(government.group(1) or government.group(2))
        if adjective in DEMONYMS:
            return f"{country_name(DEMONYMS[adjective])} (government)"
    of_country = re.fullmatch(rf"(?:{GOVERNMENT_NOUNS})\s+(?:de\s+la|du|de|des|of)\s+(.+)", bare)
    if of_country and country_code(of_country.group(1)):
        return f"{country_name(country_code(of_country.group(1)) or '')} (government)"
    return _display_name(text)


# A US politician's party and state after the name: "(D-Md.)", ", R-Ky.".
PARTY_TAG = re.compile(r"[\s,]*\(?\b[DRI]-[A-Z][A-Za-z.]*\)?[\s.,)]*$")


def _display_name(text: str) -> str:
    """The source as written, without a leading determiner or a trailing party tag,
    first letter upper-cased."""
    # "Le Pen", "Le Monde", "La Poste": a capitalised article before a capitalised word is
    # part of the name (French writes the nouns of a role in lower case).
    kept = re.match(r"(?:Le|La|Les)\s+[A-ZÀ-Ý]", text)
    name = PARTY_TAG.sub("", text if kept else _DETERMINERS.sub("", text).strip()).strip(" ,(")
    return name[:1].upper() + name[1:] if name else text


# Words that name an office or a role, not a person (compared folded: no accents).
ROLE_WORDS = frozenset(
    fold(word)
    for word in """
    spokesman spokeswoman spokesperson president vice-president minister secretary senator
    sen. rep. representative congressman congresswoman governor gov. mayor judge justice
    general gen. ambassador director chief leader chairman chairwoman ceo premier chancellor
    nominee candidate pollster adviser advisor aide analyst economist professor prof.
    lawyer attorney commissioner commander official
    porte-parole président présidente ministre sénateur sénatrice député députée maire
    juge général ambassadeur ambassadrice directeur directrice chef dirigeant dirigeante
    secrétaire commissaire avocat avocate procureur conseiller conseillère
    """.split()
)
# Titles that stand before a surname alone: "President Obama", "Sen. Warren".
SURNAME_TITLES = frozenset(
    "president senator sen. rep. gov. governor mayor chancellor premier president".split()
)
# Two to four capitalised words at the end: "… Dmitry Peskov", "… Jean-Yves Le Drian".
_TRAILING_NAME = re.compile(
    r"[A-ZÀ-Ý][\w'’.-]*(?:\s+(?:(?:de|van|von|da|le|la)\s+)?[A-ZÀ-Ý][\w'’.-]*){1,3}$"
)


_RELATIVES = frozenset("who which that qui que dont lequel laquelle".split())


def _is_role_word(word: str) -> bool:
    folded = fold(word).strip(",")
    return folded in ROLE_WORDS or folded.strip(".") in ROLE_WORDS


def split_role(claimant: str | None) -> tuple[str | None, str | None]:
    """(name, role) of a claimant written with its title: "Kremlin spokesman Dmitry Peskov"
    → ("Dmitry Peskov", "Kremlin spokesman"), "Michael Tanner, an analyst at the Cato
    Institute" → ("Michael Tanner", "an analyst at the Cato Institute"); (claimant, None)
    when no role is named."""
    head, comma, tail = (part.strip() for part in (claimant or "").partition(","))
    apposition = comma and tail[:1].islower() and fold(tail.split()[0]) not in _RELATIVES
    if apposition:
        # The name first, its role in apposition after the comma ("…, a professor at …").
        name, role = _role_before_name(head)
        if role is not None or _TRAILING_NAME.fullmatch(head):
            return name, role or tail
    return _role_before_name(claimant)


def _role_before_name(claimant: str | None) -> tuple[str | None, str | None]:
    match = _TRAILING_NAME.search(claimant or "")
    if match is None:
        return claimant, None
    role = claimant[: match.start()].strip(" ,")
    words = match.group().split()
    # "French President Emmanuel Macron", "Prime Minister Theresa May": capitalised titles
    # open the run; the name is what follows the last of them.
    titles = [i for i, word in enumerate(words[:-1]) if _is_role_word(word)]
    if titles:
        role = " ".join([role, *words[: titles[-1] + 1]]).strip()
        words = words[titles[-1] + 1 :]
    # The role ends with a title ("spokesman Dmitry Peskov") or a comma ("du Kremlin, …").
    before_name = claimant[: match.start()].rstrip()
    if not role or not (_is_role_word(role.split()[-1]) or before_name.endswith(",")):
        return claimant, None
    # "General Motors", "Justice Department": one word after a title is a name only after
    # a title that is used with surnames.
    if len(words) == 1 and fold(role.split()[-1]) not in SURNAME_TITLES:
        return claimant, None
    name = " ".join(words)
    return name, role[:1].upper() + role[1:]
