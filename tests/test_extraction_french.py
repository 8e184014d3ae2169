"""French attribution constructions: cues the tagger hides, inverted subjects, and the
error classes listed for held-out French news.

Every sentence is written for these tests (none comes from ../shared). Expectations follow
the ASFALDA guidelines: the cue is the reporting predicate, the source the speaker's words
as written, the content the message (an interrupted message is both pieces, and one span
covering both is accepted). Known errors are xfail (strict=False) with their class.
"""

import pytest

from claims.extraction import extract
from tests.test_extraction_roles import assert_said, covers, cue_claim, words


def attributed(text: str) -> list:
    return [c for c in extract(text, "fr") if c.kind != "unattributed"]


# --- a reporting verb the tagger reads as a noun ("note") -------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "Le syndicat note par ailleurs que les salaires n'ont pas suivi l'inflation.",
            "Le syndicat",
            "les salaires n'ont pas suivi l'inflation",
        ),
        (
            "La présidente de l'association note avec regret que la subvention a baissé.",
            "La présidente de l'association",
            "la subvention a baissé",
        ),
        (
            "« Les commandes reprennent depuis le printemps », note un négociant en vins.",
            "un négociant en vins",
            "Les commandes reprennent depuis le printemps",
        ),
        (
            "Comme le note Mme Lambert, le chantier a pris deux ans de retard.",
            "Mme Lambert",
            "le chantier a pris deux ans de retard",
        ),
    ],
)
def test_note_read_as_a_noun_is_still_a_reporting_verb(text, speaker, content):
    assert_said(text, "fr", "note", speaker, content)


@pytest.mark.parametrize(
    "text",
    [
        "La note de service a été affichée dans tous les ateliers de l'usine.",
        "Il a laissé une note sur le bureau avant de partir pour la gare.",
        "Cette note que le directeur a rédigée circule depuis lundi dans les bureaux.",
    ],
)
def test_the_noun_note_is_not_a_cue(text):
    assert not [c for c in attributed(text) if c.cue and "note" in c.cue.text.lower()]


# --- inverted clitic subjects: "-t-on", "-t-elle" ----------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "pronoun"),
    [
        ("« Les délais seront tenus », précise-t-on à la préfecture.", "précise", "on"),
        ("Le budget sera voté en mars, affirme-t-on au ministère.", "affirme", "on"),
        ("Toutefois, note-t-elle, la crise n'a pas touché les petites communes.", "note", "elle"),
        ("Les écoles resteront ouvertes, assure-t-il, malgré la grève.", "assure", "il"),
    ],
)
def test_an_inverted_clitic_speaks_without_its_euphonic_t(text, cue, pronoun):
    # "on au ministère" may keep where "on" speaks; the "t" is never part of it.
    claim = cue_claim(text, "fr", cue)
    assert claim.source is not None and words(claim.source.text)[0] == pronoun


def test_a_clitic_incise_keeps_both_pieces_of_the_message():
    text = "Toutefois, note-t-elle, la crise n'a pas touché les petites communes."
    claim = cue_claim(text, "fr", "note")
    assert covers(text, claim.content, "la crise n'a pas touché les petites communes")


# --- a reporting clause inside the quotation marks ---------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "pieces"),
    [
        (
            "« Dans les prochains jours, a indiqué M. Perrin, une date sera arrêtée pour le "
            "vote. »",
            "indiqué",
            "M. Perrin",
            ("Dans les prochains jours", "une date sera arrêtée pour le vote"),
        ),
        (
            "« Les stocks sont suffisants, affirme-t-on au ministère, et ils seront renouvelés. »",
            "affirme",
            "on",
            ("Les stocks sont suffisants", "ils seront renouvelés"),
        ),
        (
            "« Cette usine, explique la directrice du site, tournera à plein dès juin. »",
            "explique",
            "la directrice du site",
            ("Cette usine", "tournera à plein dès juin"),
        ),
    ],
)
def test_a_reporting_clause_inside_a_quotation_is_a_cue(text, cue, speaker, pieces):
    claim = cue_claim(text, "fr", cue)
    assert words(claim.source.text) == words(speaker)
    assert all(covers(text, claim.content, piece) for piece in pieces)
    assert claim.kind == "direct"


@pytest.mark.parametrize(
    "text",
    [
        "Elle a déclaré : « Il faut, pour dire les choses, agir vite sur les loyers. »",
        "Il a écrit : « Les élus, rappelons-le, ont voté ce budget à l'unanimité. »",
    ],
)
def test_quoted_words_that_are_no_reporting_clause_stay_the_speakers(text):
    cues = [c.cue.text for c in attributed(text) if c.cue]
    assert not [c for c in cues if c in {"dire", "rappelons"}], cues
