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


def test_a_wire_dateline_is_neither_content_nor_claimant():
    cases = [
        (
            "BRUSSELS, March 12 (Reuters) - Steel prices would rise by 5 percent this year, "
            "the Commission said.",
            "en",
            "Steel prices would rise by 5 percent this year",
        ),
        (
            "PARIS (AFP) - Le ministre a déclaré que les écoles resteront fermées.",
            "fr",
            "les écoles resteront fermées",
        ),
        ("WASHINGTON, D.C. (AP) — Prices rose by 5 percent in March.", "en", None),
    ]
    for text, lang, content in cases:
        claims = extract(text, lang)
        assert claims and all(c.sentence.text[:1].isupper() for c in claims)
        for claim in claims:
            assert not any(w in claim.sentence.text for w in ("BRUSSELS", "PARIS", "WASHINGTON"))
            assert claim.claimant is None or claim.claimant.upper() != claim.claimant
        if content:
            assert claims[0].content.text == content
    assert extract("WASHINGTON, D.C. (AP) — Prices rose by 5 percent in March.", "en")[
        0
    ].content.text == ("Prices rose by 5 percent in March")


def test_a_capitalised_word_before_a_hyphen_is_not_a_dateline():
    # No date, no agency and a plain hyphen: "NATO - the alliance …" keeps its words.
    claims = extract("NATO - the alliance said that it would meet in June.", "en")
    assert claims[0].sentence.text.startswith("NATO")


def test_a_paragraph_that_opens_with_a_quotation_keeps_it_whole():
    text = "''Hopefully,'' the mayor said, ''this bridge can help us reach each other.''"
    claims = extract(text, "en")
    assert claims[0].content.text.startswith("Hopefully,")
    assert claims[0].content.text.endswith("reach each other")


def test_a_run_in_heading_in_capitals_is_not_part_of_the_claim():
    claims = extract("TAXES WENT UP — The city raised its property tax by 4 percent in May.", "en")
    assert [c.content.text for c in claims] == [
        "The city raised its property tax by 4 percent in May"
    ]


def test_a_role_written_with_a_name_is_split_from_it():
    from claims.extraction.claimants import split_role

    assert split_role("Kremlin spokesman Dmitry Peskov") == ("Dmitry Peskov", "Kremlin spokesman")
    assert split_role("French President Emmanuel Macron") == ("Emmanuel Macron", "French President")
    assert split_role("Porte-parole du Kremlin, Dmitri Peskov") == (
        "Dmitri Peskov",
        "Porte-parole du Kremlin",
    )
    assert split_role("Sen. Warren") == ("Warren", "Sen.")
    assert split_role("Marie Dupont, maire de Lille") == ("Marie Dupont", "maire de Lille")


def test_names_without_a_role_stay_whole():
    from claims.extraction.claimants import split_role

    for name in (
        "General Motors",
        "Justice Department",
        "Hillary Clinton",
        "Roper Center for Public Opinion Research",
        "Representative Charles B. Rangel of New York",
        "Chef de l'État, qui bénéficie d'une immunité",
    ):
        assert split_role(name) == (name, None)


def test_the_claim_carries_the_role_of_its_claimant():
    claims = extract("Kremlin spokesman Dmitry Peskov said that the talks would resume.", "en")
    assert claims[0].claimant_role == "Kremlin spokesman"
    assert claims[0].claimant.endswith("Dmitry Peskov")
