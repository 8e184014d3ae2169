"""The interface in English and French: a complete catalogue, compiled, and used."""

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from claims import services
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
    assert "File des affirmations" in french and "Nouvelle : 3" not in french
    assert "Nouvelle: 3" in french and "3 affirmations correspondent" in french
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
