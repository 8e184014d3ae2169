"""Claim <-> report retrieval: terms, the full-text candidate stage, the index, the command."""

import datetime
import json

import pytest
from django.core.management import call_command

from claims.corroboration import index
from claims.corroboration.ranker import Candidate, build_query, rerank
from claims.corroboration.terms import analyse, clean, index_terms, query_terms
from claims.models import Rating, Report, SearchEntry, SearchTerm, Verdict
from tests.factories import ArticleFactory, ClaimFactory

KOREA_FR = "Selon Washington, plus de 10 000 soldats nord-coréens ont été envoyés en Russie"
KOREA_EN = "North Korea has sent more than 10,000 troops to Russia, the US says"
UNRELATED = [
    ("Russia says its troops took a village", "Moscow said its troops captured a village."),
    ("Ten thousand runners in Paris", "More than 10,000 runners took part in the marathon."),
    ("Seoul stocks fall", "South Korea's main index fell 2% on Tuesday."),
    ("US sends aid", "The United States sent 300 tonnes of food aid to Gaza."),
]


def terms(text: str, lang: str) -> list[str]:
    return [t.term for t in analyse(text, lang)]


# --- terms -----------------------------------------------------------------------------


def test_tweet_trailer_links_and_handles_are_removed_and_author_kept():
    tweet = (
        "How are butterflies surviving the #AustralianFires? Footage by @JulieFavell "
        "pic.twitter.com/0eJtwJyS1J — Center for Bio Div (@CenterForBioDiv) January 14, 2020"
    )
    cleaned = clean(tweet)
    assert cleaned.author == "Center for Bio Div"
    assert "pic.twitter" not in cleaned.text and "2020" not in cleaned.text
    assert terms(tweet, "en")[:4] == ["butterfli", "surviv", "cc_au", "fire"]


def test_a_trailer_without_its_date_is_removed_too():
    cleaned = clean("A made up story https://t.co/Kl — Donald J. Trump (@realDonaldTrump) August")
    assert cleaned.author == "Donald J. Trump" and cleaned.text.strip() == "A made up story"


def test_the_claim_date_comes_from_the_trailer_or_the_article():
    tweet = "I ain't dead — PNBROCK (@pnbrock) December 11, 2019"
    assert build_query(tweet, "en").dated == ("m_12", "n_2019")
    published = datetime.date(2024, 10, 23)
    assert build_query("Selon Kyiv", "fr", published=published).dated == ("m_10", "n_2024")


def test_hashtag_glued_to_a_link_is_split_into_words():
    assert terms("#DefundTheCBChttps://t.co/CsHG8R9cHp", "en") == ["defund", "cbc"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("10 000 soldats", "fr"), ("10,000 soldiers", "en"), ("dix mille soldats", "fr")],
)
def test_numbers_become_one_token_whatever_the_writing(text, lang):
    assert terms(text, lang)[0] == "n_10000"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("la Corée du Nord", "fr"),
        ("North Korea", "en"),
        ("des soldats nord-coréens", "fr"),
        ("North Korean troops", "en"),
    ],
)
def test_country_names_and_adjectives_become_one_token_in_both_languages(text, lang):
    assert "cc_kp" in terms(text, lang)


def test_us_the_country_is_a_place_but_us_the_pronoun_is_a_stop_word():
    assert "cc_us" in terms("the US says", "en")
    assert terms("tell us", "en") == ["tell"]


def test_stop_words_accents_and_stems():
    assert terms("Les élections présidentielles", "fr") == ["elect", "presidentiel"]
    assert index_terms("Title", "The elections", "en") == ["titl", "elect"]
    assert query_terms("x", "en", quantities=[{"value": 3.5}]) == ["n_3.5"]


# --- ranker (pure) ---------------------------------------------------------------------


def _candidate(pk, title, text, lang="en"):
    title_terms, body = terms(title, lang), terms(text, lang)
    return Candidate(pk, title, text, lang, title_terms + body, title_terms=len(title_terms))


def test_rerank_puts_the_same_event_in_the_other_language_first():
    docs = [_candidate(i, t, x) for i, (t, x) in enumerate(UNRELATED)]
    docs.append(_candidate("korea", "North Korean troops in Russia", KOREA_EN))
    ranked = rerank(build_query(KOREA_FR, "fr"), docs)
    assert ranked[0].id == "korea"
    assert 0.0 <= ranked[-1].score <= ranked[0].score <= 1.0
    assert {"10000", "nord-coréens", "Russie"} <= set(ranked[0].matched_terms)


# --- index -----------------------------------------------------------------------------


def _report(title, text, lang="en", n=[0]):  # noqa: B006 - a counter for unique URLs
    n[0] += 1
    report = Report.objects.create(
        url=f"https://example.org/{n[0]}", title=title, text=text, language=lang
    )
    index.index_report(report)
    return report


@pytest.fixture
def reports(db):
    unrelated = [_report(t, x) for t, x in UNRELATED]
    korea = _report("North Korean troops in Russia", KOREA_EN)
    coree = _report("Des soldats nord-coréens en Russie", KOREA_FR, "fr")
    return korea, coree, unrelated


def test_full_text_stage_finds_entries_sharing_any_term(reports):
    korea, coree, _ = reports
    found = index._first_stage(["cc_kp"], "report", 10, "default")
    ids = set(SearchEntry.objects.filter(pk__in=found).values_list("report_id", flat=True))
    assert ids == {korea.pk, coree.pk}
    assert index._first_stage(["nothing_like_this"], "report", 10, "default") == {}


def test_french_claim_finds_the_english_report_first(reports):
    korea, coree, _ = reports
    coree.delete()  # leave only the English report about the event
    ranked = index.search_reports(build_query(KOREA_FR, "fr"), k=3)
    assert ranked[0].id == korea.pk


def test_english_claim_finds_the_french_report_first(db):
    for title, text in UNRELATED:
        _report(title, text)
    coree = _report("Des soldats nord-coréens en Russie", KOREA_FR, "fr")
    ranked = index.search_reports(build_query(KOREA_EN, "en"), k=3)
    assert ranked[0].id == coree.pk


def test_indexing_twice_leaves_one_entry_and_the_same_counts(reports):
    korea = reports[0]
    before = dict(SearchTerm.objects.values_list("term", "df"))
    index.index_report(korea)
    index.index_reports([korea])
    assert SearchEntry.objects.filter(report=korea).count() == 1
    assert dict(SearchTerm.objects.values_list("term", "df")) == before


def test_reindexing_changed_text_replaces_the_terms(reports):
    korea = reports[0]
    korea.text = "Penguins of Antarctica"
    korea.save()
    index.index_report(korea)
    assert index.search_reports(build_query("penguins", "en"))[0].id == korea.pk
    assert SearchTerm.objects.get(kind="report", term="penguin").df == 1


def _claim(text, reviewer=None):
    claim = ClaimFactory(article=ArticleFactory(text=text, language="en"), content=text)
    if reviewer:
        Verdict.objects.create(
            claim=claim,
            rating=Rating.objects.first(),
            attribution_check="confirmed",
            rationale="checked",
            reviewer=reviewer,
        )
    index.index_claim(claim)
    return claim


def test_only_claims_with_a_verdict_are_searchable(reviewer):
    checked = _claim("Ten thousand North Korean troops were sent to Russia", reviewer)
    _claim("North Korean troops were sent to Russia, ten thousand of them")
    ranked = index.search_claims(build_query(KOREA_EN, "en"))
    assert [r.id for r in ranked] == [checked.pk]


def test_exclude_claim_id_leaves_the_claim_itself_out(reviewer):
    first = _claim("Ten thousand North Korean troops were sent to Russia", reviewer)
    second = _claim("North Korea sent troops to Russia", reviewer)
    query = index.query_for_claim(first)
    assert index.search_claims(query)[0].id == first.pk
    assert [r.id for r in index.search_claims(query, exclude_claim_id=first.pk)] == [second.pk]


# --- match_claims ----------------------------------------------------------------------


def test_match_claims_ranks_reports_and_reports_bad_lines(db, django_db_blocker, tmp_path, capsys):
    reports = tmp_path / "reports.jsonl"
    lines = [
        {"id": f"u{i}", "title": t, "text": x, "lang": "en"} for i, (t, x) in enumerate(UNRELATED)
    ]
    lines.append(
        {"id": "k", "title": "North Korean troops in Russia", "text": KOREA_EN, "lang": "en"}
    )
    reports.write_text(
        "\n".join([*map(json.dumps, lines), "{not json", json.dumps({"id": "x", "lang": "de"})]),
        encoding="utf-8",
    )
    claims = tmp_path / "claims.jsonl"
    claims.write_text(
        json.dumps({"id": "c1", "text": KOREA_FR, "lang": "fr"})
        + "\n{broken\n"
        + json.dumps({"id": "c3", "text": "", "lang": "en"})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    with django_db_blocker.unblock():  # the command opens its own scratch database
        call_command("match_claims", reports=reports, claims=claims, k=3, out=str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["id"] == "c1" and rows[0]["matches"][0]["report"] == "k"
    assert len(rows[0]["matches"]) == 3
    assert "error" in rows[1] and rows[2]["error"] == "no text"
    assert capsys.readouterr().err.count("skipped") == 2
    assert not Report.objects.exists()  # the configured database is left alone
