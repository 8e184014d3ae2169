"""Bad or oversized input gets a clear message, never a 500 or a bare 400, and is not
stored: queue parameters, the verdict form, huge posts, huge numbers, odd uploads."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims import ingest, services
from claims.models import Article, Claim, Evidence, Verdict
from tests import factories

pytestmark = pytest.mark.django_db

HUGE = str(2**70)
ARTICLE = (
    "Le ministre de l'Intérieur a déclaré mardi que 40 écoles avaient fermé dans le nord "
    "du pays, selon un communiqué publié dans la soirée. "
)


def listed(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-claim="(\d+)"', response.content.decode())}


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# Queue filters


@pytest.fixture
def queue_claims():
    dismissed = factories.ClaimFactory(status=Claim.Status.DISMISSED, checkworthiness=0.9)
    others = factories.ClaimFactory.create_batch(3, checkworthiness=0.2)
    return dismissed, others


def test_one_invalid_queue_parameter_is_reported_and_the_others_still_apply(
    reviewer_client, queue_claims
):
    dismissed, _others = queue_claims
    url = reverse("claims:queue")
    valid = reviewer_client.get(url, {"status": "dismissed"})
    assert listed(valid) == {dismissed.pk}
    assert "left out" not in valid.content.decode()
    mixed = reviewer_client.get(url, {"status": "dismissed", "sort": "bogus"})
    assert listed(mixed) == {dismissed.pk}
    body = mixed.content.decode()
    assert "sort: “bogus” is not one of cw, new, old" in body


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"cw_min": "2"}, "cw_min: must be between 0 and 1"),
        ({"cw_max": "-1"}, "cw_max: must be between 0 and 1"),
        ({"cw_min": "lots"}, "cw_min: not a number"),
        ({"date_from": "notadate"}, "date_from: not a date"),
        ({"status": "closed"}, "status: “closed” is not one of new, in_review"),
        ({"rating": "nope"}, "rating: no such rating (“nope”)"),
        ({"source": "999999"}, "source: no such source"),
    ],
)
def test_each_invalid_queue_parameter_is_named_with_its_reason(
    reviewer_client, queue_claims, params, problem
):
    dismissed, others = queue_claims
    # The other filter (check-worthiness from 0.5) still narrows the list.
    query = {"cw_min": "0.5", **params} if "cw_min" not in params else params
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = reviewer_client.get(reverse("claims:queue"), query, **headers)
        assert response.status_code == 200
        assert problem in response.content.decode()
    if "cw_min" not in params and "status" not in params:
        assert listed(response) == set()  # the open claims all score 0.2
    elif "status" in params:
        assert not listed(response) & {c.pk for c in others}


# Verdict form


def test_the_verdict_form_preselects_no_rating_even_after_a_verdict(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    page = reviewer_client.get(reverse("claims:claim_detail", kwargs={"pk": claim.pk}))
    select = re.search(r'<select name="rating".*?</select>', page.content.decode(), re.S)[0]
    assert "selected" in select and re.search(r'<option value="" selected>', select)
    after = reviewer_client.post(
        reverse("claims:verdict_add", kwargs={"pk": claim.pk}),
        {
            "rating": factories.rating("false").pk,
            "attribution_check": "confirmed",
            "rationale": "r",
        },
        HTTP_HX_REQUEST="true",
    )
    select = re.search(r'<select name="rating".*?</select>', after.content.decode(), re.S)[0]
    assert re.search(r'<option value="" selected>', select)
    assert select.count("selected") == 1


def test_a_verdict_without_a_rating_is_refused(reviewer_client):
    claim = factories.ClaimFactory()
    response = reviewer_client.post(
        reverse("claims:verdict_add", kwargs={"pk": claim.pk}),
        {"attribution_check": "confirmed", "rationale": "The ministry denied it."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Choose a rating." in response.content.decode()
    assert not Verdict.objects.exists()


# Oversized requests


def test_an_oversized_paste_returns_the_form_with_a_message_not_a_bare_400(reviewer):
    client = Client(enforce_csrf_checks=True)  # as a browser: the token is in the lost body
    client.force_login(reviewer)
    text = ARTICLE * (int(6.5 * 1024 * 1024) // len(ARTICLE.encode()))
    response = client.post(reverse("claims:article_add"), {"text": text}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0] == (reverse("claims:article_add"), 302)
    message = messages_of(response)
    assert "The text is too large" in message and "1,000,000 characters" in message
    assert "upload the article as a .txt or .html file" in message
    assert "The text is too large" in response.content.decode()
    assert not Article.objects.exists()


def test_too_many_claims_in_a_bulk_action_get_a_message_on_the_queue(reviewer_client):
    claims = factories.ClaimFactory.create_batch(2)
    ids = [c.pk for c in claims] + list(range(10_000, 11_198))  # 1,200 ids
    response = reviewer_client.post(
        reverse("claims:queue_bulk"), {"ids": ids, "action": "take"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("claims:queue")
    assert "Too many claims selected at once" in messages_of(response)
    assert not Claim.objects.exclude(assignee=None).exists()


def test_more_claims_than_the_bulk_limit_but_few_fields_are_refused_by_the_form(
    reviewer_client,
):
    ids = list(range(1, settings.BULK_MAX_CLAIMS + 2))
    response = reviewer_client.post(
        reverse("claims:queue_bulk"), {"ids": ids, "action": "take"}, follow=True
    )
    assert "Too many claims selected at once" in messages_of(response)


def test_an_oversized_htmx_post_reloads_the_claim_page_with_the_message(reviewer_client):
    claim = factories.ClaimFactory()
    response = reviewer_client.post(
        reverse("claims:comment_add", kwargs={"pk": claim.pk}),
        {"text": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"] == reverse("claims:claim_detail", kwargs={"pk": claim.pk})
    page = reviewer_client.get(response["HX-Redirect"])
    assert "too large for the server" in page.content.decode()


# Numbers too big for the database


def test_a_huge_version_on_the_status_form_is_a_message(reviewer_client):
    claim = factories.ClaimFactory()
    url = reverse("claims:claim_status", kwargs={"pk": claim.pk})
    response = reviewer_client.post(url, {"to": "in_review", "version": HUGE}, follow=True)
    assert response.status_code == 200
    assert "The status was not changed" in messages_of(response)
    assert "version" in messages_of(response)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW


@pytest.mark.parametrize("bad", [HUGE, "²", "-3", "0x10"])
def test_huge_or_odd_bulk_ids_are_a_message(reviewer_client, bad):
    claim = factories.ClaimFactory()
    response = reviewer_client.post(
        reverse("claims:queue_bulk"), {"ids": [claim.pk, bad], "action": "take"}, follow=True
    )
    assert response.status_code == 200
    assert "is not a claim number" in messages_of(response)
    claim.refresh_from_db()
    assert claim.assignee is None


def test_huge_last_verdict_and_page_numbers_are_handled(reviewer_client):
    claim = factories.ClaimFactory()
    response = reviewer_client.post(
        reverse("claims:verdict_add", kwargs={"pk": claim.pk}),
        {
            "rating": factories.rating("false").pk,
            "attribution_check": "confirmed",
            "rationale": "r",
            "last_verdict": HUGE,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "less than or equal to" in response.content.decode()
    assert not Verdict.objects.exists()
    for name in ("claims:queue", "claims:article_list"):
        assert reviewer_client.get(reverse(name), {"page": HUGE}).status_code == 200


# Uploads


def upload(client: Client, name: str, data: bytes):
    return client.post(reverse("claims:article_add"), {"file": SimpleUploadedFile(name, data)})


def test_an_html_upload_declaring_a_non_text_codec_is_refused_clearly(reviewer_client):
    for codec in ("punycode", "idna", "rot13", "base64", "unicode_escape"):
        html = (
            f'<html><head><meta charset="{codec}"><title>T</title></head><body><p>'
            + ARTICLE.encode("ascii", "ignore").decode() * 3
            + "</p></body></html>"
        ).encode("ascii", "ignore")
        response = upload(reviewer_client, "page.html", html)
        assert response.status_code == 200, codec
        assert "which is not a character set" in response.content.decode(), codec
    assert not Article.objects.exists()


def test_nul_bytes_after_the_first_8_kb_are_refused_on_every_database(reviewer_client):
    data = (ARTICLE * 200).encode("utf-8") + b"\x00\x00 suite" + ARTICLE.encode("utf-8")
    assert data.index(b"\x00") > 8192
    response = upload(reviewer_client, "article.txt", data)
    assert response.status_code == 200
    assert "contains NUL characters" in response.content.decode()
    assert not Article.objects.exists()


def test_nul_characters_are_refused_in_every_decoding_path():
    with pytest.raises(ingest.IngestError, match="NUL"):
        ingest.decode_bytes(b"a" * 9000 + b"\x00")
    with pytest.raises(ingest.IngestError, match="NUL"):
        ingest.text_from_plain(ARTICLE + "\x00" + ARTICLE)
    # UTF-16 has zero bytes but no NUL character: it is text.
    assert ingest.decode_bytes("\ufeffselon Washington".encode("utf-16-le")).endswith("Washington")


def test_an_unknown_declared_charset_is_skipped_as_browsers_do():
    html = b'<html><head><meta charset="no-such-charset"></head><body>caf\xc3\xa9</body></html>'
    assert "café" in ingest.decode_bytes(html)


# Long free text on a claim


def test_a_huge_evidence_note_and_rationale_are_refused_in_forms(reviewer_client):
    claim = factories.ClaimFactory()
    note = reviewer_client.post(
        reverse("claims:evidence_add", kwargs={"pk": claim.pk}),
        {"url": "https://example.org/a", "stance": "supports", "note": "n" * 5_000_000},
        HTTP_HX_REQUEST="true",
    )
    assert note.status_code == 200
    assert "at most 10000 characters" in note.content.decode()
    rationale = reviewer_client.post(
        reverse("claims:verdict_add", kwargs={"pk": claim.pk}),
        {
            "rating": factories.rating("false").pk,
            "attribution_check": "confirmed",
            "rationale": "r" * 1_000_000,
        },
        HTTP_HX_REQUEST="true",
    )
    assert "at most 10000 characters" in rationale.content.decode()
    assert not Evidence.objects.exists() and not Verdict.objects.exists()


def test_services_bound_the_evidence_note_and_the_rationale(reviewer):
    claim = factories.ClaimFactory()
    with pytest.raises(ValidationError, match="evidence note is limited to 10,000"):
        services.evidence_add(
            claim=claim,
            url="https://example.org/a",
            stance="supports",
            note="n" * 10_001,
            user=reviewer,
        )
    with pytest.raises(ValidationError, match="rationale is limited to 10,000"):
        services.verdict_record(
            claim=claim,
            rating=factories.rating("false"),
            attribution_check="confirmed",
            rationale="r" * 10_001,
            user=reviewer,
        )
    assert not Evidence.objects.exists() and not Verdict.objects.exists()
