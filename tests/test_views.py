import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims import services
from claims.models import Article, Claim, Evidence, Verdict
from tests import factories


def _claims_urls():
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "claims":
            for sub in pattern.url_patterns:
                if isinstance(sub, URLPattern):
                    kwargs = {"pk": 1} if "pk" in str(sub.pattern) else {}
                    yield reverse(f"claims:{sub.name}", kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(_claims_urls()))
def test_anonymous_users_are_sent_to_login(client, url):
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_login_page_is_public(client):
    assert client.get(reverse("login")).status_code == 200


@pytest.mark.django_db
def test_add_article_by_pasting_text(reviewer_client, django_capture_on_commit_callbacks):
    text = "Le ministre a déclaré que plus de 2 000 écoles étaient fermées lundi."
    with django_capture_on_commit_callbacks() as callbacks:
        response = reviewer_client.post(reverse("claims:article_add"), {"text": text})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("claims:article_detail", kwargs={"pk": article.pk})
    assert article.language == "fr" and article.jobs.get().state == "queued"
    assert len(callbacks) == 1  # the extraction task is enqueued after commit


@pytest.mark.django_db
def test_article_page_shows_claims_and_job(reviewer_client):
    claim = factories.ClaimFactory()
    response = reviewer_client.get(
        reverse("claims:article_detail", kwargs={"pk": claim.article_id})
    )
    assert response.status_code == 200
    assert claim.content in response.content.decode()


@pytest.mark.django_db
def test_job_status_fragment_stops_polling_when_done(reviewer_client):
    article = factories.ArticleFactory()
    job = article.jobs.create(kind="extract", state="running", progress=10)
    url = reverse("claims:job_status", kwargs={"pk": job.pk})
    running = reviewer_client.get(url, HTTP_HX_REQUEST="true")
    assert running.status_code == 200 and 'hx-trigger="every 2s"' in running.content.decode()
    job.state = "failed"
    job.error = "Extraction failed: boom"
    job.save()
    done = reviewer_client.get(url, HTTP_HX_REQUEST="true")
    assert done.status_code == 286
    assert "Extraction failed: boom" in done.content.decode()
    assert "<html" not in done.content.decode()


@pytest.mark.django_db
def test_verdict_form_records_a_verdict_as_htmx_fragment(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    response = reviewer_client.post(
        reverse("claims:verdict_add", kwargs={"pk": claim.pk}),
        {
            "rating": factories.rating("false").pk,
            "attribution_check": "confirmed",
            "rationale": "The ministry denied it.",
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert '<section id="verdict"' in body and "<html" not in body
    assert "claimUpdated" in json.loads(response.headers["HX-Trigger"])
    verdict = Verdict.objects.get()
    assert verdict.reviewer == reviewer and verdict.rating.slug == "false"


@pytest.mark.django_db
def test_verdict_form_without_javascript_redirects(reviewer_client):
    claim = factories.ClaimFactory()
    response = reviewer_client.post(
        reverse("claims:verdict_add", kwargs={"pk": claim.pk}),
        {
            "rating": factories.rating("true").pk,
            "attribution_check": "unverifiable",
            "rationale": "Could not reach the ministry.",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERDICT_GIVEN


@pytest.mark.django_db
def test_invalid_verdict_shows_errors_and_saves_nothing(reviewer_client):
    claim = factories.ClaimFactory()
    response = reviewer_client.post(
        reverse("claims:verdict_add", kwargs={"pk": claim.pk}),
        {"rating": factories.rating("true").pk, "attribution_check": "confirmed", "rationale": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_evidence_is_added_by_url(reviewer_client):
    claim = factories.ClaimFactory()
    response = reviewer_client.post(
        reverse("claims:evidence_add", kwargs={"pk": claim.pk}),
        {"url": "https://www.state.gov/briefing", "stance": "supports", "note": "Briefing"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "https://www.state.gov/briefing" in response.content.decode()
    assert Evidence.objects.get().stance == "supports"


@pytest.mark.django_db
def test_queue_filters_by_status_with_bounded_queries(
    reviewer_client, reviewer, django_assert_max_num_queries
):
    for _ in range(30):
        claim = factories.ClaimFactory()
        services.verdict_record(
            claim=claim,
            rating=factories.rating(),
            rationale="r",
            attribution_check="confirmed",
            user=reviewer,
        )
    new_claim = factories.ClaimFactory()
    with django_assert_max_num_queries(9):
        response = reviewer_client.get(reverse("claims:queue"), {"status": "verdict_given"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("claims/") >= 30 and f'href="/claims/{new_claim.pk}/"' not in body
    with django_assert_max_num_queries(9):
        fragment = reviewer_client.get(
            reverse("claims:queue"), {"status": "new"}, HTTP_HX_REQUEST="true"
        )
    assert f'href="/claims/{new_claim.pk}/"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


@pytest.mark.django_db
def test_article_list_query_count_does_not_grow_with_rows(
    reviewer_client, django_assert_max_num_queries
):
    factories.ClaimFactory.create_batch(40)
    with django_assert_max_num_queries(6):
        assert reviewer_client.get(reverse("claims:article_list")).status_code == 200
