"""The learned English cue classifier (cue_model.py): stance and intention verbs that the
reporting lexicon does not list become cues; plain narration stays the author's."""

import pytest

from claims.extraction import cues, extract


def _attributed(text: str) -> list:
    return [c for c in extract(text, "en") if c.kind != "unattributed"]


def test_an_opinion_verb_with_a_that_clause_is_a_cue():
    claims = _attributed("Dana Ortiz, the union leader, felt that the strike had been a success.")
    assert len(claims) == 1
    claim = claims[0]
    assert claim.cue.text == "felt"
    assert "Dana Ortiz" in claim.source.text
    assert claim.content.text == "the strike had been a success"


@pytest.mark.parametrize("verb", ["would like", "intends"])
def test_an_intention_with_a_named_subject_is_a_cue(verb):
    text = f"Councilwoman Ruth Baker {verb} to introduce a bill banning plastic bags."
    claims = _attributed(text)
    assert len(claims) == 1
    assert claims[0].cue.text == verb
    assert claims[0].source.text == "Councilwoman Ruth Baker"
    assert "introduce a bill banning plastic bags" in claims[0].content.text


@pytest.mark.parametrize(
    "text",
    [
        "The train left the station at noon and arrived in Boston two hours later.",
        "She walked to the market, bought some apples and went home.",
        "The committee met on Tuesday in a small room above the library.",
    ],
)
def test_plain_narration_is_not_turned_into_claims(text):
    assert _attributed(text) == []


def test_the_switch_turns_the_classifier_off(monkeypatch):
    monkeypatch.setitem(cues.USE_CUE_MODEL, "en", False)
    text = "Dana Ortiz, the union leader, felt that the strike had been a success."
    assert _attributed(text) == []


def test_french_stays_with_the_rules():
    assert cues.USE_CUE_MODEL["fr"] is False
