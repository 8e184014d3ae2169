"""Extraction output saved as claims: batches that leave reviewers' work alone, then the
clusters that join the same statement carried by several outlets. Re-exported by
`claims.services`."""

import logging
import time
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection, transaction
from django.utils import timezone

from .catalog import claimant_resolve
from .extraction.claimant_kind import claimant_alias, claimant_kind
from .extraction.dedupe import proposition_tokens, similar
from .extraction.records import ExtractedClaim, Extraction
from .jobs import (
    EXTRACTING,
    Parts,
    job_fail,
    job_progress,
    job_start,
    job_succeed,
)
from .models import (
    Article,
    Claim,
    Claimant,
    Cluster,
)
from .review import statuses_changed

logger = logging.getLogger(__name__)


def extract_article(text: str, lang: str, **options) -> "Extraction":
    """The extractor, imported on first use: it loads spaCy, which the web and admin
    processes (which never parse) do without."""
    from .extraction import pipeline

    return pipeline.extract_article(text, lang, **options)


# Claims saved per transaction: a 15,000-claim article must not hold SQLite's write lock
# for the whole save while reviewers wait to record their work.
EXTRACTION_SAVE_BATCH = 500
# Between two batches on SQLite the lock is left free this long: a writer waiting for it
# retries every 100 ms at most, and would otherwise miss the moment between two commits.
SQLITE_LOCK_GAP = 0.12


def article_extract_claims(*, article_id: int, job_id: int | None = None) -> int:
    """Run extraction on an article and store its claims; re-running leaves the same rows.

    Claims a reviewer has already touched (not status "new") are never rewritten. A
    paragraph the extractor cannot read is skipped; the job's message says how many.
    """
    article = Article.objects.get(pk=article_id)
    job_start(job_id, EXTRACTING)
    Article.objects.filter(pk=article_id).update(status=Article.Status.EXTRACTING, error="")
    try:
        # The task's soft time limit must stop the run, not count as an unread paragraph.
        result = extract_article(article.text, article.language, fatal=(SoftTimeLimitExceeded,))
    except Exception as exc:
        logger.exception("extraction failed for article %s", article_id)
        error = f"{exc.__class__.__name__}: {exc}"[:1900]
        Article.objects.filter(pk=article_id).update(
            status=Article.Status.FAILED, error=f"Extraction failed: {error}"
        )
        job_fail(job_id, [("extraction_failed", {"error": error})])
        raise
    extracted = result.claims
    job_progress(job_id, 70, [("saving", {"count": len(extracted)})])
    _extracted_claims_store(article, extracted)
    with transaction.atomic():
        claims_cluster(article=article)
        Article.objects.filter(pk=article_id).update(status=Article.Status.EXTRACTED, error="")
        statuses_changed()
        job_succeed(job_id, _extraction_summary(len(extracted), result.failed_paragraphs))
    return len(extracted)


def _extraction_summary(claims: int, unread: int) -> Parts:
    """The job's final message, language-neutral: translated when a reader sees it."""
    summary: Parts = [("extracted", {"count": claims})]
    if unread:
        summary.append(("unread", {"count": unread}))
    return summary


def _extracted_claims_store(article: Article, extracted: list[ExtractedClaim]) -> None:
    """Save extraction output in batches, each its own transaction, in index order (a
    duplicate always points back to an earlier claim, so its row exists by then)."""
    with transaction.atomic():
        article.claims.filter(status=Claim.Status.NEW, index__gte=len(extracted)).delete()
    claimants: dict[str, Claimant] = {}
    pks: dict[int, int] = {}
    for start in range(0, len(extracted), EXTRACTION_SAVE_BATCH):
        if start and connection.vendor == "sqlite":
            time.sleep(SQLITE_LOCK_GAP)
        batch = extracted[start : start + EXTRACTION_SAVE_BATCH]
        with transaction.atomic():
            _extracted_batch_store(article, start, batch, claimants, pks)


def _extracted_claimant(item: ExtractedClaim) -> Claimant:
    """The claimant an extracted claim names, with its kind and the source as an alias."""
    source = item.source.text if item.source else ""
    kind = claimant_kind(
        item.claimant,
        source,
        person=item.source_is_person,
        entity_label=getattr(item, "source_label", None),
    )
    return claimant_resolve(
        name=item.claimant, kind=kind, alias=claimant_alias(item.claimant, source)
    )


def _extracted_batch_store(
    article: Article,
    start: int,
    batch: list[ExtractedClaim],
    claimants: dict[str, Claimant],
    pks: dict[int, int],
) -> None:
    """Claims `start`… of the article: new rows created, untouched ("new") rows updated
    where they differ, rows a reviewer touched left alone; then their duplicate links.

    Rows are updated one by one: bulk_update's CASE expressions took 20 times longer
    (2 s for 500 rows on SQLite), most rows of a re-run are unchanged, and the batch is
    one transaction either way."""
    stop = start + len(batch)
    mine = article.claims.filter(index__gte=start, index__lt=stop)
    existing = {c.index: c for c in mine.select_for_update()}
    for item in batch:
        if item.claimant and item.claimant not in claimants:
            claimants[item.claimant] = _extracted_claimant(item)
    fresh = [
        Claim(article=article, index=index, **_claim_fields(item, claimants, None))
        for index, item in enumerate(batch, start=start)
        if index not in existing
    ]
    Claim.objects.bulk_create(fresh)
    pks.update(mine.values_list("index", "pk"))
    now = timezone.now()
    for index, item in enumerate(batch, start=start):
        claim = existing.get(index)
        if claim is not None and claim.status != Claim.Status.NEW:
            continue  # a reviewer's claim is never rewritten
        duplicate = pks.get(item.duplicate_of) if item.duplicate_of is not None else None
        fields = _claim_fields(item, claimants, duplicate)
        if claim is None:
            fields = {"duplicate_of_id": duplicate} if duplicate else {}
        elif any(getattr(claim, name) != value for name, value in fields.items()):
            fields["updated_at"] = now
        else:
            fields = {}
        if fields:
            Claim.objects.filter(pk=pks[index]).update(**fields)


def _claim_fields(
    item: ExtractedClaim, claimants: dict[str, Claimant], duplicate_of: int | None
) -> dict:
    """A claim row's extracted fields, by attribute name, from the extractor's record."""
    claimant = claimants.get(item.claimant) if item.claimant else None
    return {
        "content_start": item.content.start,
        "content_end": item.content.end,
        "content": item.content.text,
        "sentence": item.sentence.text,
        "source_start": item.source.start if item.source else None,
        "source_end": item.source.end if item.source else None,
        "source_text": item.source.text[:1000] if item.source else "",
        "cue_start": item.cue.start if item.cue else None,
        "cue_end": item.cue.end if item.cue else None,
        "cue_text": item.cue.text[:200] if item.cue else "",
        "kind": item.kind,
        "claimant_id": claimant.pk if claimant else None,
        "quantities": [q.as_dict() for q in item.quantities],
        "entities": item.entities,
        "checkworthiness": item.checkworthiness,
        "checkworthiness_reasons": item.checkworthiness_reasons,
        "duplicate_of_id": duplicate_of,
    }


CLUSTER_WINDOW = timedelta(days=30)
CLUSTER_CANDIDATES = 2000


def claims_cluster(*, article: Article) -> int:
    """Put each attributed claim of `article` in a cluster with the near-identical claims
    (same claimant, same words up to spelling variants) other articles carried in the last
    30 days: the same statement as reported by several outlets. Returns the claims joined."""
    mine = list(
        article.claims.filter(claimant__isnull=False, duplicate_of__isnull=True).only(
            "pk", "claimant_id", "content", "cluster_id"
        )
    )
    if not mine:
        return 0
    since = timezone.now() - CLUSTER_WINDOW
    candidates = (
        Claim.objects.filter(
            claimant_id__in={c.claimant_id for c in mine},
            created_at__gte=since,
            duplicate_of__isnull=True,
        )
        .exclude(article=article)
        .only("pk", "claimant_id", "content", "cluster_id")
        .order_by("-created_at")[:CLUSTER_CANDIDATES]
    )
    by_claimant: dict[int, list[tuple[Claim, frozenset[str]]]] = {}
    for other in candidates:
        by_claimant.setdefault(other.claimant_id, []).append(
            (other, proposition_tokens(other.content))
        )
    joined = 0
    for claim in mine:
        tokens = proposition_tokens(claim.content)
        match = next(
            (o for o, t in by_claimant.get(claim.claimant_id, []) if similar(tokens, t)), None
        )
        if match is None:
            continue
        if match.cluster_id is None:
            cluster = Cluster.objects.create(label=match.content[:500])
            Claim.objects.filter(pk=match.pk).update(cluster=cluster)
            match.cluster_id = cluster.pk
        Claim.objects.filter(pk=claim.pk).update(cluster_id=match.cluster_id)
        joined += 1
    return joined
