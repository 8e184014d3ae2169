"""What a reviewer reads: history lines, quantities, form errors, empty lists, the reader."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from claims import display, services
from claims.models import Claim, ClaimEvent
from tests import factories


def text_of(html: str, element_id: str) -> str:
    """The visible text of the element with `element_id`, whitespace collapsed."""
    start = html.index(f'id="{element_id}"')
    tag = html.rfind("<", 0, start)
    name = re.match(r"<(\w+)", html[tag:]).group(1)
    depth, pos = 0, tag
    for match in re.finditer(rf"<(/?){name}\b", html[tag:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            pos = tag + match.end()
            break
    text = re.sub(r"<[^>]+>", " ", html[tag:pos])
    return re.sub(r"\s+", " ", unescape(text)).strip()


def history_of(client, claim: Claim) -> str:
    return text_of(
        client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode(), "history"
    )


# 1. History -------------------------------------------------------------------------


@pytest.mark.django_db
def test_history_shows_status_and_assignment_with_labels(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    services.claim_assign(claim=claim, assignee=reviewer, user=reviewer)
    history = history_of(reviewer_client, claim)
    assert f"Assigned to: nobody → {reviewer.username}" in history
    assert "Status: New → In review" in history
    assert "version" not in history and "in_review" not in history


@pytest.mark.django_db
def test_history_shows_a_verdict_as_rating_check_and_rationale(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    factories.verdict(claim, reviewer, slug="mostly-true", rationale="The ministry confirmed.")
    history = history_of(reviewer_client, claim)
    assert "Rating: Mostly true" in history
    assert "Attribution check: Confirmed" in history
    assert "Rationale: The ministry confirmed." in history
    assert "Status: New → Verdict given" in history
    assert "{" not in history and "mostly-true" not in history and "'rating'" not in history


@pytest.mark.django_db
def test_history_shows_the_rating_in_french_for_a_french_interface(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    factories.verdict(claim, reviewer, slug="mostly-true")
    reviewer_client.cookies["django_language"] = "fr"
    assert "Plutôt vrai" in history_of(reviewer_client, claim)


@pytest.mark.django_db
def test_history_dismissal_shows_the_reason(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    services.claim_transition(claim=claim, to="dismissed", user=reviewer, reason="An opinion")
    history = history_of(reviewer_client, claim)
    assert "Status: New → Dismissed" in history
    assert "Reason for dismissing: — → An opinion" in history


@pytest.mark.django_db
def test_history_shows_attribution_edits_without_offsets(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    services.claim_edit_attribution(
        claim=claim,
        user=reviewer,
        expected_version=claim.version,
        content_start=4,
        content_end=len(claim.article.text),
        source_start=None,
        source_end=None,
        claimant_name="Ministry of Education",
        kind="direct",
    )
    history = history_of(reviewer_client, claim)
    assert "Kind: Indirect speech → Direct quote" in history
    assert "Claimant: — → Ministry of Education" in history
    assert "Claim text:" in history
    assert "content_start" not in history and "Start of the claim" not in history


@pytest.mark.django_db
def test_history_shows_evidence_as_url_and_stance(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    services.evidence_add(
        claim=claim, url="https://example.org/briefing", stance="refutes", user=reviewer
    )
    history = history_of(reviewer_client, claim)
    assert "Evidence: https://example.org/briefing (Refutes)" in history


@pytest.mark.django_db
def test_history_shows_reviewed_suggestions_and_worker_suggestions(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    ClaimEvent.objects.create(
        claim=claim,
        action=ClaimEvent.Action.SUGGESTED,
        changes={"reports": [None, 8], "earlier_checks": [None, 0]},
    )
    suggestion = factories.suggestion(claim, url="https://example.org/wire")
    services.evidence_review(evidence=suggestion, accept=False, user=reviewer)
    history = history_of(reviewer_client, claim)
    assert "Suggested: 8 reports" in history
    assert "earlier check" not in history  # none found: no line
    assert "Suggested report: https://example.org/wire (rejected)" in history


@pytest.mark.django_db
def test_history_puts_each_change_on_its_own_line(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    factories.verdict(claim, reviewer)
    html = reviewer_client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    section = html[html.index('id="history"') :]
    assert section.count('<li class="change">') == 4  # rating, check, rationale, status


@pytest.mark.django_db
def test_history_fragment_refreshes_after_a_verdict(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    html = reviewer_client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert re.search(r'id="history"[^>]*hx-trigger="claimUpdated from:body', html)
    factories.verdict(claim, reviewer)
    fragment = reviewer_client.get(
        reverse("claims:claim_detail", args=[claim.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="history",
    ).content.decode()
    assert fragment.lstrip().startswith('<section class="panel history" id="history"')
    assert "Rating: False" in text_of(fragment, "history")


# 2. Quantities ----------------------------------------------------------------------

TROOPS = {"text": "plus de 10 000", "value": 10000, "low": 10000, "high": 10000}


@pytest.mark.parametrize(
    ("language", "quantity", "expected"),
    [
        (
            "en",
            {**TROOPS, "qualifier": "more_than", "unit": "soldiers"},
            "more than 10,000 soldiers",
        ),
        ("fr", {**TROOPS, "qualifier": "more_than", "unit": "soldats"}, "plus de 10 000 soldats"),
        (
            "en",
            {"value": 25, "low": 25, "high": 25, "qualifier": "exact", "unit": "years"},
            "25 years",
        ),
        (
            "fr",
            {"value": 300, "low": 300, "high": 300, "qualifier": "about", "unit": "familles"},
            "environ 300 familles",
        ),
        (
            "en",
            {"value": 12.5, "low": 12.5, "high": 12.5, "qualifier": "exact", "unit": "%"},
            "12.5%",
        ),
        (
            "fr",
            {"value": 12.5, "low": 12.5, "high": 12.5, "qualifier": "exact", "unit": "%"},
            "12,5 %",
        ),
        (
            "en",
            {"value": 4e6, "low": 3e6, "high": 5e6, "qualifier": "range", "unit": "people"},
            "between 3,000,000 and 5,000,000 people",
        ),
        (
            "fr",
            {"value": 4e6, "low": 3e6, "high": 5e6, "qualifier": "range", "unit": "personnes"},
            "entre 3 000 000 et 5 000 000 personnes",
        ),
        (
            "en",
            {"value": 50, "low": 50, "high": 50, "qualifier": "at_least", "unit": ""},
            "at least 50",
        ),
        (
            "en",
            {"value": 9, "low": 9, "high": 9, "qualifier": "less_than", "unit": "km"},
            "less than 9 km",
        ),
    ],
)
def test_quantity_reads_as_a_reader_would_write_it(language, quantity, expected):
    with translation.override(language):
        phrase = display.quantity_phrase(quantity)
    # French groups digits with a no-break space; compare the words, not the space kind.
    assert phrase.replace("\xa0", " ").replace("\u202f", " ") == expected


def shown_quantities(html: str) -> list[str]:
    """The quantities of the claim page's details list (the panel partial is not rendered)."""
    return re.findall(r'<span class="quantity"[^>]*>([^<]*)</span>', html)


@pytest.mark.django_db
def test_claim_page_shows_quantities_in_the_interface_language(reviewer_client):
    article = factories.ArticleFactory(language="fr", text="Selon Séoul, plus de 10 000 soldats.")
    quantity = {**TROOPS, "start": 13, "end": 27, "qualifier": "more_than", "unit": "soldats"}
    claim = factories.ClaimFactory(
        article=article, content_start=0, content_end=35, quantities=[quantity]
    )
    url = reverse("claims:claim_detail", args=[claim.pk])
    english = unescape(reviewer_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert shown_quantities(english) == ["more than 10,000 soldats"]
    assert "more_than" not in english
    reviewer_client.cookies["django_language"] = "fr"
    french = unescape(reviewer_client.get(url).content.decode()).replace("\xa0", " ")
    assert shown_quantities(french) == ["plus de 10 000 soldats"]


# 4. Form errors once ----------------------------------------------------------------


def add_article(client, **data):
    return client.post(reverse("claims:article_add"), data).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "The article is empty."),
        (
            {"file": SimpleUploadedFile("a.txt", bytes(range(256)) * 40)},
            "binary",
        ),
        (
            {
                "text": "The minister said 30 schools closed.",
                "file": SimpleUploadedFile("a.txt", b"x"),
            },
            "Paste text or upload a file, not both.",
        ),
    ],
    ids=["empty", "binary", "both"],
)
def test_add_article_error_is_shown_once(reviewer_client, data, message):
    body = unescape(add_article(reviewer_client, **data))
    assert body.count(message) == 1, body


@pytest.mark.django_db
def test_verdict_on_a_dismissed_claim_error_is_shown_once(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    services.claim_transition(claim=claim, to="dismissed", user=reviewer, reason="Opinion")
    data = {
        "rating": factories.rating("true").pk,
        "attribution_check": "confirmed",
        "rationale": "Checked.",
        "last_verdict": 0,
    }
    url = reverse("claims:verdict_add", args=[claim.pk])
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        body = unescape(reviewer_client.post(url, data, **headers).content.decode())
        assert body.count("A dismissed claim cannot receive a verdict.") == 1


# 5. Empty states --------------------------------------------------------------------


@pytest.mark.django_db
def test_empty_dashboard_lists_are_paragraphs_not_numbered_items(reviewer_client):
    html = reviewer_client.get(reverse("claims:dashboard")).content.decode()
    for text in (
        "Nothing assigned to you.",
        "No unassigned claim scores that high.",
        "No verdict yet.",
    ):
        assert re.search(rf"<p class=\"empty\">{re.escape(text)}", html), text
        assert not re.search(rf"<li>\s*{re.escape(text)}", html), text


@pytest.mark.django_db
def test_empty_claim_lists_are_paragraphs(reviewer_client):
    claim = factories.ClaimFactory()
    html = reviewer_client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert '<p class="empty">No comments yet.</p>' in html
    assert '<p class="empty">No changes yet.</p>' in html
    assert not re.search(r"<li>\s*No (comments|changes) yet", html)


@pytest.mark.django_db
def test_article_without_claims_says_so_in_a_paragraph(reviewer_client):
    article = factories.ArticleFactory()
    html = reviewer_client.get(reverse("claims:article_detail", args=[article.pk])).content.decode()
    assert '<p class="empty">No claims yet.</p>' in html
    assert not re.search(r"<li>\s*No claims yet", html)


# 3. The reader refreshes when extraction finishes ------------------------------------


@pytest.mark.django_db
def test_reader_listens_for_the_finished_job_and_reloads_its_section(reviewer_client):
    article = factories.ArticleFactory()
    url = reverse("claims:article_detail", args=[article.pk])
    html = reviewer_client.get(url).content.decode()
    assert re.search(r'id="reader"[^>]*hx-trigger="jobFinished from:body"', html)
    factories.ClaimFactory(article=article)
    fragment = reviewer_client.get(
        url + "?section=1", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="reader"
    ).content.decode()
    assert "<html" not in fragment and 'id="reader"' in fragment
    assert "1 claim" in fragment and 'class="hl' in fragment
    assert "hx-swap-oob" not in fragment  # the list is in the fragment, not appended twice
