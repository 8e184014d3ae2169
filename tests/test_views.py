import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims import services
from claims.models import Article, Claim, Evidence, Verdict
from tests import factories
from tests.test_access import PUBLIC_REVIEWS


def _claims_urls():
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "claims":
            for sub in pattern.url_patterns:
                # The published reviews are public (tests/test_access.py, PUBLIC_REVIEWS).
                if isinstance(sub, URLPattern) and f"claims:{sub.name}" not in PUBLIC_REVIEWS:
                    names = sub.pattern.regex.groupindex
                    kwargs = dict.fromkeys(names, 1)
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
        factories.verdict(claim, reviewer)
    new_claim = factories.ClaimFactory()
    # 12: the page's reads (one of them other organisations' fact-checks, for the page's
    # rows at once), plus two for the permission check (user and group permissions).
    with django_assert_max_num_queries(12):
        response = reviewer_client.get(reverse("claims:queue"), {"status": "verdict_given"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("claims/") >= 30 and f'href="/claims/{new_claim.pk}/"' not in body
    with django_assert_max_num_queries(12):
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
    with django_assert_max_num_queries(8):  # 2 of them: the permission check
        assert reviewer_client.get(reverse("claims:article_list")).status_code == 200


@pytest.mark.django_db
def test_reviewer_corrects_the_attribution_by_text(reviewer_client):
    claim = factories.ClaimFactory()
    response = reviewer_client.post(
        reverse("claims:claim_attribution", kwargs={"pk": claim.pk}),
        {
            "content": "schools had closed",
            "source": "The minister",
            "claimant": "Education ministry",
            "kind": "indirect",
            "version": claim.version,
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.content == "schools had closed" and claim.source_text == "The minister"
    assert claim.claimant.name == "Education ministry" and claim.version == 2
    page = reviewer_client.get(reverse("claims:claim_detail", kwargs={"pk": claim.pk}))
    assert "Attribution edited" in page.content.decode()


@pytest.mark.django_db
def test_text_not_in_the_article_is_refused(reviewer_client):
    claim = factories.ClaimFactory()
    response = reviewer_client.post(
        reverse("claims:claim_attribution", kwargs={"pk": claim.pk}),
        {"content": "words nobody wrote", "kind": "indirect", "version": claim.version},
    )
    assert response.status_code == 200
    assert "This text is not in the article." in response.content.decode()
    assert claim.events.count() == 0


@pytest.mark.django_db
def test_second_stale_save_gets_a_conflict_showing_the_first(client, reviewer, editor):
    claim = factories.ClaimFactory()
    url = reverse("claims:claim_attribution", kwargs={"pk": claim.pk})
    stale = {"source": "", "claimant": "", "version": claim.version}
    client.force_login(editor)
    assert (
        client.post(url, {**stale, "content": "schools had closed", "kind": "indirect"}).status_code
        == 302
    )
    client.force_login(reviewer)
    response = client.post(url, {**stale, "content": "had closed", "kind": "direct"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "changed by ed while you were editing" in body
    assert "<ins>schools had closed</ins>" in body
    claim.refresh_from_db()
    assert claim.content == "schools had closed" and claim.kind == "indirect"


@pytest.mark.django_db
def test_status_buttons_move_the_claim_and_dismiss_needs_a_reason(reviewer_client):
    claim = factories.ClaimFactory()
    url = reverse("claims:claim_status", kwargs={"pk": claim.pk})
    reviewer_client.post(url, {"to": "dismissed", "version": claim.version})
    claim.refresh_from_db()
    assert claim.status == "new"
    reviewer_client.post(url, {"to": "dismissed", "reason": "Opinion", "version": claim.version})
    claim.refresh_from_db()
    assert claim.status == "dismissed" and claim.dismissed_reason == "Opinion"


@pytest.mark.django_db
def test_reviewer_cannot_publish_and_outsider_cannot_record_verdicts(
    reviewer_client, client, outsider
):
    claim = factories.ClaimFactory(status="verdict_given")
    response = reviewer_client.post(
        reverse("claims:claim_status", kwargs={"pk": claim.pk}),
        {"to": "published", "version": claim.version},
    )
    assert response.status_code == 403
    client.force_login(outsider)
    response = client.post(
        reverse("claims:verdict_add", kwargs={"pk": claim.pk}),
        {"rating": factories.rating().pk, "attribution_check": "confirmed", "rationale": "x"},
    )
    assert response.status_code == 403
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_assign_to_me_starts_the_review(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    reviewer_client.post(reverse("claims:claim_take", kwargs={"pk": claim.pk}))
    claim.refresh_from_db()
    assert claim.assignee == reviewer and claim.status == "in_review"


def queue_ids(client, **params) -> set[int]:
    import re

    body = client.get(reverse("claims:queue"), params, HTTP_HX_REQUEST="true").content.decode()
    return {int(pk) for pk in re.findall(r'href="/claims/(\d+)/"', body)}


@pytest.mark.django_db
def test_queue_filters_compose(reviewer_client, reviewer, editor):
    fr = factories.ArticleFactory(language="fr", text="Le ministre a dit que 30 écoles ferment.")
    numbers = factories.ClaimFactory(article=fr, quantities=[{"value": 30}], checkworthiness=0.9)
    mine = factories.ClaimFactory(checkworthiness=0.4)
    services.claim_assign(claim=mine, assignee=reviewer, user=reviewer)
    rated = factories.ClaimFactory(checkworthiness=0.2, kind="direct")
    factories.verdict(rated, editor)
    assert queue_ids(reviewer_client) == {numbers.pk, mine.pk, rated.pk}
    assert queue_ids(reviewer_client, assignee="mine") == {mine.pk}
    assert queue_ids(reviewer_client, language="fr", has_quantity="on") == {numbers.pk}
    assert queue_ids(reviewer_client, cw_min="0.3", cw_max="0.5") == {mine.pk}
    assert queue_ids(reviewer_client, rating="false", kind="direct") == {rated.pk}
    assert queue_ids(reviewer_client, rating="false", kind="indirect") == set()
    assert queue_ids(reviewer_client, q="écoles") == {numbers.pk}
    assert queue_ids(reviewer_client, status="verdict_given", assignee="none") == {rated.pk}


@pytest.mark.django_db
def test_queue_claimant_filter_matches_names_and_aliases(reviewer_client):
    ukraine = services.claimant_resolve(name="Ukraine (government)")
    services.claimant_add_alias(claimant=ukraine, alias="les autorités ukrainiennes")
    kyiv = factories.ClaimFactory(claimant=ukraine)
    other = factories.ClaimFactory(claimant=services.claimant_resolve(name="Washington"))
    assert queue_ids(reviewer_client, claimant="ukraine") == {kyiv.pk}
    assert queue_ids(reviewer_client, claimant="AUTORITES ukr") == {kyiv.pk}
    assert queue_ids(reviewer_client, claimant="washington") == {other.pk}
    body = reviewer_client.get(reverse("claims:queue"), {"kind": "mixed"}).content.decode()
    assert '<option value="mixed" selected>' in body  # the filter bar keeps the choice


@pytest.mark.django_db
def test_queue_counts_are_capped_and_status_counts_follow_changes(
    reviewer_client, reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    from claims import views

    monkeypatch.setattr(views, "QUEUE_COUNT_CAP", 3)
    claims = factories.ClaimFactory.create_batch(4)
    body = reviewer_client.get(reverse("claims:queue")).content.decode()
    assert "More than 3 claims match" in body and "New: 4" in body
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_transition(
            claim=claims[0], to="dismissed", reason="off topic", user=reviewer
        )
    body = reviewer_client.get(reverse("claims:queue")).content.decode()
    assert "3 claims match" in body and "More than" not in body
    assert "New: 3" in body and "Dismissed: 1" in body


@pytest.mark.django_db
def test_queue_sorts_and_keeps_filters_in_pagination_links(reviewer_client):
    claims = factories.ClaimFactory.create_batch(55, kind="direct")
    response = reviewer_client.get(reverse("claims:queue"), {"kind": "direct", "sort": "old"})
    body = response.content.decode()
    assert "?kind=direct&amp;sort=old&amp;page=2" in body
    first = body.index(f'href="/claims/{claims[0].pk}/"')
    assert first < body.index(f'href="/claims/{claims[1].pk}/"')


@pytest.mark.django_db
def test_queue_query_count_does_not_grow_with_rows(
    reviewer_client, reviewer, django_assert_max_num_queries
):
    def make(n):
        for _ in range(n):
            claim = factories.ClaimFactory()
            factories.verdict(claim, reviewer)

    params = {"status": "all", "rating": "false", "has_quantity": "", "q": "minister"}
    make(5)
    with django_assert_max_num_queries(12) as small:
        reviewer_client.get(reverse("claims:queue"), params)
    make(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        reviewer_client.get(reverse("claims:queue"), params)


@pytest.mark.django_db
def test_reader_highlights_claims_greys_navigation_and_opens_the_panel(reviewer_client, seed_text):
    from claims import ingest

    article, _ = services.article_create(
        text_in=ingest.text_from_plain(seed_text, language="fr"), enqueue=False
    )
    services.article_extract_claims(article_id=article.pk)
    washington = article.claims.get(source_text="Washington")
    page = reviewer_client.get(reverse("claims:article_detail", kwargs={"pk": article.pk}))
    body = page.content.decode()
    assert f'data-claim="{washington.pk}">, par l’envoi de plus de 10 000 soldats' in body
    assert f'role-source" data-claim="{washington.pk}">Washington</a>' in body
    assert '<span class="boilerplate">Suivez les dernières informations.</span>' in body
    panel = reviewer_client.get(
        reverse("claims:claim_detail", kwargs={"pk": washington.pk}),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="claim-panel",
    )
    fragment = panel.content.decode()
    assert "<html" not in fragment and "plus de 10 000" in fragment and "Open to review" in fragment


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(reviewer_client):
    response = reviewer_client.get(reverse("claims:queue"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()  # no inline scripts
    assert "hx-on" not in response.content.decode()


@pytest.mark.django_db
def test_bulk_dismiss_asks_for_confirmation_then_applies_to_all(reviewer_client):
    claims = factories.ClaimFactory.create_batch(3)
    ids = [c.pk for c in claims]
    url = reverse("claims:queue_bulk")
    data = {
        "ids": ids,
        "action": "dismiss",
        "reason": "Duplicates of the wire story",
        "next": "/queue/?kind=indirect",
    }
    confirm = reviewer_client.post(url, data)
    assert confirm.status_code == 200 and "Confirm for 3 claims" in confirm.content.decode()
    assert not Claim.objects.filter(status="dismissed").exists()
    done = reviewer_client.post(url, {**data, "confirm": "true"})
    assert done.status_code == 302 and done.url == "/queue/?kind=indirect"
    assert set(Claim.objects.filter(status="dismissed").values_list("pk", flat=True)) == set(ids)
    assert all(c.events.filter(action="status").exists() for c in claims)


@pytest.mark.django_db
def test_bulk_action_is_all_or_nothing_and_never_redirects_outside(reviewer_client):
    ok = factories.ClaimFactory()
    published = factories.ClaimFactory(status="published")
    response = reviewer_client.post(
        reverse("claims:queue_bulk"),
        {
            "ids": [ok.pk, published.pk],
            "action": "dismiss",
            "reason": "noise",
            "confirm": "true",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302 and response.url == "/queue/"
    ok.refresh_from_db()
    assert ok.status == "new"  # the batch failed on the published claim: nothing changed


@pytest.mark.django_db
def test_comments_post_as_fragment_and_without_javascript(reviewer_client):
    claim = factories.ClaimFactory()
    url = reverse("claims:comment_add", args=[claim.pk])
    fragment = reviewer_client.post(url, {"text": "Wire copy says 12,000."}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert fragment.status_code == 200 and body.lstrip().startswith('<section id="comments"')
    assert "Wire copy says 12,000." in body and "<html" not in body
    plain = reviewer_client.post(url, {"text": "Second note."})
    assert plain.status_code == 302 and plain.url.endswith("#comments")
    empty = reviewer_client.post(url, {"text": "  "}, HTTP_HX_REQUEST="true")
    assert "This field is required" in empty.content.decode()
    assert claim.comments.count() == 2


@pytest.mark.django_db
def test_suggestions_are_accepted_or_rejected_from_the_evidence_list(reviewer_client):
    claim = factories.ClaimFactory()
    suggestion = factories.suggestion(claim, "https://example.org/afp", score=0.81)
    page = reviewer_client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    review = reverse("claims:evidence_review", args=[claim.pk, suggestion.pk])
    assert f'action="{review}"' in page and "81 %" in page
    response = reviewer_client.post(review, {"decision": "reject"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'class="evidence rejected"' in body and f'action="{review}"' not in body
    suggestion.refresh_from_db()
    assert suggestion.accepted is False
    again = reviewer_client.post(review, {"decision": "accept"}, follow=True)
    assert "already rejected" in again.content.decode()
    other = factories.ClaimFactory()
    wrong = reverse("claims:evidence_review", args=[other.pk, suggestion.pk])
    assert reviewer_client.post(wrong, {"decision": "accept"}).status_code == 404


@pytest.mark.django_db
def test_claim_page_lists_cluster_siblings_from_other_articles(reviewer_client):
    from claims.models import Cluster

    cluster = Cluster.objects.create(label="10,000 North Korean soldiers")
    here = factories.ClaimFactory(cluster=cluster)
    there = factories.ClaimFactory(cluster=cluster, content="more than 10,000 soldiers")
    unrelated = factories.ClaimFactory()
    page = reviewer_client.get(reverse("claims:claim_detail", args=[here.pk])).content.decode()
    assert "Same claim elsewhere" in page and f'href="/claims/{there.pk}/"' in page
    assert f'href="/claims/{unrelated.pk}/"' not in page


@pytest.mark.django_db
def test_dashboard_lists_my_queue_high_scores_recent_verdicts_and_charts(
    reviewer_client, reviewer, editor, django_assert_max_num_queries, settings
):
    settings.DASHBOARD_HIGH_CHECKWORTHINESS = 0.5
    ukraine = services.claimant_resolve(name="Ukraine (government)")
    mine = factories.ClaimFactory(content="mine to check", checkworthiness=0.3)
    services.claim_assign(claim=mine, assignee=reviewer, user=reviewer)
    hot = factories.ClaimFactory(content="hot unassigned", checkworthiness=0.9)
    cold = factories.ClaimFactory(content="cold unassigned", checkworthiness=0.2)

    def rate(slug, claimant=None):
        claim = factories.ClaimFactory(claimant=claimant, checkworthiness=0.1)
        services.verdict_record(
            claim=claim,
            rating=factories.rating(slug),
            rationale="r",
            attribution_check="confirmed",
            user=editor,
        )
        return claim

    for slug in ("false", "false", "true"):
        rate(slug, ukraine)
    rate("false")
    with django_assert_max_num_queries(14):  # 2 of them: the permission check
        response = reviewer_client.get(reverse("claims:dashboard"))
    context = response.context
    assert [c.pk for c in context["mine"]] == [mine.pk]
    assert [c.pk for c in context["unassigned"]] == [hot.pk] and cold not in context["unassigned"]
    assert len(context["recent"]) == 4
    by_rating = {bar.label: bar.total for bar in context["by_rating"]}
    assert by_rating == {
        factories.rating("false").label_en: 3,
        factories.rating("true").label_en: 1,
    }
    (claimant_bar,) = context["by_claimant"]
    assert claimant_bar.label == "Ukraine (government)" and claimant_bar.total == 3
    widths = {segment.label: segment.width for segment in claimant_bar.segments}
    false, true = factories.rating("false").label_en, factories.rating("true").label_en
    assert widths == {false: pytest.approx(66.67), true: pytest.approx(33.33)}
    body = response.content.decode()
    assert "<svg" in body and "hot unassigned" in body and "cold unassigned" not in body

    for _ in range(5):
        rate("true", services.claimant_resolve(name=f"Claimant {_}"))
    with django_assert_max_num_queries(14):
        reviewer_client.get(reverse("claims:dashboard"))


@pytest.mark.django_db
def test_login_lands_on_the_dashboard(client, reviewer):
    response = client.post(
        reverse("login"), {"username": "rita", "password": "correct horse battery"}
    )
    assert response.status_code == 302 and response.url == reverse("claims:dashboard")


@pytest.mark.django_db
def test_list_pages_make_the_same_number_of_queries_however_long_the_lists(
    reviewer_client, reviewer, editor, django_assert_max_num_queries
):
    from claims.models import Cluster

    cluster = Cluster.objects.create(label="same statement")
    claim = factories.ClaimFactory(cluster=cluster)

    def grow(n):
        for i in range(n):
            factories.ClaimFactory(cluster=cluster)
            factories.ArticleFactory()
            services.comment_add(claim=claim, text=f"note {i}", user=reviewer)
            services.evidence_add(
                claim=claim, url=f"https://example.org/{i}-{n}", stance="context", user=reviewer
            )
            services.verdict_record(
                claim=claim,
                rating=factories.rating(),
                rationale=f"r{i}",
                attribution_check="confirmed",
                user=editor,
            )

    pages = [
        reverse("claims:article_list"),
        reverse("claims:claim_detail", args=[claim.pk]),
        reverse("claims:dashboard"),
        reverse("claims:queue") + "?status=all",
    ]
    grow(2)
    counts = {}
    for url in pages:
        with django_assert_max_num_queries(30) as captured:
            assert reviewer_client.get(url).status_code == 200
        counts[url] = len(captured.captured_queries)
    grow(12)
    for url in pages:
        with django_assert_max_num_queries(counts[url]):
            reviewer_client.get(url)
