"""The learned role labeller wired into extraction (roles_learned.py), and source labels.

Every sentence is written for these tests (none comes from ../shared/eval-dev). Each
exercises one error class of the rules that the CRF's reading repairs, or a guard that
keeps the rules' reading where the CRF's is known to be worse.
"""

import re

import pytest

from claims.extraction import extract, roles, roles_learned
from claims.extraction.claimant_kind import claimant_kind
from claims.extraction.cues import find_cues
from claims.extraction.nlp import get_nlp
from claims.extraction.roles_rules import rule_roles
from claims.extraction.segment import units
from claims.extraction.text import parse_view


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def claim_of(claims, cue: str):
    found = [c for c in claims if c.cue is not None and c.cue.text == cue]
    assert found, [(c.kind, c.cue and c.cue.text) for c in claims]
    return found[0]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Sales of electric cars doubled in the first half of the year, according to "
            "figures released by the industry association.",
            "Sales of electric cars doubled in the first half of the year",
        ),
        (
            "Hospital waiting lists grew longer in every county last winter, according to "
            "data compiled by a patients' charity.",
            "Hospital waiting lists grew longer in every county last winter",
        ),
    ],
)
def test_sentence_final_according_to_with_a_qualified_source_reports_the_main_clause(text, content):
    """ "…, according to figures released by X.": what the figures say is the whole main
    clause, not its last words and the cue."""
    claim = claim_of(extract(text, "en"), "according to")
    assert words(claim.content.text) == words(content)


def test_sentence_final_selon_with_a_qualified_source_reports_the_main_clause():
    text = "La hausse des loyers a ralenti en novembre, selon les chiffres publiés par l'Insee."
    claim = claim_of(extract(text, "fr"), "selon")
    assert words(claim.content.text) == words("La hausse des loyers a ralenti en novembre")


@pytest.mark.parametrize(
    ("text", "content", "narrated"),
    [
        (
            "The police chief said that the suspect had been arrested near the station, but "
            "the victim's family disputed the account, a lawyer said.",
            "the suspect had been arrested near the station",
            "the victim's family disputed the account",
        ),
        (
            "The ferry operator said that it would cancel all crossings on Friday, but the "
            "port authority kept the terminal open, a harbour official added.",
            "it would cancel all crossings on Friday",
            "the port authority kept the terminal open",
        ),
    ],
)
def test_reported_clause_stops_before_a_clause_joined_by_but(text, content, narrated):
    """ "X said that A, but B, Y said": X said A only; B is Y's (or the author's)."""
    claims = extract(text, "en")
    claim = next(c for c in claims if c.cue.text == "said" and c.content.start > c.cue.start)
    assert words(claim.content.text) == words(content)
    assert narrated not in claim.content.text
    # The outer report keeps its own claim and source.
    outer = [c for c in claims if c.source is not None and c.cue.start > claim.content.end]
    assert outer and narrated in outer[0].content.text


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Farmers dismissed the ministry's claim that the drought had ended in the south.",
            "the ministry's",
        ),
        (
            "Economists doubted the central bank's claim that prices would stabilise by spring.",
            "the central bank's",
        ),
    ],
)
def test_possessive_names_the_source_of_a_reporting_noun(text, source):
    """ "the ministry's claim that …": the ministry claims it (the rules read no source)."""
    claim = claim_of(extract(text, "en"), "claim")
    assert claim.source is not None and words(claim.source.text) == words(source)
    assert "ended" in claim.content.text or "stabilise" in claim.content.text


def test_interrupted_quotation_keeps_both_pieces():
    """“A,” she said, “B.”: the CRF often keeps one piece; the rules' joined reading stays."""
    text = '"The bridge is safe," the engineer said, "and it will reopen to traffic next week."'
    claim = claim_of(extract(text, "en"), "said")
    assert "The bridge is safe" in claim.content.text
    assert "reopen to traffic next week" in claim.content.text


def test_complementiser_is_left_out_of_the_content_as_the_rules_do():
    text = "The governor announced that the state would hire two thousand new teachers."
    claim = claim_of(extract(text, "en"), "announced")
    assert claim.content.text == "the state would hire two thousand new teachers"


def test_rules_only_path_is_kept_when_the_model_is_off(monkeypatch):
    """USE_ROLE_MODEL off for a language: the rules alone, the labeller never called."""

    def refuse(unit, cue):
        raise AssertionError("the learned labeller was called")

    monkeypatch.setitem(roles.USE_ROLE_MODEL, "en", False)
    monkeypatch.setattr(roles, "combined_roles", refuse)
    text = "The governor announced that the state would hire two thousand new teachers."
    assert claim_of(extract(text, "en"), "announced").source.text == "The governor"


def test_model_is_used_for_each_language_it_is_on_for(monkeypatch):
    seen = []

    def spy(unit, cue):
        seen.append(unit.lang)
        return rule_roles(unit, cue)

    monkeypatch.setattr(roles, "combined_roles", spy)
    monkeypatch.setattr(roles, "USE_ROLE_MODEL", {"en": True, "fr": True})
    extract("The governor announced that the state would hire new teachers.", "en")
    extract("Le maire a annoncé que la piscine rouvrirait en juin.", "fr")
    assert set(seen) == {"en", "fr"}


def test_combine_keeps_the_rules_claim_when_the_model_is_unsure():
    """A reading below every threshold leaves the rules' claim as it was."""
    unit = _unit("The governor announced that the state would hire two thousand new teachers.")
    cue = next(c for c in find_cues(unit) if c.kind == "verb")
    rule = rule_roles(unit, cue)
    expected = (rule.source, rule.content)
    unsure = roles_learned.LearnedReading(None, unit.sentence, 0.1, 0.1)
    amended = roles_learned.combine(unit, cue, rule, unsure, roles_learned.POLICIES["en"])
    assert (amended.source, amended.content) == expected
    assert amended.source.text == "The governor"


def _unit(text: str):
    """The first sentence unit of a one-paragraph English text, parsed as the pipeline does."""
    view = parse_view(text)
    doc = get_nlp("en")(view.replace('"', " "))
    return next(units(text, view, doc, 0, "en"))


@pytest.mark.parametrize(
    ("lang", "text", "source", "label"),
    [
        (
            "en",
            "Senator Elizabeth Warren said on Tuesday that the bill would lower drug prices.",
            "Senator Elizabeth Warren",
            "person",
        ),
        (
            "en",
            "Microsoft said in a statement that the outage affected customers in three countries.",
            "Microsoft",
            "organisation",
        ),
        (
            "en",
            "Kremlin spokesman Dmitry Peskov said the talks had made no progress at all.",
            "Kremlin spokesman Dmitry Peskov",
            "person",
        ),
        (
            "fr",
            "La SNCF a annoncé que les trains régionaux circuleront normalement lundi.",
            "La SNCF",
            "organisation",
        ),
        (
            "fr",
            "Selon Marine Tondelier, la taxe sur les billets d'avion rapporterait un milliard.",
            "Marine Tondelier",
            "person",
        ),
    ],
)
def test_source_label_names_the_kind_of_entity_the_source_is(lang, text, source, label):
    """The NER label of the source (in claimant_kind's terms) sets the claimant's kind."""
    claim = next(c for c in extract(text, lang) if c.source is not None)
    assert claim.source.text == source
    assert claim.source_label == label


def test_source_label_is_empty_without_a_named_entity():
    claim = next(
        c
        for c in extract("The residents said that the water had been cut for three days.", "en")
        if c.source is not None
    )
    assert claim.source_label == ""


def test_source_label_gives_an_organisation_its_kind_of_claimant():
    """What claim_store._extracted_claimant does with the label: "Acme Robotics" is not a
    person and no word of it names an organisation, only the NER label tells."""
    text = "Acme Robotics said on Monday that its factory in Ohio would close in June."
    claim = next(c for c in extract(text, "en") if c.source is not None)
    assert claim.source_label == "organisation"
    kind = claimant_kind(
        claim.claimant,
        claim.source.text,
        person=claim.source_is_person,
        entity_label=claim.source_label,
    )
    assert kind == "organisation"
