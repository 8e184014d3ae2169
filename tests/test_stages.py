"""The extraction stages, each on sentences written for it."""

from claims.extraction import extract


def test_a_sentence_whose_only_finite_verb_is_a_modal_is_the_authors_claim():
    # "can't", "'ll": a modal is a finite verb, so the sentence is narration to check.
    for sentence in (
        "The mayor can't close the bridge before the election.",
        "She'll open the new hospital wing in March.",
    ):
        claims = extract(sentence, "en")
        assert [(c.kind, c.content.text) for c in claims] == [
            ("unattributed", sentence.rstrip("."))
        ]


def units(sentence: str, lang: str) -> list[tuple[str, str | None]]:
    from claims.extraction.quantities import find_quantities
    from claims.extraction.text import parse_view

    view = parse_view(sentence)
    return [(q.text, q.unit) for q in find_quantities(view, 0, len(view), lang)]


def test_a_function_word_after_a_number_is_not_its_unit():
    assert units("The party won 5 in Florida.", "en") == [("5", None)]
    assert units("Le pays en a envoyé 5 à Paris.", "fr") == [("5", None)]


def test_a_verb_after_a_number_is_not_its_unit():
    sentence = "Imports accounted for 40 percent, and 12 accounted for more."
    assert units(sentence, "en") == [("40 percent", "%"), ("12", None)]


def test_a_modifier_is_skipped_for_the_unit_it_qualifies():
    assert units("They sent 300 additional troops to the border.", "en") == [("300", "troops")]
    assert units("Le pays a envoyé 3 autres soldats.", "fr") == [("3", "soldats")]


def test_a_year_before_a_name_is_not_a_quantity():
    sentence = "The 2016 Republican primary drew 12 candidates."
    assert units(sentence, "en") == [("12", "candidates")]


def test_real_units_are_kept():
    assert units("Il a payé 3 millions d'euros pour 12 km.", "fr") == [
        ("3 millions", "EUR"),
        ("12", "km"),
    ]
    assert units("The storm lasted 2 years and killed 40 people.", "en") == [
        ("2", "years"),
        ("40", "people"),
    ]


def test_one_letter_units_are_kept():
    assert units("La séance reprend à 21 h et coûte 8,50 F.", "fr") == [
        ("21", "h"),
        ("8,50", "F"),
    ]
    assert units("Polls close at 9 p.m. on Tuesday.", "en") == [("9", None)]
