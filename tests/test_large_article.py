"""A 1,000,000-character article (the size limit) with ~14,000 claims must not take the
site down: every page's work is bounded by what it shows, not by the article's size."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import reader, services
from claims.models import Claim
from tests import factories
from tests.bulk import large_article

# Budgets: the pages' sizes and query counts with a short article are well inside them
# (the claim page makes 16 queries for a one-sentence article).
MAX_QUERIES = 20
MAX_PAGE_BYTES = 300_000
TEXT_COLUMN = '"claims_article"."text"'


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    assert len(queries) <= MAX_QUERIES, (url, len(queries))
    assert len(response.content) < MAX_PAGE_BYTES, (url, len(response.content))
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def middle_claim(article) -> Claim:
    return article.claims.order_by("content_start")[article.claims.count() // 2]


@pytest.mark.django_db
def test_reader_shows_one_section_of_a_million_character_article(reviewer_client):
    article = large_article()
    total = article.claims.count()
    url = reverse("claims:article_detail", args=[article.pk])
    sections = reader.section_count(len(article.text))
    assert sections == 100

    first, sql = get(reviewer_client, url)
    assert f"{total} claims" in first and f"of {sections}" in first
    opening = article.claims.order_by("content_start").first()
    assert f'<span id="claim-{opening.pk}"></span>' in first
    assert f'role-source" data-claim="{opening.pk}">Le ministre</a>' in first
    assert "à 1000h." not in first  # text far beyond the first section is not sent
    assert not any(f"SELECT {TEXT_COLUMN}" in q or f", {TEXT_COLUMN}," in q for q in sql)

    middle, _sql = get(reviewer_client, url + "?section=50")
    _article, section = reader.article_section(article.pk, 50)
    listed = article.claims.filter(content_start__gte=section.start, content_start__lt=section.end)
    assert section.text in html.unescape(re.sub(r"<[^>]+>", "", middle))
    for claim in listed[:5]:
        assert f'href="/claims/{claim.pk}/">{claim.content}</a>' in middle
    assert 100 < listed.count() < 400

    more, _sql = get(
        reviewer_client,
        url + "?section=51",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="next-section",
    )
    assert "<html" not in more and 'id="section-51"' in more
    assert 'hx-swap-oob="beforeend:#section-claims"' in more
    assert 'hx-get="?section=52" hx-trigger="revealed"' in more


@pytest.mark.django_db
def test_claim_page_of_a_huge_article_links_to_its_section_without_loading_the_text(
    reviewer_client,
):
    small = factories.ClaimFactory()
    _page, small_sql = get(reviewer_client, reverse("claims:claim_detail", args=[small.pk]))
    article = large_article()
    claim = middle_claim(article)
    page, sql = get(reviewer_client, reverse("claims:claim_detail", args=[claim.pk]))
    assert len(sql) <= len(small_sql)
    # The text is read only as the bounded slice around the claim ("In the article").
    slices = [re.search(rf"SUBSTR(?:ING)?\({re.escape(TEXT_COLUMN)}, \d+, (\d+)\)", q) for q in sql]
    bound = reader.PASSAGE_MAX + reader.PASSAGE_CONTEXT
    reads = [m for m, q in zip(slices, sql, strict=True) if TEXT_COLUMN in q]
    assert all(m and int(m[1]) <= bound for m in reads)
    assert not any(f"SELECT {TEXT_COLUMN}" in q or f", {TEXT_COLUMN}," in q for q in sql)
    assert len(page) < 200_000
    link = f"/articles/{article.pk}/?claim={claim.pk}#claim-{claim.pk}"
    assert f'href="{link}"' in page

    deep, _sql = get(reviewer_client, link.split("#")[0])
    expected = reader.section_of(article.pk, claim.content_start)
    assert 1 < expected < reader.section_count(len(article.text))
    assert f'id="section-{expected}"' in deep and f'<span id="claim-{claim.pk}"></span>' in deep


@pytest.mark.django_db
def test_lists_and_dashboard_stay_bounded_with_two_huge_articles(reviewer_client, reviewer):
    pages = [
        reverse("claims:article_list"),
        reverse("claims:dashboard"),
        reverse("claims:queue") + "?status=all",
    ]
    huge = [large_article(title="Huge one")]
    for url in pages:
        get(reviewer_client, url)
    huge.append(large_article(title="Huge two"))
    large_article(chars=290_000, title="Long one")
    for url in pages:
        body, sql = get(reviewer_client, url)
        assert not any(TEXT_COLUMN in q for q in sql), url
    listing, sql = get(reviewer_client, reverse("claims:article_list"))
    assert not any('GROUP BY "claims_article".' in q for q in sql)
    for article in huge:
        total = article.claims.count()
        assert re.search(rf">{article.title}</a></td>.*?<td>{total}</td>", listing, re.S)
        reader_page, _sql = get(
            reviewer_client, reverse("claims:article_detail", args=[article.pk])
        )
        assert f"{total} claims" in reader_page


@pytest.mark.django_db
def test_sections_tile_the_text_and_list_each_claim_once():
    article = large_article(chars=120_000)
    text, seen, end = article.text, [], 0
    count = reader.section_count(len(text))
    for number in range(1, count + 1):
        _article, section = reader.article_section(article.pk, number)
        assert section.start == end and section.text == text[section.start : section.end]
        assert section.start == 0 or text[section.start - 1] == "\n"  # cut at a paragraph
        end = section.end
        claims = reader.section_claims(article, section)
        seen += [c.pk for c in claims if section.start <= c.content_start < section.end]
        runs = reader.article_runs(section.text, claims, section.start)
        assert "".join(run.text for run in runs) == section.text
    assert end == len(text)
    assert sorted(seen) == sorted(article.claims.values_list("pk", flat=True))
    assert reader.article_section(article.pk, 10_000)[1].number == count  # clamped


@pytest.mark.django_db
def test_bad_section_and_claim_parameters_fall_back_to_the_first_section(reviewer_client):
    claim = factories.ClaimFactory()
    other = factories.ClaimFactory()
    url = reverse("claims:article_detail", args=[claim.article_id])
    for query in (
        "?section=abc",
        "?section=-3",
        "?section=" + "9" * 5000,
        "?claim=x",
        f"?claim={other.pk}",
        "?section=²",
    ):
        response = reviewer_client.get(url + query)
        assert response.status_code == 200, query
        assert claim.content in response.content.decode()
    missing = reverse("claims:article_detail", args=[other.article_id + 100])
    assert reviewer_client.get(missing).status_code == 404


@pytest.mark.django_db
def test_claim_page_shows_the_latest_of_long_lists_and_all_on_request(reviewer_client, reviewer):
    from claims.models import Comment, Evidence

    claim = factories.ClaimFactory()
    for n in range(45):
        services.comment_add(claim=claim, text=f"note number {n}.", user=reviewer)
    Evidence.objects.bulk_create(
        Evidence(claim=claim, url=f"https://example.org/{n}", stance="context", note=f"ev{n}.")
        for n in range(45)
    )
    Claim.objects.bulk_create(
        Claim(
            article=claim.article,
            index=claim.index + 1 + n,  # past the factory's own sequence
            content_start=0,
            content_end=3,
            content=f"dup {n}",
            kind="indirect",
            duplicate_of=claim,
        )
        for n in range(45)
    )
    url = reverse("claims:claim_detail", args=[claim.pk])
    page, _sql = get(reviewer_client, url)
    assert "note number 44." in page and "note number 14." not in page  # the latest 30
    assert page.index("note number 15.") < page.index("note number 44.")  # oldest first
    assert "ev44." in page and "ev14." not in page
    assert page.count(f'href="{url}?all=1#') == 2  # comments and evidence
    everything, _sql = get(reviewer_client, url + "?all=1")
    assert "note number 0." in everything and "ev0." in everything
    assert Comment.objects.filter(claim=claim).count() == 45
