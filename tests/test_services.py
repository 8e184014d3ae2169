import pytest
from django.core.exceptions import ValidationError

from claims import claim_store, ingest, services
from claims.models import Article, Claim, Claimant, Job, Verdict
from tests import factories


@pytest.fixture
def seed_article(db, seed_text):
    article, created = services.article_create(
        text_in=ingest.text_from_plain(seed_text, language="fr"), enqueue=False
    )
    assert created
    services.article_extract_claims(article_id=article.pk, job_id=article.jobs.get().pk)
    return article


@pytest.mark.django_db
def test_article_create_returns_existing_article_for_same_text(seed_text):
    first, created = services.article_create(
        text_in=ingest.text_from_plain(seed_text), enqueue=False
    )
    again, created_again = services.article_create(
        text_in=ingest.text_from_plain(seed_text + "\n\n"), enqueue=False
    )
    assert created and not created_again and again.pk == first.pk
    assert Article.objects.count() == 1 and Job.objects.count() == 1


def test_extraction_stores_claims_and_finishes_the_job(seed_article):
    job = seed_article.jobs.get()
    assert job.state == Job.State.SUCCEEDED and job.progress == 100
    seed_article.refresh_from_db()
    assert seed_article.status == Article.Status.EXTRACTED
    washington = seed_article.claims.get(source_text="Washington")
    assert washington.kind == Claim.Kind.ACCORDING_TO
    assert washington.claimant.name == "United States (government)"
    assert washington.quantities[0]["value"] == 10000
    assert "quantity" in washington.checkworthiness_reasons
    text = seed_article.text
    for claim in seed_article.claims.all():
        assert text[claim.content_start : claim.content_end] == claim.content


def test_extraction_rerun_leaves_the_same_rows(seed_article):
    before = list(seed_article.claims.values_list("pk", "index", "content"))
    services.article_extract_claims(article_id=seed_article.pk)
    after = list(seed_article.claims.values_list("pk", "index", "content"))
    assert before == after


def test_kiev_and_kyiv_share_one_claimant_and_are_marked_duplicates(seed_article):
    kyiv = seed_article.claims.get(source_text="Kyiv")
    assert kyiv.duplicate_of.source_text == "Kiev"
    assert Claimant.objects.filter(name="Ukraine (government)").count() == 1


def test_reviewed_claims_survive_re_extraction(seed_article, reviewer):
    claim = seed_article.claims.get(source_text="Washington")
    services.verdict_record(
        claim=claim,
        rating=factories.rating("mostly-true"),
        attribution_check="confirmed",
        rationale="State Dept briefing.",
        user=reviewer,
    )
    services.article_extract_claims(article_id=seed_article.pk)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERDICT_GIVEN
    assert claim.verdicts.count() == 1


@pytest.mark.django_db
def test_verdicts_are_appended_never_overwritten(reviewer, editor):
    claim = factories.ClaimFactory()
    first = services.verdict_record(
        claim=claim,
        rating=factories.rating("false"),
        attribution_check="confirmed",
        rationale="one",
        user=reviewer,
    )
    second = services.verdict_record(
        claim=claim,
        rating=factories.rating("true"),
        attribution_check="misattributed",
        rationale="two",
        user=editor,
    )
    assert Verdict.objects.filter(claim=claim).count() == 2
    first.refresh_from_db()
    assert first.rating.slug == "false" and first.rationale == "one"
    claim.refresh_from_db()
    assert claim.current_verdict == second
    assert claim.status == Claim.Status.VERDICT_GIVEN


@pytest.mark.django_db
def test_verdict_requires_rationale_and_known_check(reviewer):
    claim = factories.ClaimFactory()
    with pytest.raises(ValidationError):
        services.verdict_record(
            claim=claim,
            rating=factories.rating(),
            attribution_check="confirmed",
            rationale="  ",
            user=reviewer,
        )
    with pytest.raises(ValidationError):
        services.verdict_record(
            claim=claim,
            rating=factories.rating(),
            attribution_check="maybe",
            rationale="x",
            user=reviewer,
        )
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_evidence_rejects_non_http_urls_and_duplicates(reviewer):
    claim = factories.ClaimFactory()
    with pytest.raises(ValidationError):
        services.evidence_add(
            claim=claim, url="javascript:alert(1)", stance="supports", user=reviewer
        )
    services.evidence_add(
        claim=claim, url="https://example.org/a", stance="supports", user=reviewer
    )
    with pytest.raises(ValidationError):
        services.evidence_add(
            claim=claim, url="https://example.org/a", stance="refutes", user=reviewer
        )
    assert claim.evidence.count() == 1


@pytest.mark.django_db
def test_claimant_alias_cannot_name_two_claimants():
    ukraine = services.claimant_resolve(name="Ukraine (government)")
    russia = services.claimant_resolve(name="Russia (government)")
    services.claimant_add_alias(claimant=ukraine, alias="Kyiv")
    with pytest.raises(ValidationError):
        services.claimant_add_alias(claimant=russia, alias="KYIV")


@pytest.mark.django_db
def test_extraction_failure_is_recorded_in_words(monkeypatch):
    article, _ = services.article_create(
        text_in=ingest.text_from_plain("The minister said that the bridge would reopen soon."),
        enqueue=False,
    )

    def broken(text, lang, **options):
        raise MemoryError("model ran out of memory")

    monkeypatch.setattr(claim_store, "extract_article", broken)
    with pytest.raises(MemoryError):
        services.article_extract_claims(article_id=article.pk, job_id=article.jobs.get().pk)
    job = article.jobs.get()
    article.refresh_from_db()
    assert job.state == Job.State.FAILED and job.finished_at is not None
    assert job.error == "Extraction failed: MemoryError: model ran out of memory"
    assert article.status == Article.Status.FAILED and not article.claims.exists()


@pytest.mark.django_db
def test_the_same_statement_in_two_outlets_forms_one_cluster():
    def extracted(text):
        article, _ = services.article_create(
            text_in=ingest.text_from_plain(text, language="fr"), enqueue=False
        )
        services.article_extract_claims(article_id=article.pk, job_id=article.jobs.get().pk)
        return article

    first = extracted(
        "Selon Washington, plus de 10 000 soldats nord-coréens ont été envoyés en Russie.\n\n"
        "Le ministre a déclaré que les écoles resteraient ouvertes."
    )
    second = extracted(
        "Plus de 10 000 soldats nord-coréens ont été envoyés en Russie, selon Washington.\n\n"
        "La météo sera clémente ce week-end, a annoncé Météo-France."
    )
    here = first.claims.get(claimant__name="United States (government)")
    there = second.claims.get(claimant__name="United States (government)")
    assert here.cluster_id is not None and here.cluster_id == there.cluster_id
    assert Claim.objects.filter(cluster__isnull=False).count() == 2


@pytest.mark.django_db
def test_a_paragraph_that_cannot_be_read_is_skipped_and_the_others_are_kept(monkeypatch):
    from claims.extraction import pipeline

    text = (
        "The minister said that the bridge would reopen on Monday.\n\n"
        "The mayor said that the budget had doubled since the flood.\n\n"
        "Officials said that three schools would stay closed until June."
    )
    article, _ = services.article_create(
        text_in=ingest.text_from_plain(text, language="en"), enqueue=False
    )
    real = pipeline.paragraph_claims

    def fails_on_the_budget(text, view, doc, offset, lang):
        if "budget" in doc.text:
            raise RuntimeError("injected fault")
        return real(text, view, doc, offset, lang)

    monkeypatch.setattr(pipeline, "paragraph_claims", fails_on_the_budget)
    stored = services.article_extract_claims(article_id=article.pk, job_id=article.jobs.get().pk)
    job = article.jobs.get()
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTED
    assert job.state == Job.State.SUCCEEDED
    assert job.message == f"{stored} claims extracted — 1 paragraph could not be read"
    contents = list(article.claims.values_list("content", flat=True))
    assert "the bridge would reopen on Monday" in contents
    assert "three schools would stay closed until June" in contents
    assert not any("budget" in c for c in contents)


def test_claims_are_saved_in_batches_with_the_same_rows_and_links(
    seed_article, reviewer, monkeypatch
):
    def rows():
        return sorted(
            seed_article.claims.values_list(
                "index", "content", "kind", "claimant__name", "duplicate_of__index", "status"
            )
        )

    whole = rows()
    washington = seed_article.claims.get(source_text="Washington")
    services.verdict_record(
        claim=washington,
        rating=factories.rating("mostly-true"),
        attribution_check="confirmed",
        rationale="State Dept briefing.",
        user=reviewer,
    )
    reviewed = seed_article.claims.get(pk=washington.pk)
    Claim.objects.filter(pk=washington.pk).update(content="edited by hand")
    seed_article.claims.exclude(pk=washington.pk).update(content="stale", duplicate_of=None)
    batches = []
    real = claim_store._extracted_batch_store

    def spy(article, start, batch, claimants, pks):
        batches.append(len(batch))
        return real(article, start, batch, claimants, pks)

    monkeypatch.setattr(claim_store, "EXTRACTION_SAVE_BATCH", 3)
    monkeypatch.setattr(claim_store, "_extracted_batch_store", spy)
    services.article_extract_claims(article_id=seed_article.pk)
    assert batches and max(batches) == 3 and sum(batches) == len(whole)
    after = {r[0]: r for r in rows()}
    for row in whole:
        if row[0] != reviewed.index:
            assert after[row[0]][:5] == row[:5]
    # The claim a reviewer worked on is never rewritten.
    assert after[reviewed.index][1] == "edited by hand"
    assert after[reviewed.index][5] == Claim.Status.VERDICT_GIVEN
    assert seed_article.claims.get(source_text="Kyiv").duplicate_of.source_text == "Kiev"
