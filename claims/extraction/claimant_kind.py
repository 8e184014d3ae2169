"""What kind of claimant a source names: a person, a government, an organisation, a group.

Decided from the normalised claimant name (governments and groups are named by
`claimants.normalise_claimant`), the named-entity label of the source when the parser gave
one, and the head noun of the source ("le ministère", "the party", "les ONG").
"""

import re

from .claimants import GROUP_ROLES, GROUPS, _display_name, group_role
from .text import fold

PERSON, GOVERNMENT, ORGANISATION, GROUP, OTHER = (
    "person",
    "government",
    "organisation",
    "group",
    "other",
)
# Head nouns of a state's institutions and of other organisations (folded, singular stem).
STATE_BODIES = re.compile(
    r"\b(?:ministere|ministry|department|departement|gouvernement|government|presidence"
    r"|police|gendarmerie|army|armee|military|militaires|state\s+department|pentagon"
    r"|pentagone|elysee|white\s+house|maison\s+blanche|kremlin|prefecture|mairie"
    r"|city\s+hall|parliament|parlement|senate|senat|congress|congres)\b"
)
ORGANISATIONS = re.compile(
    r"\b(?:company|companies|firm|entreprise|societe|groupe|group|party|parti|union"
    r"|syndicat|association|ong|ngo|agency|agence|institute|institut|foundation"
    r"|fondation|bank|banque|court|cour|tribunal|council|conseil|commission|committee"
    r"|comite|university|universite|hospital|hopital|newspaper|journal|network|reseau)s?\b"
)
COMPLEMENT = re.compile(r"\s(?:(?:of|for|at|de|du|des|pour|chez)\s|d')")
ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
GROUP_NAMES = frozenset(GROUPS.values())
# A plural role opening the source: "les chefs de la diplomatie de l'Australie, du Canada…"
GROUP_OPENING = re.compile(
    r"(?:les\s+|the\s+)?(?:" + "|".join(pattern for pattern, _label in GROUP_ROLES) + r")\b"
)
ENTITY_KINDS = {"person": PERSON, "organisation": ORGANISATION, "group": GROUP}


def claimant_kind(
    name: str, source: str = "", person: bool = False, entity_label: str | None = None
) -> str:
    """The kind of the claimant `name`, read from the `source` span it was named by.

    `person` is the parser's finding that the source names a person; `entity_label` the
    project's label of a named entity covering the source ("person", "organisation",
    "place", "group")."""
    if name.endswith("(government)"):
        return GOVERNMENT
    folded = fold(source or name)
    if name in GROUP_NAMES or name.endswith(" and allies") or group_role(source or name):
        return GROUP
    if GROUP_OPENING.match(folded):
        return GROUP
    if person or entity_label == "person":
        return PERSON
    head = COMPLEMENT.split(folded, maxsplit=1)[0]  # "leader" in "the leader of the party"
    if STATE_BODIES.search(head):
        return GOVERNMENT
    if entity_label in ENTITY_KINDS:
        return ENTITY_KINDS[entity_label]
    if ORGANISATIONS.search(head) or ACRONYM.fullmatch((source or name).strip()):
        return ORGANISATION
    return OTHER


def claimant_alias(name: str, source: str) -> str | None:
    """The source as written when it names the claimant differently ("Kyiv" for
    "Ukraine (government)", "la Maison Blanche" for "United States (government)"), so a
    reviewer finds the claimant by either; None for common nouns, pronouns and long
    phrases, which name no one in particular."""
    written = _display_name(" ".join(source.split()).strip(" ,.;:\"'"))
    if not written or len(written.split()) > 5 or not written[0].isupper():
        return None
    if fold(written) == fold(name):
        return None
    return written if _proper(written) else None


def _proper(written: str) -> bool:
    """Every word of a name is capitalised, bar short particles ("de", "of", "al-")."""
    words = re.findall(r"[\w'-]+", written)
    return all(w[0].isupper() or len(w) <= 3 for w in words)
