"""Corroboration end to end in one process: feeds become reports, claims get ranked
suggestions with stance hints and earlier checks, idempotently. The web is a local server."""

import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from werkzeug import Response

from claims import services
from claims.models import Claim, ClaimEvent, ClaimMatch, Evidence, Feed, Job, Report, Source
from tests import factories

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title><link>{base}/</link>
<item><title>North Korea sent more than 10,000 troops to Russia, US says</title>
<link>{base}/world/nk-troops?utm_source=rss</link>
<pubDate>Mon, 16 Dec 2024 10:00:00 GMT</pubDate>
<description>Summary one.</description></item>
<item><title>Seoul puts North Korean deployment at 12,000</title>
<link>{base}/world/seoul-estimate</link>
<pubDate>Tue, 17 Dec 2024 08:30:00 GMT</pubDate>
<description>Summary two.</description></item>
{extra}
</channel></rss>"""

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title>
<meta property="article:published_time" content="2024-12-16T10:00:00+00:00"></head>
<body><article><h1>{title}</h1><p>{body}</p><p>{body2}</p></article></body></html>"""

NK_BODY = (
    "Washington said on Monday that more than 10,000 North Korean soldiers had been sent "
    "to Russia to fight against Ukraine in the Kursk region."
)
SEOUL_BODY = (
    "South Korea's intelligence service estimates that about 12,000 North Korean troops "
    "have been deployed to Russia, more than the figure given by Washington."
)
FILLER = "The deployment was condemned by the United States and its allies in a joint statement."


@pytest.fixture
def web(httpserver, settings):
    """The local server as the web: allowlisted, no politeness delay, no robots rules."""
    settings.FETCH_ALLOW = [f"{httpserver.host}:{httpserver.port}"]
    settings.FETCH_HOST_DELAY_SECONDS = 0
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    pages = {
        "/world/nk-troops": ("NK troops", NK_BODY),
        "/world/seoul-estimate": ("Seoul", SEOUL_BODY),
    }
    for path, (title, body) in pages.items():
        html = PAGE.format(title=title, body=body, body2=FILLER)
        httpserver.expect_request(path).respond_with_data(html, content_type="text/html")
    return httpserver


def serve_feed(web, *, extra: str = "", etag: str = '"v1"') -> Feed:
    base = web.url_for("").rstrip("/")

    def handler(request):
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        body = RSS.format(base=base, extra=extra)
        return Response(body, content_type="application/rss+xml", headers={"ETag": etag})

    web.expect_request("/feed.xml").respond_with_handler(handler)
    source = Source.objects.create(name="Local Wire", domain="localhost", language="en")
    return Feed.objects.create(source=source, url=web.url_for("/feed.xml"))


def test_feed_poll_stores_entries_as_reports_with_page_text(db, web):
    feed = serve_feed(web)
    result = services.feed_poll(feed_id=feed.pk)
    assert (result.new, result.error) == (2, "")
    report = Report.objects.get(title__startswith="North Korea sent")
    assert "more than 10,000 North Korean soldiers" in report.text  # the page, not the summary
    assert report.url.endswith("/world/nk-troops")  # canonical: tracking parameters dropped
    assert report.language == "en"
    assert report.published_at == datetime(2024, 12, 16, 10, tzinfo=UTC)
    assert report.source == feed.source and report.origin == Report.Origin.FEED
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.last_error == "" and feed.last_entry_count == 2


def test_second_poll_is_conditional_and_stores_nothing_new(db, web):
    feed = serve_feed(web)
    services.feed_poll(feed_id=feed.pk)
    again = services.feed_poll(feed_id=feed.pk)
    assert again.not_modified
    assert Report.objects.count() == 2
    feed.refresh_from_db()
    assert feed.last_success_at is not None


def test_malformed_feed_keeps_good_entries_and_marks_the_error(db, web):
    broken = "<item><title>Broken &bogus; entry</title><link>{}/x</link></item><item><title>"
    feed = serve_feed(web, extra=broken.format(web.url_for("").rstrip("/")))
    result = services.feed_poll(feed_id=feed.pk)
    assert result.new >= 2
    feed.refresh_from_db()
    assert feed.last_error != ""


def test_unreachable_feed_records_its_error_in_words(db, web, settings):
    source = Source.objects.create(name="Private", language="en")
    feed = Feed.objects.create(source=source, url="http://10.0.0.1/feed.xml")
    result = services.feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()
    assert result.new == 0 and feed.last_error and feed.last_fetched_at is not None


def test_reports_are_stored_once_by_canonical_url_and_by_content(db):
    first, created = services.report_store(
        url="https://wire.example/a?utm_medium=x#top", title="T", text="Same story text here."
    )
    assert created
    again, created_again = services.report_store(
        url="https://wire.example/a", title="T", text="Other words."
    )
    mirror, created_mirror = services.report_store(
        url="https://mirror.example/copy", title="T", text="Same  story text here."
    )
    assert not created_again and not created_mirror
    assert again == first == mirror
    assert Report.objects.count() == 1


def test_feeds_are_due_on_their_sources_interval(db):
    source = Source.objects.create(name="Hourly", fetch_interval_minutes=60)
    fresh = Feed.objects.create(source=source, url="https://a.example/rss")
    stale = Feed.objects.create(source=source, url="https://b.example/rss")
    never = Feed.objects.create(source=source, url="https://c.example/rss")
    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    Feed.objects.filter(pk=fresh.pk).update(
        last_fetched_at=datetime(2026, 1, 1, 11, 30, tzinfo=UTC)
    )
    Feed.objects.filter(pk=stale.pk).update(
        last_fetched_at=datetime(2026, 1, 1, 10, 59, tzinfo=UTC)
    )
    off = Source.objects.create(name="Inactive", active=False)
    Feed.objects.create(source=off, url="https://d.example/rss")
    assert sorted(services.feeds_due(now=now)) == sorted([stale.pk, never.pk])


@pytest.fixture
def demo(db, settings):
    """The demo: seed article, its claims, and the offline reports, as `make run` loads them."""
    settings.CORROBORATE_SEARCH_SOURCES = False
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Claim.objects.get(source_text="Washington")


def test_demo_claim_gets_ranked_suggestions_with_a_conflict_flag(demo):
    suggestions = demo.evidence.filter(origin=Evidence.Origin.SUGGESTED).select_related("report")
    assert suggestions.exists()
    best = max(suggestions, key=lambda e: e.score)
    assert "10" in f"{best.report.title} {best.report.text}"  # about the troops, not football
    kinds = {h["kind"] for e in suggestions for h in e.hints}
    assert {"quantity_match", "quantity_conflict"} <= kinds
    conflict = next(e for e in suggestions if e.conflict)
    assert any(h["kind"] == "quantity_conflict" for h in conflict.hints)
    assert all(e.matched_terms for e in suggestions)
    assert ClaimEvent.objects.filter(claim=demo, action=ClaimEvent.Action.SUGGESTED).exists()


def test_rerunning_corroboration_never_duplicates_and_keeps_reviewed_ones(demo, reviewer):
    before = set(demo.evidence.values_list("url", flat=True))
    first = demo.evidence.filter(origin=Evidence.Origin.SUGGESTED).first()
    services.evidence_review(evidence=first, accept=False, user=reviewer)
    again = services.claim_corroborate(claim_id=demo.pk)
    assert again.suggested == 0
    assert set(demo.evidence.values_list("url", flat=True)) == before
    first.refresh_from_db()
    assert first.accepted is False  # a rejected suggestion stays rejected


def test_french_claim_finds_english_reports(demo):
    languages = set(demo.evidence.values_list("report__language", flat=True))
    assert "en" in languages


def test_claim_matching_an_earlier_checked_claim_shows_it(demo, reviewer, client):
    earlier = Claim.objects.get(source_text="Washington")
    factories.verdict(earlier, reviewer, slug="mostly-true", rationale="State Dept figures")
    text = (
        "Selon Washington, la Corée du Nord a envoyé plus de 10 000 soldats en Russie "
        "pour combattre l'Ukraine."
    )
    article = factories.ArticleFactory(text=text, language="fr", title="Reprise")
    later = factories.ClaimFactory(
        article=article,
        content_start=0,
        content_end=len(text),
        source_text="Washington",
        claimant=earlier.claimant,
        kind=Claim.Kind.ACCORDING_TO,
    )
    services.claim_corroborate(claim_id=later.pk)
    match = ClaimMatch.objects.get(claim=later)
    assert match.earlier == earlier and match.same_claimant
    client.force_login(reviewer)
    page = client.get(reverse("claims:claim_detail", args=[later.pk])).content.decode()
    assert "Already checked" in page and f"#{earlier.pk}" in page
    queue = client.get(reverse("claims:queue"), {"checked": "on"}).content.decode()
    assert f'data-claim="{later.pk}"' in queue and "already checked" in queue


def test_queue_filters_claims_with_a_differing_figure(demo, reviewer_client):
    page = reviewer_client.get(reverse("claims:queue"), {"conflict": "on"}).content.decode()
    assert f'data-claim="{demo.pk}"' in page and "figure differs" in page
    other = Claim.objects.exclude(evidence__conflict=True).first()
    assert f'data-claim="{other.pk}"' not in page


def test_find_reports_button_queues_a_job_after_commit(
    db, reviewer_client, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr("claims.tasks.corroborate_claim.delay", sent.append)
    claim = factories.ClaimFactory()
    url = reverse("claims:claim_find_reports", args=[claim.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(url, HTTP_HX_REQUEST="true")
    job = Job.objects.get(claim=claim, kind=Job.Kind.CORROBORATE)
    assert sent == [job.pk]
    assert 'id="corroboration"' in response.content.decode()
    assert reverse("claims:claim_job_status", args=[claim.pk, job.pk]) in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(url, HTTP_HX_REQUEST="true")
    assert sent == [job.pk]  # one job at a time per claim


def test_finished_job_stops_polling_and_refreshes_the_evidence(db, reviewer_client):
    claim = factories.ClaimFactory()
    job = Job.objects.create(
        kind=Job.Kind.CORROBORATE,
        claim=claim,
        state=Job.State.FAILED,
        error="Finding reports failed: boom",
    )
    response = reviewer_client.get(reverse("claims:claim_job_status", args=[claim.pk, job.pk]))
    assert response.status_code == 286
    assert "evidenceChanged" in json.loads(response.headers["HX-Trigger"])
    assert "Finding reports failed: boom" in response.content.decode()


def test_outsider_cannot_start_a_search(db, client, outsider):
    client.force_login(outsider)
    claim = factories.ClaimFactory()
    response = client.post(reverse("claims:claim_find_reports", args=[claim.pk]))
    assert response.status_code == 403
    assert not Job.objects.filter(claim=claim).exists()


def test_rolled_back_transaction_enqueues_nothing(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    sent = []
    monkeypatch.setattr("claims.tasks.corroborate_claim.delay", sent.append)
    claim = factories.ClaimFactory()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.claim_corroboration_enqueue(claim=claim)
        raise RuntimeError("the request failed after queuing")
    assert sent == [] and not Job.objects.filter(claim=claim).exists()


def test_new_checkworthy_claims_are_queued_after_extraction(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr("claims.tasks.corroborate_claim.delay", sent.append)
    settings.CORROBORATE_MIN_CHECKWORTHINESS = 0.6
    article = factories.ArticleFactory()
    high = factories.ClaimFactory(article=article, checkworthiness=0.8)
    factories.ClaimFactory(article=article, checkworthiness=0.3)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.claims_corroborate_new(article_id=article.pk) == 1
    assert list(Job.objects.filter(kind=Job.Kind.CORROBORATE).values_list("claim", flat=True)) == [
        high.pk
    ]
    assert len(sent) == 1


def test_admin_source_list_shows_feed_health_and_tests_a_feed(db, web, client, editor):
    feed = serve_feed(web)
    services.feed_poll(feed_id=feed.pk)
    Feed.objects.create(source=feed.source, url="http://10.0.0.1/private.xml", last_error="x")
    client.force_login(editor)
    listing = client.get(reverse("admin:claims_source_changelist")).content.decode()
    assert "Local Wire" in listing and "reports in 24 h" in listing.lower()
    response = client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "test_feeds", "_selected_action": [feed.source.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "2 entries" in page  # the good feed, parsed on the spot
    assert "10.0.0.1/private.xml" in page  # the refused one, with its reason
    assert Report.objects.count() == 2  # testing stored nothing new


def test_admin_fetch_now_queues_each_feed(
    db, client, editor, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr("claims.tasks.poll_feed.delay", sent.append)
    source = Source.objects.create(name="Two feeds")
    feeds = [Feed.objects.create(source=source, url=f"https://w.example/{n}.xml") for n in (1, 2)]
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:claims_source_changelist"),
            {"action": "fetch_now", "_selected_action": [source.pk]},
            follow=True,
        )
    assert sorted(sent) == sorted(f.pk for f in feeds)
    assert "2 feeds queued for polling" in response.content.decode()


def test_reports_cannot_be_edited_in_the_admin(db, client, editor):
    report, _ = services.report_store(url="https://w.example/r", title="T", text="Body text.")
    client.force_login(editor)
    assert client.get(reverse("admin:claims_report_add")).status_code == 403
    page = client.get(reverse("admin:claims_report_change", args=[report.pk]))
    assert b'name="_save"' not in page.content


def test_a_claim_unlike_every_checked_claim_is_not_already_checked(demo, reviewer):
    """The best-ranked earlier claim is not a match unless the matcher says it is."""
    for claim in Claim.objects.all():
        factories.verdict(claim, reviewer, slug="mostly-true", rationale="Checked.")
    text = "La Russie a livré des missiles à la Corée du Nord, selon Séoul."
    article = factories.ArticleFactory(text=text, language="fr", title="Autre")
    other = factories.ClaimFactory(article=article, content_start=0, content_end=len(text))
    services.claim_corroborate(claim_id=other.pk)
    assert not ClaimMatch.objects.filter(claim=other).exists()


def test_reindexing_twice_leaves_one_entry_each_and_the_same_counts(db, reviewer):
    from io import StringIO

    from claims.models import SearchEntry, SearchTerm

    services.report_store(url="https://w.example/a", title="Seoul", text="Troops in Kursk.")
    claim = factories.ClaimFactory()
    factories.verdict(claim, reviewer)
    call_command("reindex_search", stdout=StringIO())
    counts = dict(SearchTerm.objects.values_list("term", "df"))
    out = StringIO()
    call_command("reindex_search", stdout=out)
    assert "Indexed: 1 report(s), 1 checked claim(s)." in out.getvalue()
    assert SearchEntry.objects.count() == 2
    assert dict(SearchTerm.objects.values_list("term", "df")) == counts
