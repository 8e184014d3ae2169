import pytest
from django.db import IntegrityError, transaction

from claims.models import Claim, Rating, Verdict
from tests import factories


@pytest.mark.django_db
def test_default_rating_scale_is_loaded_in_both_languages():
    ratings = list(Rating.objects.all())
    assert [r.slug for r in ratings] == ["true", "mostly-true", "mixed", "misleading", "false"]
    assert Rating.objects.get(slug="false").label("fr") == "Faux"
    assert all(r.worst_rating <= r.rating_value <= r.best_rating for r in ratings)


@pytest.mark.django_db
def test_claim_index_is_unique_per_article():
    claim = factories.ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ClaimFactory(article=claim.article, index=claim.index)


@pytest.mark.django_db
def test_claim_content_span_must_be_non_empty():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ClaimFactory(content_start=10, content_end=10)


@pytest.mark.django_db
def test_claim_source_span_needs_both_ends():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ClaimFactory(source_start=3, source_end=None)


@pytest.mark.django_db
def test_claim_kind_and_checkworthiness_are_checked_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ClaimFactory(kind="rumour")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ClaimFactory(checkworthiness=1.5)


@pytest.mark.django_db
def test_rating_value_must_lie_in_its_scale():
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            slug="x", label_en="X", label_fr="X", rating_value=9, best_rating=5, worst_rating=1
        )


@pytest.mark.django_db
def test_verdict_needs_a_rationale_in_the_database(reviewer):
    claim = factories.ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(
            claim=claim,
            rating=factories.rating(),
            reviewer=reviewer,
            attribution_check="confirmed",
            rationale="",
        )


@pytest.mark.django_db
def test_article_content_hash_is_unique():
    article = factories.ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ArticleFactory(text=article.text)


@pytest.mark.django_db
def test_open_queryset_excludes_published_and_dismissed():
    new = factories.ClaimFactory()
    factories.ClaimFactory(status=Claim.Status.PUBLISHED)
    factories.ClaimFactory(status=Claim.Status.DISMISSED)
    assert list(Claim.objects.open()) == [new]


@pytest.mark.django_db
def test_suite_runs_on_the_database_it_was_asked_for():
    import os

    from django.db import connection

    expected = "postgresql" if os.environ.get("TEST_DATABASE") == "postgres" else "sqlite"
    assert connection.vendor == expected
