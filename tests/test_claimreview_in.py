"""ClaimReview in: other organisations' fact-checks read from files, pages and feeds,
stored once per URL, and shown on the claims that state the same thing."""

import json
import re
import time
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims import services
from claims.claimreview.parse import parse_document
from claims.models import Claim, ClaimEvent, ExternalFactCheck, FactCheckImport, FactCheckMatch
from tests import factories


def review(url: str, claim: str, rating: str = "False", **extra) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "author": {"@type": "Organization", "name": "Check Org", "url": "https://check.example"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "alternateName": rating,
        },
        "datePublished": "2024-11-20",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "A. Senator"},
            "appearance": [{"@type": "CreativeWork", "url": "https://news.example/story"}],
        },
        **extra,
    }


TROOPS_EN = "North Korea has sent more than 10,000 soldiers to Russia to fight Ukraine."
SCHOOLS_FR = "Quarante écoles ont fermé dans le nord du pays à cause de la grève des enseignants."
A = review("https://check.example/a", TROOPS_EN, inLanguage="en")
B = review("https://check.example/b", SCHOOLS_FR, rating="Faux", inLanguage="fr-FR")


def test_a_page_with_json_ld_is_read_and_its_other_scripts_ignored():
    page = (
        "<html><head><script>var x = '<b>';</script>"
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "WebPage", "name": "Home"}</script>'
        f'<script type="application/ld+json">{json.dumps(A)}</script></head></html>'
    )
    parsed = parse_document(page)
    assert parsed.skipped == []
    (found,) = parsed.reviews
    assert (found.url, found.organisation, found.organisation_url) == (
        "https://check.example/a",
        "Check Org",
        "https://check.example",
    )
    assert (found.claim_text, found.rating, found.claimant) == (TROOPS_EN, "False", "A. Senator")
    assert (found.rating_value, found.best_rating, found.worst_rating) == (1.0, 5.0, None)
    assert found.reviewed_on == date(2024, 11, 20) and found.language == "en"
    assert found.appearance_url == "https://news.example/story"


@pytest.mark.parametrize(
    "document",
    [
        [A, B],
        {"@context": "https://schema.org", "@graph": [{"@type": "WebSite"}, A, B]},
        {"items": [A, B], "next": None},
        {"@type": "ItemList", "itemListElement": [{"item": A}, {"item": B}]},
    ],
    ids=["list", "graph", "feed", "itemlist"],
)
def test_lists_graphs_feeds_and_item_lists_are_read(document):
    parsed = parse_document(json.dumps(document))
    assert [r.url for r in parsed.reviews] == [A["url"], B["url"]]
    assert parsed.reviews[1].language == "fr" and parsed.skipped == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("", "neither JSON nor a page"),
        ("<html><body>No markup here</body></html>", "neither JSON nor a page"),
        ('<script type="application/ld+json">{oops</script>', "block 1 is not valid JSON"),
        ('{"@type": "Article", "name": "x"}', "No ClaimReview"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
        ("42", "neither JSON nor a page"),
    ],
)
def test_bad_documents_say_what_is_wrong_and_never_raise(text, expected):
    parsed = parse_document(text)
    assert parsed.reviews == []
    assert any(expected in message for message in parsed.skipped), parsed.skipped


def test_each_bad_review_is_skipped_with_its_reason_and_the_good_ones_kept():
    no_url = {**A, "url": "javascript:alert(1)"}
    no_claim = {**A, "url": "https://check.example/c", "claimReviewed": ""}
    no_rating = {**A, "url": "https://check.example/d", "reviewRating": {"ratingValue": 2}}
    odd = {
        **B,
        "datePublished": "someday",
        "reviewRating": {"alternateName": "Faux", "ratingValue": "x"},
    }
    parsed = parse_document(json.dumps([no_url, A, no_claim, no_rating, odd, "junk", None]))
    assert [r.url for r in parsed.reviews] == [A["url"], B["url"]]
    assert parsed.reviews[1].reviewed_on is None and parsed.reviews[1].rating_value is None
    assert len(parsed.skipped) == 3
    assert "Review 1" in parsed.skipped[0] and "url" in parsed.skipped[0]
    assert "Review 3 (https://check.example/c)" in parsed.skipped[1]
    assert "claimReviewed" in parsed.skipped[1] and "alternateName" in parsed.skipped[2]


def test_importing_a_file_twice_updates_and_never_duplicates(db, tmp_path):
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([A, B]), encoding="utf-8")
    out = StringIO()
    call_command("import_claimreviews", str(path), stdout=out)
    assert "2 added, 0 updated, 0 unchanged, 0 skipped" in out.getvalue()
    call_command("import_claimreviews", str(path), stdout=out)
    assert "0 added, 0 updated, 2 unchanged" in out.getvalue()
    path.write_text(json.dumps([{**A, "reviewRating": {"alternateName": "Misleading"}}]))
    call_command("import_claimreviews", str(path), stdout=out)
    assert "0 added, 1 updated" in out.getvalue()
    assert ExternalFactCheck.objects.count() == 2
    assert ExternalFactCheck.objects.get(url=A["url"]).rating == "Misleading"
    assert FactCheckImport.objects.count() == 3  # one audit record per import


def test_a_bad_file_fails_the_command_with_the_reasons_and_keeps_nothing_broken(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([A, {**A, "url": ""}]), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_claimreviews", str(path), stdout=StringIO(), stderr=err)
    assert "skipped: Review 2" in err.getvalue()
    assert ExternalFactCheck.objects.count() == 1  # the good review is kept
    binary = tmp_path / "image.json"
    binary.write_bytes(b"\x89PNG\x00\x00\x00binary")
    with pytest.raises(CommandError):
        call_command("import_claimreviews", str(binary), stdout=StringIO(), stderr=err)
    assert "looks binary" in err.getvalue()
    with pytest.raises(CommandError):
        call_command("import_claimreviews", str(tmp_path / "missing.json"), stderr=err)


@pytest.fixture
def web(httpserver, settings):
    settings.FETCH_ALLOW = [f"{httpserver.host}:{httpserver.port}"]
    settings.FETCH_HOST_DELAY_SECONDS = 0
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    return httpserver


def test_a_feed_is_fetched_page_by_page_through_its_next_links(db, web):
    reviews = [
        review(f"https://check.example/{n}", f"Claim number {n} about taxes") for n in range(5)
    ]
    web.expect_request("/feed.json", query_string="page=2").respond_with_json(
        {"items": reviews[2:4], "next": web.url_for("/feed.json?page=3")}
    )
    web.expect_request("/feed.json", query_string="page=3").respond_with_json(
        {"items": reviews[4:], "next": None}
    )
    web.expect_request("/feed.json", query_string="").respond_with_json(
        {"items": reviews[:2], "next": "/feed.json?page=2"}  # relative: resolved on the page
    )
    record = services.factchecks_import_url(url=web.url_for("/feed.json"))
    assert (record.created, record.skipped) == (5, [])
    assert ExternalFactCheck.objects.count() == 5


def test_a_feed_that_loops_or_fails_keeps_what_it_read_and_says_why(db, web):
    web.expect_request("/loop.json").respond_with_json({"items": [A], "next": "/loop.json"})
    record = services.factchecks_import_url(url=web.url_for("/loop.json"))
    assert record.created == 1 and record.skipped == []  # the loop ends at a seen page
    web.expect_request("/broken.json").respond_with_json({"items": [B], "next": "/gone.json"})
    web.expect_request("/gone.json").respond_with_data("no", status=404)
    record = services.factchecks_import_url(url=web.url_for("/broken.json"))
    assert record.created == 1 and "could not be fetched" in record.skipped[0]


def test_a_long_feed_stops_at_the_page_limit_and_says_where_it_goes_on(db, web, settings):
    settings.CLAIMREVIEW_IMPORT_MAX_PAGES = 2
    for n in range(1, 4):
        web.expect_request(f"/p{n}.json").respond_with_json(
            {
                "items": [review(f"https://check.example/p{n}", f"Claim {n}")],
                "next": f"/p{n + 1}.json",
            }
        )
    record = services.factchecks_import_url(url=web.url_for("/p1.json"))
    assert record.created == 2
    assert "Stopped after 2 pages" in record.skipped[0] and "/p3.json" in record.skipped[0]


def test_a_private_address_is_refused_by_the_fetch_client(db):
    record = services.factchecks_import_url(url="http://10.0.0.1/feed.json")
    assert record.created == 0 and "could not be fetched" in record.skipped[0]


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="root", is_staff=True, is_superuser=True)


def test_admin_upload_imports_through_the_service_and_records_the_import(client, editor):
    client.force_login(editor)
    url = reverse("admin:claims_externalfactcheck_upload")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("reviews.json", json.dumps([A, {**B, "url": ""}]).encode())
    response = client.post(url, {"file": upload}, follow=True)
    page = response.content.decode()
    assert "1 added, 0 updated, 0 unchanged." in page and "Skipped: Review 2" in page
    record = FactCheckImport.objects.get()
    assert (record.actor, record.source, record.created) == (editor, "reviews.json", 1)
    assert ExternalFactCheck.objects.get().imported_by == editor
    assert client.post(url, {}).status_code == 200  # neither file nor URL: the form says so
    assert FactCheckImport.objects.count() == 1


def test_a_reviewer_may_read_earlier_fact_checks_but_not_import(client, reviewer):
    client.force_login(reviewer)
    reviewer.is_staff = True
    reviewer.save()
    assert client.get(reverse("admin:claims_externalfactcheck_changelist")).status_code == 200
    assert client.get(reverse("admin:claims_externalfactcheck_upload")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.factchecks_import_text(text=json.dumps(A), source="x", user=reviewer)


def claim_with(text: str, language: str) -> Claim:
    article = factories.ArticleFactory(text=text, language=language, title="T")
    return factories.ClaimFactory(article=article, content_start=0, content_end=len(text))


def visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize(
    ("claim_text", "language", "expected"),
    [
        (
            "Selon le syndicat, quarante écoles ont fermé dans le nord du pays à cause de la "
            "grève des enseignants.",
            "fr",
            "already checked by Check Org: Faux",
        ),
        (
            "North Korea sent more than 10,000 soldiers to Russia to fight against Ukraine, "
            "the senator said.",
            "en",
            "already checked by Check Org: False",
        ),
    ],
    ids=["french", "english"],
)
def test_a_new_claim_matching_an_earlier_fact_check_shows_it(
    db, reviewer_client, claim_text, language, expected
):
    services.factchecks_import_text(text=json.dumps([A, B]), source="seed")
    services.factchecks_import_text(
        text=json.dumps([review("https://check.example/z", "The moon is made of cheese.")]),
        source="noise",
    )
    claim = claim_with(claim_text, language)
    other = claim_with("The weather will be sunny tomorrow in the capital city.", "en")
    for c in (claim, other):
        services.claim_corroborate(claim_id=c.pk)
    match = FactCheckMatch.objects.get(claim=claim)
    assert match.factcheck.url == (B if language == "fr" else A)["url"]
    assert not FactCheckMatch.objects.filter(claim=other).exists()
    event = ClaimEvent.objects.filter(claim=claim, action=ClaimEvent.Action.SUGGESTED).get()
    assert event.changes["earlier_factchecks"] == [None, 1]
    queue = reviewer_client.get(reverse("claims:queue"), {"checked_elsewhere": "on"})
    html = queue.content.decode()
    assert f'data-claim="{claim.pk}"' in html and f'data-claim="{other.pk}"' not in html
    assert expected in visible(html)
    page = reviewer_client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert "A" + expected[1:] in visible(page)
    assert "Already checked elsewhere" in page  # the claim's history says what was found
    services.claim_corroborate(claim_id=claim.pk)  # again: the same single match
    assert FactCheckMatch.objects.filter(claim=claim).count() == 1


def test_importing_matches_the_claims_already_in_the_queue(db, tmp_path):
    waiting = claim_with(
        "North Korea sent more than 10,000 soldiers to Russia to fight against Ukraine.", "en"
    )
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([A, B]), encoding="utf-8")
    out = StringIO()
    call_command("import_claimreviews", str(path), stdout=out)
    assert "1 new matches with claims in the queue" in out.getvalue()
    assert FactCheckMatch.objects.get(claim=waiting).factcheck.url == A["url"]
    assert ClaimEvent.objects.filter(claim=waiting, action=ClaimEvent.Action.SUGGESTED).count() == 1
    call_command("import_claimreviews", str(path), stdout=out)  # again: nothing new
    assert "0 new matches" in out.getvalue()
    assert ClaimEvent.objects.filter(claim=waiting).count() == 1


def test_the_candidate_cap_keeps_the_fact_checks_sharing_the_most(db, monkeypatch):
    """Many fact-checks share a word with the claim; the cap keeps the closest ones."""
    from claims.claimreview import match

    monkeypatch.setattr(match, "MAX_CANDIDATES", 5)
    decoys = [
        review(f"https://check.example/d{n}", f"North Korea held a parade number {n} in spring.")
        for n in range(60)
    ]
    services.factchecks_import_text(text=json.dumps([*decoys, A]), source="seed")
    claim = claim_with(
        "North Korea sent more than 10,000 soldiers to Russia to fight against Ukraine.", "en"
    )
    services.claim_corroborate(claim_id=claim.pk)
    assert FactCheckMatch.objects.get(claim=claim).factcheck.url == A["url"]


def test_match_only_matches_the_queue_against_stored_checks_without_importing(db, tmp_path):
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([A]), encoding="utf-8")
    call_command("import_claimreviews", str(path), "--no-match", stdout=StringIO())
    waiting = claim_with(
        "North Korea sent more than 10,000 soldiers to Russia to fight against Ukraine.", "en"
    )
    out = StringIO()
    call_command("import_claimreviews", "--match-only", stdout=out)
    assert "1 new matches with claims in the queue" in out.getvalue()
    assert FactCheckMatch.objects.get(claim=waiting).factcheck.url == A["url"]
    assert FactCheckImport.objects.count() == 1
    with pytest.raises(CommandError, match="--match-only"):
        call_command("import_claimreviews", stdout=StringIO())


@pytest.mark.integration
def test_an_admin_upload_has_a_worker_match_the_claims_already_in_the_queue(
    celery_worker_process, migrated_data, client
):
    from django.contrib.auth.models import Group

    editor = factories.UserFactory(username="ed", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    waiting = claim_with(
        "North Korea sent more than 10,000 soldiers to Russia to fight against Ukraine.", "en"
    )
    client.force_login(editor)
    upload = SimpleUploadedFile("reviews.json", json.dumps([A, B]).encode())
    response = client.post(
        reverse("admin:claims_externalfactcheck_upload"), {"file": upload}, follow=True
    )
    assert "being matched against them in the background" in response.content.decode()
    deadline = time.monotonic() + 60
    while not FactCheckMatch.objects.filter(claim=waiting).exists():
        _, log = celery_worker_process
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.3)
    assert FactCheckMatch.objects.get(claim=waiting).factcheck.url == A["url"]


@pytest.fixture
def fetching_worker(redis_url, transactional_db, tmp_path, httpserver):
    """A real worker allowed to fetch from the local test server only."""
    import os

    from tests.conftest import _database_url, start_worker

    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "FETCH_ALLOW": f"{httpserver.host}:{httpserver.port}",
        "FETCH_HOST_DELAY_SECONDS": "0",
    }
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    proc, log = start_worker(env, tmp_path / "worker.log")
    yield httpserver, log
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.integration
def test_an_admin_url_import_runs_on_a_worker_and_leaves_its_record(
    fetching_worker, migrated_data, client
):
    from django.contrib.auth.models import Group

    web, log = fetching_worker
    web.expect_request("/reviews.json").respond_with_json([A, B])
    editor = factories.UserFactory(username="ed", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    waiting = claim_with(
        "North Korea sent more than 10,000 soldiers to Russia to fight against Ukraine.", "en"
    )
    client.force_login(editor)
    url = web.url_for("/reviews.json")
    response = client.post(
        reverse("admin:claims_externalfactcheck_upload"), {"url": url}, follow=True
    )
    assert "is being imported in the background" in response.content.decode()
    deadline = time.monotonic() + 60
    while not FactCheckMatch.objects.filter(claim=waiting).exists():
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.3)
    record = FactCheckImport.objects.get()
    assert (record.actor, record.source, record.created) == (editor, url, 2)
