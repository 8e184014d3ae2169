"""Signed quotations (signatures.py): “…” ― Name is the named person's direct speech."""

import pytest

from claims.extraction import extract


def _attributed(text: str) -> list:
    return [c for c in extract(text, "en") if c.kind != "unattributed"]


@pytest.mark.parametrize("dash", ["―", "—", "--", "\u00a0―"])
def test_a_quotation_signed_with_a_dash_and_a_name_is_that_persons_speech(dash):
    text = (
        "The bridge closed in March after an inspection.\n\n"
        f"“Our bakery lost half its customers since the bridge closed.”{dash} Rosa Lindqvist\n"
    )
    claims = _attributed(text)
    assert len(claims) == 1
    claim = claims[0]
    assert claim.kind == "direct"
    assert claim.source.text == "Rosa Lindqvist"
    assert claim.cue.text == dash.strip()
    assert claim.content.text == "Our bakery lost half its customers since the bridge closed"


def test_each_signed_line_of_a_list_keeps_its_own_signer():
    text = (
        "“The buses never come on time in winter.” ― Omar Haddad\n"
        "“We need a second clinic in the north end.” ― Julie A. Brennan.\n"
    )
    claims = _attributed(text)
    assert [c.source.text for c in claims] == ["Omar Haddad", "Julie A. Brennan"]
    assert claims[1].content.text == "We need a second clinic in the north end"


@pytest.mark.parametrize(
    "text",
    [
        # A dash after a quotation that opens a sentence of the author's.
        "The mayor called the plan “a gift to developers” — Council Members disagreed loudly.",
        # A dash with no quotation before it.
        "The vote is on Tuesday — Maria Lopez will chair it.",
    ],
)
def test_a_dash_that_does_not_sign_a_quotation_is_no_cue(text):
    assert all(c.cue is None or c.cue.text not in {"—", "―"} for c in extract(text, "en"))
