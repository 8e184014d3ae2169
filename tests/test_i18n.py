"""The interface in English and French: a complete catalogue, compiled, and used."""

import ast
import re
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from claims import forms, ingest, jobs, services
from claims.models import Claim, Job
from tests import factories

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES"


def entries(catalog) -> dict:
    def plain(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {plain(m.id): plain(m.string) for m in catalog if m.id}


def test_french_catalogue_is_complete_and_compiled():
    with open(CATALOGUE / "django.po", "rb") as po, open(CATALOGUE / "django.mo", "rb") as mo:
        source, compiled = entries(read_po(po)), entries(read_mo(mo))
    untranslated = [key for key, value in source.items() if not value or not all(value)]
    assert untranslated == []
    assert len(source) > 200
    assert compiled == source, "run `make messages` to compile the catalogue"


@pytest.mark.django_db
def test_pages_follow_the_chosen_language_with_local_dates_and_numbers(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    factories.ClaimFactory.create_batch(2)
    services.comment_add(claim=claim, text="Vu.", user=reviewer)
    english = reviewer_client.get(reverse("claims:queue")).content.decode()
    assert "Claim queue" in english and "New: 3" in english
    switched = reviewer_client.post(reverse("set_language"), {"language": "fr", "next": "/queue/"})
    assert switched.status_code == 302 and switched.url == "/queue/"
    french = reviewer_client.get(reverse("claims:queue")).content.decode()
    assert '<html lang="fr">' in french
    # French typography: a no-break space before the colon.
    assert "File des affirmations" in french and "Nouvelle: 3" not in french
    assert "Nouvelle\u00a0: 3" in french and "3 affirmations correspondent" in french
    assert '<option value="fr" selected' in french
    page = reviewer_client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert "Commentaires" in page and "Discours indirect" in page
    stamp = timezone.localtime(claim.comments.get().created_at)
    with translation.override("fr"):
        assert date_format(stamp, "SHORT_DATETIME_FORMAT") in page  # 3 déc. 2026 à 00:14
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", page)  # no day/month guessing
    assert "0,50" in page  # check-worthiness with a decimal comma


@pytest.mark.django_db
def test_language_can_be_switched_before_logging_in(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert "Se connecter" in client.get(reverse("login")).content.decode()


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_french_pages_show_no_english_labels_or_job_messages(reviewer_client):
    claim = factories.ClaimFactory()
    job = Job.objects.create(kind=Job.Kind.EXTRACT, article=claim.article)
    jobs.job_succeed(job.pk, [("extracted", {"count": 15})])
    reviewer_client.cookies["django_language"] = "fr"
    pages = [
        reverse("claims:queue"),
        reverse("claims:dashboard"),
        reverse("claims:article_detail", args=[claim.article_id]),
        reverse("claims:claim_detail", args=[claim.pk]),
        reverse("claims:article_add"),
    ]
    english = ["Language", "Any language", "Assignee", "Unassigned", "claims extracted"]
    for url in pages:
        text = visible_text(reviewer_client.get(url).content.decode())
        assert [word for word in english if word in text] == [], url
    article = reviewer_client.get(pages[2]).content.decode()
    assert "15 affirmations extraites" in article
    reviewer_client.cookies["django_language"] = "en"
    assert "15 claims extracted" in reviewer_client.get(pages[2]).content.decode()


@pytest.mark.django_db
def test_a_job_stores_its_message_without_a_language_and_shows_it_in_the_readers():
    job = Job.objects.create(kind=Job.Kind.EXTRACT)
    with translation.override("fr"):  # a worker running in French must not store French
        jobs.job_succeed(job.pk, [("extracted", {"count": 1234}), ("unread", {"count": 1})])
    job.refresh_from_db()
    assert job.message == "1,234 claims extracted — 1 paragraph could not be read"
    with translation.override("fr"):
        shown = job.display_message()
    assert re.fullmatch(r"1\s234 affirmations extraites — 1 paragraphe .+", shown), shown
    jobs.job_fail(job.pk, jobs.WORKER_DIED)
    job.refresh_from_db()
    assert (job.message, job.error) == ("Failed", "The worker stopped without finishing this job.")
    with translation.override("fr"):
        assert job.display_message() == "Échoué"


@pytest.mark.django_db
def test_assignment_and_the_unattributed_claim_kind_have_different_french_words():
    with translation.override("fr"):
        unassigned = str(forms.QueueFilterForm().fields["assignee"].choices[-1][1])
        unattributed = str(Claim.Kind.UNATTRIBUTED.label)
    assert unassigned.lower().rstrip("es") != unattributed.lower().rstrip("es")
    assert "attribu" not in unassigned.lower()


def test_french_catalogue_puts_a_space_before_double_punctuation():
    # French typography: "Statut : ouvert", "Continuer ?". Placeholders, web addresses and
    # times ("%(host)s:", "https://", "15:32") are not prose.
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = entries(read_mo(mo))
    tight = re.compile(r"[^\W\d_][:;?!]")
    bad = []
    for msgid, msgstr in compiled.items():
        for text in msgstr if isinstance(msgstr, tuple) else (msgstr,):
            prose = re.sub(r"%\(\w+\)[sdr]|https?://\S*|\d+:\d+|<[^>]*>", " ", text or "")
            if msgid and tight.search(prose):
                bad.append(text)
    assert bad == []


def test_ingest_errors_are_translatable():
    # Every message an IngestError carries goes through gettext, so the form shows it in
    # the reader's language.
    tree = ast.parse(Path(ingest.__file__).read_text())
    raised = [
        node.exc.args[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and getattr(node.exc.func, "id", "") == "IngestError"
    ]
    assert len(raised) >= 10
    untranslated = [ast.unparse(arg) for arg in raised if not ast.unparse(arg).startswith("_(")]
    assert untranslated == []


@pytest.mark.django_db
def test_claim_page_dates_are_unambiguous_in_english_and_french(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    # Comments are append-only (a PostgreSQL trigger refuses UPDATE): set the clock
    # at creation instead of rewriting the row.
    moment = datetime(2026, 12, 2, 14, 32, tzinfo=UTC)  # 15:32 in Paris
    with mock.patch("django.utils.timezone.now", return_value=moment):
        services.comment_add(claim=claim, text="Vu.", user=reviewer)
    url = reverse("claims:claim_detail", args=[claim.pk])
    english = reviewer_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 Dec 2026, 15:32" in english and "p.m." not in english
    reviewer_client.cookies["django_language"] = "fr"
    french = reviewer_client.get(url).content.decode()
    assert "2 déc. 2026 à 15:32" in french
    assert "12/02/2026" not in english + french and "02/12/2026" not in french
