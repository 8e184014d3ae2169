"""Articles from web addresses: ingest.text_from_url, the Add-article form and import_articles."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims import ingest
from claims.models import Article, Job, Source
from tests.test_fetching import connections, english, fetch_settings  # noqa: F401 (fixtures)
from tests.test_ingest import FRENCH_HTML, assert_nothing_saved

pytestmark = pytest.mark.django_db

ENGLISH_TEXT = (
    "The minister said on Monday that more than 2,000 schools were closed after the floods, "
    "according to the regional prefecture, which added that 300 families had been evacuated."
)
BLOCKED = "http://169.254.169.254/latest/meta-data/"


@pytest.fixture
def article_page(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/article").respond_with_data(
        FRENCH_HTML.encode("cp1252"), content_type="text/html"
    )
    return httpserver.url_for("/article")


def test_text_from_url_ingests_the_page(article_page):
    result = ingest.text_from_url(article_page)
    assert result.title == "Écoles fermées"
    assert result.language == "fr"
    assert "300 familles" in result.text and "Accueil" not in result.text


def test_text_from_url_turns_fetch_errors_into_ingest_errors(connections):  # noqa: F811
    with pytest.raises(ingest.IngestError, match="could not be fetched.*private or reserved"):
        ingest.text_from_url(BLOCKED)
    assert connections == []


def test_add_article_with_only_a_url_ingests_the_page(
    reviewer_client, article_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = reviewer_client.post(reverse("claims:article_add"), {"url": article_page})
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.url == article_page
    assert article.title == "Écoles fermées"
    assert "2 000 écoles" in article.text
    assert len(callbacks) == 1


def test_add_article_with_a_blocked_url_shows_the_error_and_saves_nothing(
    reviewer_client,
    connections,  # noqa: F811
):
    response = reviewer_client.post(reverse("claims:article_add"), {"url": BLOCKED})
    assert response.status_code == 200
    assert "private or reserved address" in response.content.decode()
    assert_nothing_saved()
    assert connections == []


def test_a_url_beside_pasted_text_stays_metadata(reviewer_client, connections):  # noqa: F811
    reviewer_client.post(
        reverse("claims:article_add"), {"url": "https://news.example/a", "text": ENGLISH_TEXT}
    )
    article = Article.objects.get()
    assert (article.url, article.language) == ("https://news.example/a", "en")
    assert connections == []


def test_import_articles_saves_good_inputs_and_reports_the_bad_one(
    tmp_path, article_page, django_capture_on_commit_callbacks
):
    source = Source.objects.create(name="Le Journal")
    text_file = tmp_path / "minister.txt"
    text_file.write_text(ENGLISH_TEXT, encoding="utf-8")
    html_file = tmp_path / "ecoles.html"
    html_file.write_bytes(FRENCH_HTML.replace("2 000", "3 000").encode("cp1252"))
    out, err = StringIO(), StringIO()
    inputs = [str(text_file), BLOCKED, str(html_file), article_page]
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(CommandError) as caught,
    ):
        call_command("import_articles", *inputs, "--source", "Le Journal", stdout=out, stderr=err)
    assert caught.value.returncode == 1
    assert f"{BLOCKED}: error: The page at {BLOCKED} could not be fetched" in err.getvalue()
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and all(": added as article" in line for line in lines)
    assert Article.objects.filter(source=source).count() == 3
    assert Job.objects.count() == 3 and len(callbacks) == 3
    assert Article.objects.get(url=article_page).language == "fr"


def test_import_articles_succeeds_quietly_on_good_inputs(tmp_path):
    text_file = tmp_path / "minister.txt"
    text_file.write_text(ENGLISH_TEXT, encoding="utf-8")
    out = StringIO()
    call_command("import_articles", str(text_file), "--language", "en", stdout=out)
    call_command("import_articles", str(text_file), stdout=out)
    assert "added as article" in out.getvalue()
    assert "already present" in out.getvalue()
    assert Article.objects.get().language == "en"


def test_import_articles_reports_a_missing_file_and_a_wrong_kind(tmp_path):
    other = tmp_path / "data.pdf"
    other.write_bytes(b"%PDF-1.4")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path / "missing.txt"), str(other), stderr=err)
    assert "missing.txt: error:" in err.getvalue()
    assert "data.pdf: error: Only .txt and .html files" in err.getvalue()
    assert not Article.objects.exists()
