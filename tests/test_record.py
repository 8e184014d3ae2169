"""The record cannot be changed behind the workflow's back: published verdicts are locked,
the admin goes through the services, history and used ratings cannot be rewritten."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from claims import csv_export, services
from claims.models import Article, Claim, ClaimEvent, Evidence, Job, Rating, Verdict
from tests import factories

ARTICLE_TEXT = (
    "Le ministre de l'Intérieur a déclaré mardi que 4 000 policiers supplémentaires "
    "seraient déployés dans les gares avant l'été, selon un communiqué du ministère."
)


@pytest.fixture
def published(reviewer, editor):
    """A claim with a "mostly true" verdict, published by the editor."""
    claim = factories.ClaimFactory()
    factories.verdict(claim, reviewer, slug="mostly-true", rationale="Matches the release.")
    services.claim_transition(claim=claim, to="published", user=editor)
    claim.refresh_from_db()
    return claim


def exported_ratings() -> dict[str, str]:
    options = csv_export.ExportOptions(filters={"status": "all"})
    data = b"".join(csv_export.export_chunks(options, user=None))
    rows = csv.DictReader(io.StringIO(data.decode("utf-8")))
    return {row["claim_id"]: row["rating_slug"] for row in rows}


@pytest.mark.parametrize("who", ["reviewer", "editor"])
def test_published_verdict_is_not_replaced_without_unpublishing(published, who, request):
    user = request.getfixturevalue(who)
    before = exported_ratings()
    with pytest.raises(ValidationError, match="unpublish"):
        factories.verdict(published, user, slug="misleading", rationale="Second look.")
    published.refresh_from_db()
    assert published.status == Claim.Status.PUBLISHED
    assert published.verdicts.count() == 1
    assert exported_ratings() == before


def test_new_verdict_on_a_published_claim_goes_through_an_editor(published, reviewer, editor):
    services.claim_transition(claim=published, to="verdict_given", user=editor)
    factories.verdict(published, reviewer, slug="misleading", rationale="New source found.")
    published.refresh_from_db()
    assert published.status == Claim.Status.VERDICT_GIVEN
    services.claim_transition(claim=published, to="published", user=editor)
    trail = [
        (e.actor.username, e.action, e.changes.get("status"))
        for e in published.events.order_by("created_at", "id")
    ]
    assert trail[-3:] == [
        ("ed", "status", ["published", "verdict_given"]),
        ("rita", "verdict", None),
        ("ed", "status", ["verdict_given", "published"]),
    ]


def test_attribution_of_a_published_claim_is_locked(published, reviewer):
    with pytest.raises(ValidationError, match="unpublish"):
        services.claim_edit_attribution(
            claim=published,
            user=reviewer,
            expected_version=published.version,
            content_start=0,
            content_end=12,
            source_start=None,
            source_end=None,
            claimant_name="Someone else",
            kind=Claim.Kind.DIRECT,
        )
    unchanged = Claim.objects.get(pk=published.pk)
    assert (unchanged.content, unchanged.kind) == (published.content, published.kind)


def test_reviewer_holding_a_stale_status_cannot_unpublish(reviewer, editor):
    claim = factories.ClaimFactory()
    factories.verdict(claim, reviewer)
    seen_by_reviewer = Claim.objects.get(pk=claim.pk)  # read as "verdict given"
    services.claim_transition(claim=Claim.objects.get(pk=claim.pk), to="published", user=editor)
    with pytest.raises(PermissionDenied):
        services.claim_transition(claim=seen_by_reviewer, to="verdict_given", user=reviewer)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PUBLISHED


def test_claim_page_of_a_published_claim_offers_no_verdict_or_correction(
    published, reviewer_client
):
    page = reviewer_client.get(reverse("claims:claim_detail", args=[published.pk]))
    html = page.content.decode()
    assert reverse("claims:verdict_add", args=[published.pk]) not in html
    assert reverse("claims:claim_attribution", args=[published.pk]) not in html
    response = reviewer_client.post(
        reverse("claims:verdict_add", args=[published.pk]),
        {
            "rating": factories.rating("false").pk,
            "attribution_check": "confirmed",
            "rationale": "Trying anyway.",
        },
    )
    assert response.status_code == 200
    assert "cannot receive a new verdict" in response.content.decode()
    assert published.verdicts.count() == 1


def test_a_refused_correction_of_a_published_claim_says_why(published, reviewer_client):
    response = reviewer_client.post(
        reverse("claims:claim_attribution", args=[published.pk]),
        {
            "version": published.version,
            "content": published.content,
            "source": "",
            "claimant": "Someone else",
            "kind": "direct",
        },
    )
    assert response.status_code == 200
    assert "attribution cannot be corrected" in response.content.decode()
    assert Claim.objects.get(pk=published.pk).claimant is None


# The admin ------------------------------------------------------------------------------


@pytest.fixture
def editor_admin(client, editor):
    client.force_login(editor)
    return client


def test_admin_cannot_edit_claim_fields(editor_admin, published):
    url = reverse("admin:claims_claim_change", args=[published.pk])
    assert editor_admin.get(url).status_code == 200  # viewing is fine
    events = published.events.count()
    response = editor_admin.post(
        url, {"status": "new", "content": "Rewritten", "version": 99, "kind": "direct"}
    )
    assert response.status_code == 403
    unchanged = Claim.objects.get(pk=published.pk)
    assert (unchanged.status, unchanged.content) == (Claim.Status.PUBLISHED, published.content)
    assert published.events.count() == events
    assert editor_admin.get(reverse("admin:claims_claim_add")).status_code == 403


def test_admin_unpublish_action_goes_through_the_workflow(editor_admin, published, editor):
    response = editor_admin.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "unpublish", "_selected_action": [published.pk]},
        follow=True,
    )
    assert response.status_code == 200
    published.refresh_from_db()
    assert published.status == Claim.Status.VERDICT_GIVEN
    last = published.events.order_by("-created_at", "-id").first()
    assert last.actor == editor
    assert last.changes["status"] == ["published", "verdict_given"]


def test_admin_publish_action_refuses_a_claim_without_verdict(editor_admin):
    claim = factories.ClaimFactory()
    response = editor_admin.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "publish", "_selected_action": [claim.pk]},
        follow=True,
    )
    assert f"#{claim.pk}" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.NEW
    assert not claim.events.exists()


def test_reviewer_in_the_admin_is_not_offered_publishing(client, reviewer, published):
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    page = client.get(reverse("admin:claims_claim_changelist"))
    assert b'value="unpublish"' not in page.content
    client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "unpublish", "_selected_action": [published.pk]},
    )
    assert Claim.objects.get(pk=published.pk).status == Claim.Status.PUBLISHED


def test_admin_cannot_add_or_edit_evidence(editor_admin, published):
    evidence = Evidence.objects.create(
        claim=published, url="https://example.org/a", stance="supports", origin="reviewer"
    )
    assert editor_admin.get(reverse("admin:claims_evidence_add")).status_code == 403
    response = editor_admin.post(
        reverse("admin:claims_evidence_change", args=[evidence.pk]),
        {"claim": published.pk, "url": "https://example.org/b", "stance": "refutes"},
    )
    assert response.status_code == 403
    assert Evidence.objects.get(pk=evidence.pk).url == "https://example.org/a"


def _admin_add_article(client, text: str, **extra):
    return client.post(
        reverse("admin:claims_article_add"),
        {"title": "", "url": "", "source": "", "language": "fr", "text": text, **extra},
    )


def test_articles_added_in_the_admin_are_extracted(editor_admin, editor):
    first = _admin_add_article(editor_admin, ARTICLE_TEXT)
    second = _admin_add_article(editor_admin, ARTICLE_TEXT.replace("4 000", "5 000"))
    assert first.status_code == second.status_code == 302
    articles = list(Article.objects.order_by("pk"))
    assert len(articles) == 2
    for article in articles:
        assert article.created_by == editor
        assert article.content_hash
        job = Job.objects.get(article=article)
        assert job.kind == Job.Kind.EXTRACT and job.state == Job.State.QUEUED


def test_admin_detects_the_language_when_none_is_chosen(editor_admin):
    assert _admin_add_article(editor_admin, ARTICLE_TEXT, language="").status_code == 302
    assert Article.objects.get().language == "fr"


def test_admin_refuses_the_same_text_twice_with_a_message(editor_admin):
    _admin_add_article(editor_admin, ARTICLE_TEXT)
    again = _admin_add_article(editor_admin, ARTICLE_TEXT)
    assert again.status_code == 200
    assert "already in the workbench" in again.content.decode()
    assert Article.objects.count() == 1


def test_admin_refuses_an_empty_article(editor_admin):
    response = _admin_add_article(editor_admin, "   ")
    assert response.status_code == 200
    assert Article.objects.count() == 0


def test_article_text_is_immutable_in_the_admin(client, published):
    admin_user = factories.UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    article = published.article
    url = reverse("admin:claims_article_change", args=[article.pk])
    response = client.post(
        url,
        {
            "title": "Better title",
            "url": "",
            "source": "",
            "published_at_0": "",
            "published_at_1": "",
            "text": "Completely different text that breaks every offset.",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Better title"
    assert article.text.startswith("The minister said")
    assert article.language == "en"


def test_article_update_refuses_text_changes(editor):
    article = factories.ArticleFactory()
    admin_user = factories.UserFactory(username="boss", is_superuser=True)
    article.text = "Other words"
    with pytest.raises(ValidationError):
        services.article_update(article=article, user=admin_user, fields=["text"])
    with pytest.raises(PermissionDenied):
        services.article_update(article=article, user=editor, fields=["title"])


# The verdict scale -----------------------------------------------------------------------


def test_a_used_rating_keeps_its_label_and_value(published, editor):
    rating = Rating.objects.get(slug="mostly-true")
    rating.label_en, rating.rating_value = "Rather true", 3
    with pytest.raises(ValidationError, match="Verdicts use"):
        services.rating_save(rating=rating, user=editor)
    assert Rating.objects.get(slug="mostly-true").label_en == "Mostly true"
    rating = Rating.objects.get(slug="mostly-true")
    rating.order, rating.active = 99, False
    services.rating_save(rating=rating, user=editor)  # retiring it is fine
    assert Rating.objects.get(slug="mostly-true").active is False


def test_admin_shows_a_used_rating_read_only(editor_admin, published):
    rating = Rating.objects.get(slug="mostly-true")
    url = reverse("admin:claims_rating_change", args=[rating.pk])
    editor_admin.post(
        url,
        {
            "slug": "mostly-true",
            "label_en": "Rather true",
            "label_fr": "Plutôt vrai",
            "rating_value": 4,
            "best_rating": 5,
            "worst_rating": 1,
            "order": 21,
            "active": "on",
            "description": "",
        },
    )
    rating.refresh_from_db()
    assert rating.label_en == "Mostly true" and rating.order == 21
    unused = Rating.objects.get(slug="mixed")
    assert not unused.verdicts.exists()
    editor_admin.post(
        reverse("admin:claims_rating_change", args=[unused.pk]),
        {
            "slug": "mixed",
            "label_en": "Half true",
            "label_fr": "Mitigé",
            "rating_value": 3,
            "best_rating": 5,
            "worst_rating": 1,
            "order": 30,
            "active": "on",
            "description": "",
        },
    )
    assert Rating.objects.get(pk=unused.pk).label_en == "Half true"


# PostgreSQL guards ----------------------------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database guards exist on PostgreSQL"
)


@postgres_only
def test_database_refuses_rewriting_a_used_rating(published):
    with pytest.raises(DatabaseError, match="used by verdicts"), transaction.atomic():
        Rating.objects.filter(slug="mostly-true").update(label_en="Rather true")


@postgres_only
@pytest.mark.parametrize("table", ["claims_claimevent", "claims_verdict", "claims_comment"])
def test_database_refuses_truncating_history(published, table):
    with (
        pytest.raises(DatabaseError, match="TRUNCATE"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {table} CASCADE")
    assert ClaimEvent.objects.exists() and Verdict.objects.exists()


RUNTIME_ATTEMPTS = {
    "update history": "UPDATE claims_verdict SET rationale = 'x'",
    "delete history": "DELETE FROM claims_claimevent",
    "delete comments": "DELETE FROM claims_comment",
    "truncate history": "TRUNCATE claims_claimevent CASCADE",
    "disable the trigger": "ALTER TABLE claims_verdict DISABLE TRIGGER USER",
    "skip triggers": "SET session_replication_role = replica",
}


@postgres_only
def test_runtime_role_cannot_rewrite_history(published, monkeypatch):
    import psycopg

    monkeypatch.setenv("RUNTIME_DB_PASSWORD", "a-long-enough-password")
    call_command("grant_runtime_role", "factcheck_runtime_test", "--create", stdout=io.StringIO())
    # All of this runs inside the test's transaction: SET ROLE looks through it as that role.
    with connection.cursor() as cursor:
        cursor.execute("SET ROLE factcheck_runtime_test")
        for label, statement in RUNTIME_ATTEMPTS.items():
            cursor.execute("SAVEPOINT attempt")
            with pytest.raises(DatabaseError) as refused:
                cursor.execute(statement)
            assert isinstance(refused.value.__cause__, psycopg.errors.InsufficientPrivilege), label
            cursor.execute("ROLLBACK TO SAVEPOINT attempt")
        cursor.execute("SELECT count(*) FROM claims_verdict")
        assert cursor.fetchone()[0] == 1
        cursor.execute(
            "INSERT INTO claims_comment (claim_id, author_id, text, created_at) "
            "VALUES (%s, %s, 'Adding is still allowed.', now())",
            [published.pk, published.events.first().actor_id],
        )
        cursor.execute("RESET ROLE")


@postgres_only
def test_database_refuses_editing_a_comment(published, reviewer):
    comment = services.comment_add(claim=published, text="Source confirmed.", user=reviewer)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        type(comment).objects.filter(pk=comment.pk).update(text="Edited")
