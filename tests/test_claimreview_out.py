"""ClaimReview out: a public page per published verdict with its JSON-LD, a paginated feed,
and 410 Gone once a verdict is unpublished."""

import json
import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.claimreview.parse import parse_document
from claims.models import Claim, Claimant, Cluster
from tests import factories

# Google's fact-check documentation (developers.google.com/search/docs/appearance/
# structured-data/factcheck): what it requires and what it recommends, with their types.
REQUIRED = {"claimReviewed": str, "reviewRating": dict, "url": str}
RECOMMENDED = {"author": dict, "datePublished": str, "itemReviewed": dict}
CLAIM_RECOMMENDED = {"appearance": (dict, str), "author": dict, "datePublished": str}
RATING_REQUIRED = {"alternateName": str}
RATING_RECOMMENDED = {"bestRating": int, "name": str, "ratingValue": int, "worstRating": int}


@pytest.fixture
def publish(reviewer, editor):
    def publish(claim: Claim, slug: str = "false", rationale: str = "The ministry denied it."):
        factories.verdict(claim, reviewer, slug=slug, rationale=rationale)
        return services.claim_transition(claim=claim, to=Claim.Status.PUBLISHED, user=editor)

    return publish


def french_claim() -> Claim:
    text = "Selon le ministre, 40 écoles ont fermé dans le nord du pays la semaine dernière."
    article = factories.ArticleFactory(
        text=text,
        language="fr",
        title="Écoles fermées",
        url="https://journal.example/ecoles",
        published_at=datetime(2025, 3, 2, 9, 0, tzinfo=UTC),
    )
    minister = Claimant.objects.create(name="Jean Dupont", kind=Claimant.Kind.PERSON)
    return factories.ClaimFactory(
        article=article, content_start=19, content_end=len(text), claimant=minister
    )


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def assert_typed(data: dict, fields: dict) -> None:
    for name, kind in fields.items():
        assert name in data, name
        assert isinstance(data[name], kind), (name, data[name])
        assert data[name] not in ("", {}, []), name


def test_the_public_page_carries_googles_required_and_recommended_fields(db, publish, settings):
    settings.ORGANISATION_NAME = "Vérif Desk"
    settings.ORGANISATION_URL = "https://verif.example/"
    claim = french_claim()
    publish(claim)
    response = Client().get(reverse("claims:review_page", args=[claim.pk]))  # no login
    assert response.status_code == 200
    html = response.content.decode()
    review = json_ld(html)
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert_typed(review, REQUIRED | RECOMMENDED)
    assert_typed(review["itemReviewed"], CLAIM_RECOMMENDED)
    assert_typed(review["reviewRating"], RATING_REQUIRED | RATING_RECOMMENDED)
    assert review["url"] == f"http://testserver/reviews/{claim.pk}/"
    assert review["claimReviewed"] == claim.content
    assert review["author"] == {
        "@type": "Organization",
        "name": "Vérif Desk",
        "url": "https://verif.example/",
    }
    rating = review["reviewRating"]
    assert (rating["alternateName"], rating["ratingValue"]) == ("Faux", 1)  # the verdict's language
    assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
    assert review["inLanguage"] == "fr"
    assert datetime.fromisoformat(review["datePublished"]).date() == datetime.now(UTC).date()
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Jean Dupont"}
    assert item["datePublished"] == "2025-03-02"
    assert item["appearance"]["url"] == "https://journal.example/ecoles"
    assert '<html lang="fr">' in html and "Faux" in html and "The ministry denied it." in html


def test_a_government_claimant_is_an_organization_and_first_appearance_is_the_earliest(db, publish):
    government = Claimant.objects.create(
        name="United States (government)", kind=Claimant.Kind.GOVERNMENT
    )
    cluster = Cluster.objects.create(label="troops")
    first = factories.ClaimFactory(
        article=factories.ArticleFactory(
            url="https://wire.example/first", published_at=datetime(2024, 12, 1, tzinfo=UTC)
        ),
        claimant=government,
        cluster=cluster,
    )
    later = factories.ClaimFactory(
        article=factories.ArticleFactory(
            url="https://paper.example/later", published_at=datetime(2024, 12, 5, tzinfo=UTC)
        ),
        claimant=government,
        cluster=cluster,
    )
    publish(later)
    review = json_ld(Client().get(reverse("claims:review_page", args=[later.pk])).content.decode())
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "United States (government)"}
    assert item["firstAppearance"]["url"] == first.article.url
    assert item["appearance"]["url"] == later.article.url
    assert review["reviewRating"]["alternateName"] == "False"  # an English article


def test_a_claim_text_cannot_break_out_of_the_json_ld_block(db, publish):
    text = 'He said "</script><script>alert(1)</script>" was a lie told by the minister.'
    article = factories.ArticleFactory(text=text, url="https://x.example/a")
    claim = factories.ClaimFactory(article=article, content_start=0, content_end=len(text))
    publish(claim)
    html = Client().get(reverse("claims:review_page", args=[claim.pk])).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["claimReviewed"] == text


def test_unpublishing_removes_the_page_with_410_and_the_feed_entry(db, publish, editor):
    claim = publish(factories.ClaimFactory())
    page = reverse("claims:review_page", args=[claim.pk])
    anonymous = Client()
    assert anonymous.get(page).status_code == 200
    services.claim_transition(claim=claim, to=Claim.Status.VERDICT_GIVEN, user=editor)
    gone = anonymous.get(page)
    assert gone.status_code == 410 and b"withdrawn" in gone.content
    feed = anonymous.get(reverse("claims:review_feed")).json()
    assert feed["items"] == []


def test_a_claim_never_published_is_404_not_410(db, reviewer):
    claim = factories.ClaimFactory()
    factories.verdict(claim, reviewer)
    assert Client().get(reverse("claims:review_page", args=[claim.pk])).status_code == 404
    assert Client().get(reverse("claims:review_page", args=[999_999])).status_code == 404


def test_the_feed_is_newest_first_with_next_links_that_reach_every_review(
    db, publish, settings, django_assert_max_num_queries
):
    settings.CLAIMREVIEW_FEED_PAGE_SIZE = 2
    claims = [publish(factories.ClaimFactory()) for _ in range(5)]
    anonymous = Client()
    url, seen, pages = reverse("claims:review_feed"), [], 0
    while url:
        with django_assert_max_num_queries(6):
            body = anonymous.get(url).json()
        pages += 1
        assert len(body["items"]) <= 2
        seen += [item["url"] for item in body["items"]]
        url = body["next"]
        if url:
            assert url.startswith("http://testserver/reviews/feed.json?page=")
    assert pages == 3
    expected = [f"http://testserver/reviews/{c.pk}/" for c in reversed(claims)]
    assert seen == expected  # newest publication first, each once


def test_a_feed_page_that_does_not_exist_is_a_clear_404(db):
    for page in ("7", "abc", "-1"):
        response = Client().get(reverse("claims:review_feed"), {"page": page})
        assert response.status_code == 404
        assert "no page" in response.json()["error"]


def test_our_own_feed_reads_back_through_the_importer(db, publish):
    """What we publish, another desk (or we) can import: build and parse agree."""
    claim = french_claim()
    publish(claim)
    body = Client().get(reverse("claims:review_feed")).content.decode()
    parsed = parse_document(body)
    assert parsed.skipped == []
    (review,) = parsed.reviews
    assert (review.claim_text, review.rating, review.language) == (claim.content, "Faux", "fr")
    assert review.claimant == "Jean Dupont" and review.rating_value == 1.0
