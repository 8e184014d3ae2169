"""Stance hints: figures compared only with figures about the same thing, in FR and EN."""

from datetime import UTC, datetime

import pytest

from claims.corroboration import stance

SENT_FR = "Selon Washington, plus de 10 000 soldats nord-coréens ont été envoyés en Russie."
KILLED_FR = "Kiev affirme qu'au moins 30 soldats nord-coréens ont été tués ou blessés."


def hint_kinds(claim: str, claim_lang: str, report: str, report_lang: str) -> list[tuple]:
    found = stance.figure_hints(
        stance.figures(claim, claim_lang), stance.figures(report, report_lang)
    )
    return [(h["kind"], h["report"]) for h in found]


def test_same_figure_across_languages_and_digit_grouping_matches():
    report = "The United States says more than 10,000 North Korean soldiers were sent to Russia."
    assert hint_kinds(SENT_FR, "fr", report, "en") == [("quantity_match", "more than 10,000")]


def test_different_figure_for_the_same_thing_conflicts():
    report = "Seoul estimates that about 12,000 North Korean troops have been deployed in Russia."
    assert hint_kinds(SENT_FR, "fr", report, "en") == [("quantity_conflict", "about 12,000")]


def test_figure_about_another_event_is_not_compared():
    # 30 dead and 10,000 sent share a unit, not an event: no hint either way.
    report = "Plus de 10 000 soldats ont été envoyés par Pyongyang depuis octobre."
    assert hint_kinds(KILLED_FR, "fr", report, "fr") == []


def test_casualty_figures_conflict_across_sentences_of_a_report():
    report = (
        "Pyongyang a envoyé environ 11 000 soldats. "
        "Au moins 100 soldats nord-coréens ont été tués, selon Séoul."
    )
    assert hint_kinds(KILLED_FR, "fr", report, "fr") == [("quantity_conflict", "Au moins 100")]


def test_other_units_are_not_compared():
    report = "Russia fired more than 12,000 artillery shells at Ukrainian positions."
    assert hint_kinds(SENT_FR, "fr", report, "en") == []


@pytest.mark.parametrize(
    ("names", "text", "quoted"),
    [
        (["Washington", "United States"], "Washington said on Monday that …", "Washington"),
        (["Kyiv", "Kiev"], "Selon Kiev, les pertes sont lourdes.", "Kiev"),
        (["États-Unis"], "Les Etats-Unis ont dénoncé l'accord.", "États-Unis"),
        (["Washington"], "The Washingtonian magazine reported …", None),
    ],
)
def test_claimant_is_found_by_any_of_its_names(names, text, quoted):
    assert stance.names_quoted(names, text) == quoted


def test_timing_hint_compares_publication_dates():
    article = datetime(2024, 12, 16, 12, tzinfo=UTC)
    before = stance.timing_hint(datetime(2024, 12, 10, tzinfo=UTC), article)
    after = stance.timing_hint(datetime(2024, 12, 18, tzinfo=UTC), article)
    assert before == {"kind": "published_before"}
    assert after == {"kind": "published_after"}
    assert stance.timing_hint(None, article) == {}
