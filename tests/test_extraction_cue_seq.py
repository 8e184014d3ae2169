"""The learned English cue labeller (cue_seq.py): opinion, intention and stance words the
reporting lexicon does not list become cues, read from the head of the tagged run."""

import pytest

from claims.extraction import attribution, cue_seq, cues, extract
from claims.extraction.nlp import get_nlp
from claims.extraction.records import Cue


def _attributed(text: str) -> list:
    return [c for c in extract(text, "en") if c.kind != "unattributed"]


def test_the_labeller_is_on_for_english_only():
    assert cues.USE_CUE_MODEL == {"en": True, "fr": False}


@pytest.mark.parametrize(
    ("text", "cue", "source", "content"),
    [
        (
            "Dana Ortiz, the union leader, felt that the strike had been a success.",
            "felt",
            "Dana Ortiz",
            "the strike had been a success",
        ),
    ],
)
def test_an_opinion_word_with_a_that_clause_is_a_cue(text, cue, source, content):
    claims = _attributed(text)
    assert len(claims) == 1
    assert claims[0].cue.text.startswith(cue)
    assert source in claims[0].source.text
    assert claims[0].content.text == content


@pytest.mark.xfail(strict=False, reason="predicative adjective cues: rarely above threshold")
def test_a_predicative_adjective_with_a_that_clause_is_a_cue():
    text = "The county executive is confident that the new landfill will open by spring."
    claims = _attributed(text)
    assert [c.cue.text for c in claims] == ["is confident"]
    assert claims[0].source.text == "The county executive"
    assert claims[0].content.text == "the new landfill will open by spring"


@pytest.mark.parametrize("verb", ["would like", "intends", "plans", "hopes"])
def test_an_intention_is_read_from_its_main_verb_not_its_modal(verb):
    claims = _attributed(
        f"Councilwoman Ruth Baker {verb} to introduce a bill banning plastic bags."
    )
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
        "Investigators linked the warehouse fire to a faulty space heater.",
        "The pastor sent a long letter to the parish council about the roof.",
    ],
)
def test_plain_narration_is_not_turned_into_claims(text):
    assert _attributed(text) == []


def test_words_inside_a_quotation_are_never_learned_cues():
    unit = _unit('Mayor Jo Park said: "We feel that the plan is fair and we intend to pass it."')
    assert any(unit.in_quote(t) and t.lower_ == "feel" for t in unit.tokens)
    assert all(not unit.in_quote(c.token) for c in cue_seq.learned_cues(unit, cues.lexicon_cue))


def _unit(text: str):
    from claims.extraction.segment import units
    from claims.extraction.text import parse_view

    view = parse_view(text)
    doc = get_nlp("en")(view.replace('"', " "))
    return next(iter(units(text, view, doc, 0, "en")))


def test_runs_group_consecutive_accepted_tokens_around_each_start():
    flags = [False, True, True, False, True]
    runs = cue_seq._runs([2, 4], lambda n: flags[n], len(flags))
    assert runs == [[1, 2], [4]]
    assert cue_seq._runs([0], lambda n: flags[n], len(flags)) == []


def test_an_unanchored_claim_needs_a_confident_cue():
    text = "The senator has championed the new farm subsidies for years."
    claim = next(iter(extract(text, "en")))
    claim.source, claim.anchored = claim.content, False
    sure = Cue("verb", learned=True, confidence=cue_seq.UNANCHORED)
    unsure = Cue("verb", learned=True, confidence=cue_seq.UNANCHORED - 0.01)
    assert attribution._learned_claim(claim, sure)
    assert not attribution._learned_claim(claim, unsure)


def test_the_switch_turns_the_learned_cues_off(monkeypatch):
    monkeypatch.setitem(cues.USE_CUE_MODEL, "en", False)
    text = "Dana Ortiz, the union leader, felt that the strike had been a success."
    assert _attributed(text) == []
