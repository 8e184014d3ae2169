"""The reviewer's desk: a compact queue, the article beside the claim, corrections that
carry the cue and the sentence, claimants typed from the extractor, readable conflicts."""

import re

import pytest
from django.urls import reverse

from claims import services
from claims.extraction.claimant_kind import claimant_alias, claimant_kind
from claims.extraction.claimants import normalise_claimant
from claims.extraction.sentence_bounds import sentence_bounds
from claims.models import Claim, Claimant
from tests import factories

LONG = (
    "Le ministre de l'Intérieur a affirmé mardi que le nombre de cambriolages signalés dans "
    "les communes de plus de 20 000 habitants avait reculé de 12 % en un an"
)
ARTICLE = (
    "Premier paragraphe sans rapport.\n"
    "Selon la préfecture, 240 policiers ont été déployés. M. Durand, le maire, a précisé "
    "que « la circulation sera rétablie jeudi ». Rien d'autre ne change.\n"
    "Un dernier paragraphe."
)


def _claim_on(text: str, content: str, **fields) -> Claim:
    article = factories.ArticleFactory(text=text, language="fr")
    start = text.index(content)
    return factories.ClaimFactory(
        article=article, content_start=start, content_end=start + len(content), **fields
    )


@pytest.mark.django_db
def test_queue_is_one_line_per_claim_with_the_full_text_on_hover(reviewer_client):
    claim = _claim_on(LONG + ".", LONG)
    body = reviewer_client.get(reverse("claims:queue")).content.decode()
    assert 'class="list compact"' in body
    assert f'title="{claim.content}"' in body.replace("&#x27;", "'")
    # The secondary filters are folded away until one of them is used.
    assert re.search(r'<details class="more-filters">', body)
    used = reviewer_client.get(reverse("claims:queue"), {"has_quantity": "on"}).content.decode()
    assert '<details class="more-filters" open>' in used


@pytest.mark.django_db
def test_claim_page_shows_its_passage_of_the_article_beside_it(reviewer_client):
    claim = _claim_on(ARTICLE, "« la circulation sera rétablie jeudi »", kind="direct")
    source = ARTICLE.index("M. Durand")
    Claim.objects.filter(pk=claim.pk).update(source_start=source, source_end=source + 9)
    body = reviewer_client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    aside = body[body.index('<aside class="claim-aside"') : body.index("</aside>")]
    assert '<mark class="hl role-source">M. Durand</mark>' in aside
    assert '<mark class="hl">« la circulation sera rétablie jeudi »</mark>' in aside
    # The passage is the claim's line, not the whole article.
    assert "240 policiers" in aside and "Premier paragraphe" not in aside
    assert "Un dernier paragraphe" not in aside


@pytest.mark.django_db
def test_reader_has_a_legend_and_dismiss_is_styled_apart(reviewer_client):
    claim = factories.ClaimFactory()
    reader = reviewer_client.get(reverse("claims:article_detail", args=[claim.article_id]))
    assert 'class="legend highlight-legend"' in reader.content.decode()
    page = reviewer_client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    dismiss = re.search(r'<form[^>]*class="transition destructive"[^>]*>.*?</form>', page, re.S)
    assert dismiss and 'class="to-dismissed danger"' in dismiss.group(0)


@pytest.mark.django_db
def test_french_pages_put_a_space_before_colons(reviewer_client):
    claim = factories.ClaimFactory()
    reviewer_client.cookies["django_language"] = "fr"
    page = reviewer_client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert re.search(r"Assignée à\u00a0: <strong>", page)
    assert not re.search(r"\w: <strong>", page)


def test_sentence_bounds_follow_the_span_and_skip_abbreviations():
    text = "Il pleut. Le maire, M. Durand, a dit que « tout ira bien ». Fin.\nAutre ligne."

    def sentence(part: str) -> str:
        start = text.index(part)
        left, right = sentence_bounds(text, start, start + len(part))
        return text[left:right]

    assert sentence("tout ira bien") == "Le maire, M. Durand, a dit que « tout ira bien »."
    assert sentence("Il pleut") == "Il pleut."
    assert sentence("Durand, a dit que « tout ira bien ». Fin") == (
        "Le maire, M. Durand, a dit que « tout ira bien ». Fin."
    )
    assert sentence("Autre") == "Autre ligne."
    english = "Sen. J. Smith said taxes rose. Nobody agreed."
    start = english.index("taxes")
    assert english[slice(*sentence_bounds(english, start, start + 5))] == (
        "Sen. J. Smith said taxes rose."
    )


@pytest.mark.django_db
def test_correcting_the_cue_and_moving_the_content_refreshes_the_sentence(
    reviewer_client, reviewer
):
    claim = _claim_on(ARTICLE, "240 policiers ont été déployés", kind="according_to")
    Claim.objects.filter(pk=claim.pk).update(sentence="Selon la préfecture, 240 policiers.")
    url = reverse("claims:claim_attribution", args=[claim.pk])
    response = reviewer_client.post(
        url,
        {
            "version": claim.version,
            "content": "« la circulation sera rétablie jeudi »",
            "source": "M. Durand",
            "cue": "a précisé",
            "claimant": "Jean Durand",
            "kind": "direct",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.cue_text == "a précisé"
    assert ARTICLE[claim.cue_start : claim.cue_end] == "a précisé"
    assert claim.sentence == (
        "M. Durand, le maire, a précisé que « la circulation sera rétablie jeudi »."
    )
    page = reviewer_client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert '<dd class="sentence">M. Durand, le maire, a précisé' in page
    history = page[page.index('id="history"') :]
    assert "Cue:" in history and "<ins>a précisé</ins>" in history


@pytest.mark.django_db
def test_a_cue_not_in_the_article_is_refused_in_words(reviewer_client):
    claim = _claim_on(ARTICLE, "240 policiers ont été déployés", kind="according_to")
    response = reviewer_client.post(
        reverse("claims:claim_attribution", args=[claim.pk]),
        {
            "version": claim.version,
            "content": claim.content,
            "cue": "a juré",
            "kind": "according_to",
        },
    )
    assert response.status_code == 200
    assert "This text is not in the article." in response.content.decode()
    claim.refresh_from_db()
    assert claim.cue_text == "" and claim.version == 1


@pytest.mark.django_db
def test_unchanged_correction_records_nothing(reviewer):
    claim = _claim_on(ARTICLE, "240 policiers ont été déployés", kind="according_to")
    Claim.objects.filter(pk=claim.pk).update(sentence="The extractor's sentence.")
    claim.refresh_from_db()
    services.claim_edit_attribution(
        claim=claim,
        user=reviewer,
        expected_version=claim.version,
        content_start=claim.content_start,
        content_end=claim.content_end,
        source_start=None,
        source_end=None,
        claimant_name="",
        kind="according_to",
    )
    claim.refresh_from_db()
    assert claim.version == 1 and claim.sentence == "The extractor's sentence."
    assert not claim.events.exists()


@pytest.mark.parametrize(
    ("source", "person", "label", "kind"),
    [
        ("Washington", False, None, "government"),
        ("le Kremlin", False, None, "government"),
        ("le ministère russe de la Défense", False, None, "government"),
        ("la gendarmerie", False, None, "government"),
        ("Marie Dubois", True, "person", "person"),
        ("Greenpeace", False, "organisation", "organisation"),
        ("the Green Party", False, None, "organisation"),
        ("les syndicats", False, None, "organisation"),
        ("les chefs de la diplomatie de l'Italie et de l'Espagne", False, None, "group"),
        ("Les Occidentaux", False, None, "group"),
        ("the leader of the party", False, None, "other"),
        ("a witness", False, None, "other"),
    ],
)
def test_claimant_kind_comes_from_the_source_and_its_entity(source, person, label, kind):
    name = normalise_claimant(source, person)
    assert claimant_kind(name, source, person=person, entity_label=label) == kind


@pytest.mark.parametrize(
    ("source", "alias"),
    [
        ("Kyiv", "Kyiv"),
        ("la Maison Blanche", "Maison Blanche"),
        ("Marie Dubois", None),  # the name itself
        ("le porte-parole", None),  # a common noun names no one
        ("les chefs de la diplomatie", None),
    ],
)
def test_claimant_alias_is_the_name_as_written_when_it_differs(source, alias):
    assert claimant_alias(normalise_claimant(source), source) == alias


@pytest.mark.django_db
def test_extraction_stores_claimant_kinds_and_aliases():
    article = factories.ArticleFactory(
        language="fr",
        text=(
            "Kyiv a affirmé mardi que 30 soldats avaient été blessés. "
            "Selon Washington, 10 000 soldats ont été envoyés en Russie."
        ),
    )
    services.article_extract_claims(article_id=article.pk)
    ukraine = Claimant.objects.get(name="Ukraine (government)")
    assert ukraine.kind == "government"
    assert "Kyiv" in set(ukraine.aliases.values_list("alias", flat=True))
    assert Claimant.objects.get(name="United States (government)").kind == "government"


@pytest.mark.django_db
def test_an_editors_claimant_kind_is_kept_by_extraction():
    services.claimant_resolve(name="Ukraine (government)")
    Claimant.objects.filter(name="Ukraine (government)").update(kind="organisation")
    services.claimant_resolve(name="Ukraine (government)", kind="government", alias="Kiev")
    claimant = Claimant.objects.get(name="Ukraine (government)")
    assert claimant.kind == "organisation"
    assert set(claimant.aliases.values_list("alias", flat=True)) == {
        "Ukraine (government)",
        "Kiev",
    }


@pytest.mark.django_db
def test_the_conflict_banner_reads_like_the_history(client, reviewer, editor):
    claim = factories.ClaimFactory()
    url = reverse("claims:claim_attribution", kwargs={"pk": claim.pk})
    stale = {"source": "", "claimant": "", "version": claim.version}
    client.force_login(editor)
    client.post(url, {**stale, "content": "schools had closed", "kind": "direct"})
    client.force_login(reviewer)
    body = client.post(url, {**stale, "content": "had closed", "kind": "indirect"}).content
    banner = body.decode().split('class="conflict"', 1)[1].split("</div>", 1)[0]
    assert "Kind: <del>Indirect speech</del> → <ins>Direct quote</ins>" in banner
    assert "content_start" not in banner and "{" not in banner
