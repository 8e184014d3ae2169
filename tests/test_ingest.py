import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article, Claim, Job

FRENCH_HTML = (
    "<!doctype html><html><head><meta charset='windows-1252'><title>Écoles fermées</title>"
    "</head><body><nav>Accueil | Monde</nav><article><h1>Écoles fermées</h1>"
    "<p>Le ministre de l'Éducation a déclaré lundi que plus de 2 000 écoles étaient fermées "
    "après les inondations qui ont frappé le sud-est du pays.</p>"
    "<p>Selon la préfecture, environ 300 familles ont été évacuées dans la nuit de dimanche à "
    "lundi, et les routes restent coupées dans plusieurs communes.</p></article>"
    "<footer>© Journal</footer></body></html>"
)


def post(client, **data):
    return client.post(reverse("claims:article_add"), data)


def assert_nothing_saved():
    assert not Article.objects.exists()
    assert not Job.objects.exists()
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_empty_text_is_refused_with_a_message(reviewer_client):
    response = post(reviewer_client, text="   \n  ")
    assert response.status_code == 200
    assert "The article is empty." in response.content.decode()
    assert_nothing_saved()


@pytest.mark.django_db
def test_twenty_megabyte_upload_is_refused(reviewer_client):
    big = SimpleUploadedFile("huge.txt", b"a" * (20 * 1024 * 1024), content_type="text/plain")
    response = post(reviewer_client, file=big)
    assert response.status_code == 200
    assert "The file is too large (20.0 MB); the limit is 5 MB." in response.content.decode()
    assert_nothing_saved()


@pytest.mark.django_db
def test_binary_file_is_refused(reviewer_client):
    junk = SimpleUploadedFile("photo.txt", bytes(range(256)) * 40, content_type="text/plain")
    response = post(reviewer_client, file=junk)
    assert "This file looks binary, not text." in response.content.decode()
    assert_nothing_saved()


@pytest.mark.django_db
def test_windows_1252_html_is_decoded_and_cleaned(reviewer_client):
    upload = SimpleUploadedFile("page.html", FRENCH_HTML.encode("cp1252"), content_type="text/html")
    response = post(reviewer_client, file=upload)
    assert response.status_code == 302
    article = Article.objects.get()
    assert "Le ministre de l'Éducation a déclaré lundi" in article.text
    assert "Accueil | Monde" not in article.text
    assert article.language == "fr"


@pytest.mark.django_db
def test_undeclared_latin1_text_file_is_decoded(reviewer_client):
    text = "Le président a affirmé que la réforme était nécessaire pour l'économie française."
    upload = SimpleUploadedFile("a.txt", text.encode("latin-1"), content_type="text/plain")
    assert post(reviewer_client, file=upload).status_code == 302
    assert Article.objects.get().text == text


@pytest.mark.django_db
def test_html_without_article_text_gives_a_message(reviewer_client):
    upload = SimpleUploadedFile("empty.html", b"<html><body><nav>Menu</nav></body></html>")
    response = post(reviewer_client, file=upload)
    body = response.content.decode()
    assert "No article text was found" in body or "too little text" in body
    assert_nothing_saved()


@pytest.mark.django_db
def test_text_and_file_together_are_refused(reviewer_client):
    upload = SimpleUploadedFile("a.txt", b"Some article text that is long enough to count.")
    response = post(reviewer_client, text="Pasted text that is long enough too.", file=upload)
    assert "Paste text or upload a file, not both." in response.content.decode()
    assert_nothing_saved()


@pytest.mark.django_db
def test_text_over_the_length_limit_is_refused(reviewer_client, settings):
    settings.ARTICLE_MAX_TEXT_CHARS = 100
    response = post(reviewer_client, text="Le ministre a déclaré que tout allait bien. " * 5)
    assert response.status_code == 200
    assert "The article is too long (220 characters; the limit is 100)." in (
        response.content.decode()
    )
    assert_nothing_saved()


GERMAN = (
    "Die Stadtverwaltung hat am Dienstag mitgeteilt, dass die alte Brücke über den Fluss "
    "wegen Rissen im Beton bis zum Ende des Monats gesperrt bleibt. Der Bürgermeister sagte, "
    "man prüfe eine Umleitung für den Busverkehr."
)
SPANISH = (
    "El alcalde aseguró el martes que el puente viejo seguirá cerrado hasta final de mes por "
    "las grietas en el hormigón, y añadió que la ciudad estudia un desvío para los autobuses."
)


@pytest.mark.django_db
def test_a_german_paste_is_refused_naming_its_language(reviewer_client):
    response = post(reviewer_client, text=GERMAN)
    assert response.status_code == 200
    assert (
        "This text looks German; the workbench reads French and English."
        in response.content.decode()
    )
    assert_nothing_saved()


@pytest.mark.django_db
def test_a_spanish_upload_is_refused_naming_its_language(reviewer_client):
    upload = SimpleUploadedFile("nota.txt", SPANISH.encode(), content_type="text/plain")
    response = post(reviewer_client, file=upload)
    assert "This text looks Spanish;" in response.content.decode()
    assert_nothing_saved()


def test_an_html_page_in_another_language_is_refused():
    from claims import ingest

    page = f"<html><body><article><p>{GERMAN}</p><p>{GERMAN}</p></article></body></html>"
    with pytest.raises(ingest.IngestError, match="This text looks German"):
        ingest.text_from_html(page)


def test_the_refused_language_is_named_in_the_readers_language():
    from django.utils import translation

    from claims import ingest

    with translation.override("fr"), pytest.raises(ingest.IngestError, match="allemand"):
        ingest.text_from_plain(GERMAN)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Le maire a assuré mardi que le vieux pont resterait fermé jusqu'à la fin du mois.", "fr"),
        ("The mayor said on Tuesday that the old bridge would stay closed until next month.", "en"),
        ("Bridge reopens tomorrow", "en"),  # three words: too short to tell, accepted
        # A French article quoting German is French.
        ("La chancelière a lancé « Wir schaffen das » devant les députés, lundi à Berlin.", "fr"),
    ],
)
def test_french_english_and_short_texts_are_accepted(reviewer_client, text, language):
    assert post(reviewer_client, text=text).status_code == 302
    assert Article.objects.get().language == language
