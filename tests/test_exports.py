import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims import exports, ingest, services
from tests import factories


@pytest.fixture
def seed_with_verdict(db, seed_text, reviewer):
    article, _ = services.article_create(
        text_in=ingest.text_from_plain(seed_text, title="Corée du Nord", language="fr"),
        url="https://example.org/coree",
        enqueue=False,
    )
    services.article_extract_claims(article_id=article.pk)
    claim = article.claims.get(source_text="Washington")
    services.evidence_add(
        claim=claim, url="https://www.state.gov/statement", stance="supports", user=reviewer
    )
    services.verdict_record(
        claim=claim,
        rating=factories.rating("mostly-true"),
        attribution_check="confirmed",
        rationale="Pentagon figures.",
        user=reviewer,
    )
    return article


def rows(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_has_the_washington_claim_with_its_verdict(seed_with_verdict, reviewer_client):
    response = reviewer_client.get(reverse("claims:export_csv"))
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    data = b"".join(response.streaming_content)
    table = rows(data)
    assert list(table[0]) == exports.CSV_COLUMNS
    assert len(table) == seed_with_verdict.claims.count()
    row = next(r for r in table if r["source"] == "Washington")
    assert row["cue"] == "selon" and row["kind"] == "according_to"
    assert row["claimant"] == "United States (government)"
    assert row["quantities"] == "more_than 10000 soldats"
    assert row["rating"] == "mostly-true" and row["rating_value"] == "4"
    assert row["attribution_check"] == "confirmed" and row["reviewer"] == "rita"
    assert row["evidence_urls"] == "https://www.state.gov/statement"
    assert row["article_url"] == "https://example.org/coree"


def test_command_writes_the_same_bytes_as_the_download(
    seed_with_verdict, reviewer_client, tmp_path
):
    download = b"".join(reviewer_client.get(reverse("claims:export_csv")).streaming_content)
    out = tmp_path / "verdicts.csv"
    call_command("export_verdicts", "--out", str(out))
    assert out.read_bytes() == download


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_cells_are_neutralised(prefix):
    assert exports.neutralise(prefix + "SUM(A1)") == "'" + prefix + "SUM(A1)"
    assert exports.neutralise("plain") == "plain"


@pytest.mark.django_db
def test_hostile_claim_text_is_neutralised_in_the_csv():
    factories.ClaimFactory(content='=HYPERLINK("http://evil")', content_start=0, content_end=5)
    table = rows(b"".join(exports.verdict_csv()))
    assert table[0]["content"].startswith("'=")
