"""Every write the workbench makes. Views, admin actions, tasks and commands call these."""

import logging
import time
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from . import ingest
from .claimreview.store import claim_match_factchecks as claim_match_factchecks
from .claimreview.store import factchecks_import as factchecks_import
from .claimreview.store import factchecks_import_file as factchecks_import_file
from .claimreview.store import factchecks_import_text as factchecks_import_text
from .claimreview.store import factchecks_import_url as factchecks_import_url
from .claimreview.store import open_claims_match_factchecks as open_claims_match_factchecks
from .corroboration import index as search_index

# Corroboration's writes live beside their reads; this module stays the one entry point.
from .corroboration.reports import PollResult as PollResult
from .corroboration.reports import feed_poll as feed_poll
from .corroboration.reports import feed_test as feed_test
from .corroboration.reports import feeds_due as feeds_due
from .corroboration.reports import report_store as report_store
from .corroboration.reports import source_search as source_search
from .corroboration.suggest import CorroborationResult as CorroborationResult
from .corroboration.suggest import claim_corroborate as claim_corroborate
from .corroboration.suggest import claim_corroboration_enqueue as claim_corroboration_enqueue
from .corroboration.suggest import claims_corroborate_new as claims_corroborate_new
from .extraction import text
from .extraction.claimant_kind import claimant_alias, claimant_kind
from .extraction.dedupe import proposition_tokens, similar
from .extraction.records import ExtractedClaim, Extraction
from .extraction.sentence_bounds import sentence_bounds
from .jobs import (
    EXTRACTING,
    WAITING,
    Parts,
    job_dispatch,
    job_fail,
    job_progress,
    job_start,
    job_succeed,
)
from .jobs import jobs_reap_stale as jobs_reap_stale
from .jobs import jobs_resend_unsent as jobs_resend_unsent
from .models import (
    Article,
    Claim,
    Claimant,
    ClaimantAlias,
    ClaimEvent,
    Cluster,
    Comment,
    Evidence,
    Job,
    Rating,
    Source,
    Verdict,
)

logger = logging.getLogger(__name__)


def extract_article(text: str, lang: str, **options) -> "Extraction":
    """The extractor, imported on first use: it loads spaCy, which the web and admin
    processes (which never parse) do without."""
    from .extraction import pipeline

    return pipeline.extract_article(text, lang, **options)


# Free text a reviewer types: a claim page shows all of it, so each piece is bounded.
COMMENT_MAX_CHARS = 10_000
EVIDENCE_NOTE_MAX_CHARS = 10_000
RATIONALE_MAX_CHARS = 10_000


def article_validate(*, text_in: ingest.IngestedText) -> None:
    limit = settings.ARTICLE_MAX_TEXT_CHARS
    if len(text_in.text) > limit:
        raise ValidationError(
            _("The article is too long (%(length)s characters; the limit is %(limit)s).")
            % {"length": intcomma(len(text_in.text)), "limit": intcomma(limit)}
        )


def article_create(
    *,
    text_in: ingest.IngestedText,
    url: str = "",
    source: Source | None = None,
    user: AbstractBaseUser | None = None,
    enqueue: bool = True,
    published_at: datetime | None = None,
) -> tuple[Article, bool]:
    """Save an article and queue its extraction; an identical text returns the existing one."""
    article_validate(text_in=text_in)
    digest = ingest.content_hash(text_in.text)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing:
        if enqueue:
            # Submitted again while its job waits for the broker: try sending it now.
            for job in existing.jobs.filter(state=Job.State.UNSENT):
                job_dispatch(job)
        return existing, False
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=text_in.title[:500],
                url=url,
                source=source,
                published_at=published_at,
                language=text_in.language,
                text=text_in.text,
                content_hash=digest,
                created_by=user if user and user.is_authenticated else None,
            )
            job = Job.objects.create(
                kind=Job.Kind.EXTRACT,
                article=article,
                created_by=article.created_by,
                message=WAITING,
            )
            if enqueue:
                transaction.on_commit(lambda: job_dispatch(job))
    except IntegrityError:
        # Another request saved the same text between our lookup and insert.
        return Article.objects.get(content_hash=digest), False
    return article, True


ARTICLE_EDITABLE_FIELDS = ("title", "url", "source", "published_at")


def article_update(*, article: Article, user: AbstractBaseUser, fields: list[str]) -> Article:
    """Change an article's description. Its text and language never change once saved:
    claims point into the text by offset, and verdicts were given on those claims."""
    _require(user, "change_article")
    refused = set(fields) - set(ARTICLE_EDITABLE_FIELDS)
    if refused:
        raise ValidationError(
            _("An article's %(fields)s cannot be changed once it is in the workbench.")
            % {"fields": ", ".join(sorted(refused))}
        )
    if fields:
        article.save(update_fields=fields)
    return article


RATING_FIXED_FIELDS = (
    "slug",
    "label_en",
    "label_fr",
    "rating_value",
    "best_rating",
    "worst_rating",
)


def rating_save(*, rating: Rating, user: AbstractBaseUser) -> Rating:
    """Add or change a step of the verdict scale. A rating a verdict uses keeps what the
    verdict showed: only its order, description and whether it is offered may change."""
    _require(user, "change_rating" if rating.pk else "add_rating")
    with transaction.atomic():
        if rating.pk:
            stored = Rating.objects.select_for_update().get(pk=rating.pk)
            changed = [f for f in RATING_FIXED_FIELDS if getattr(stored, f) != getattr(rating, f)]
            if changed and stored.verdicts.exists():
                raise ValidationError(
                    _(
                        "Verdicts use “%(rating)s”: its label and values stay as they were. "
                        "Add a new rating and stop offering this one instead."
                    )
                    % {"rating": stored}
                )
        rating.full_clean()
        rating.save()
    return rating


def claimant_resolve(*, name: str, kind: str | None = None, alias: str | None = None) -> Claimant:
    """The claimant a normalised name refers to, created with that name as its first alias
    and `kind` (else "other"). `alias`, another way the text named it ("Kyiv"), is added
    when no claimant has it yet; an editor's kind and aliases are never changed."""
    key = text.fold(name).strip()
    found = ClaimantAlias.objects.select_related("claimant").filter(normalized=key).first()
    if found:
        claimant = found.claimant
    else:
        defaults = {"kind": kind} if kind in Claimant.Kind.values else {}
        claimant, _created = Claimant.objects.get_or_create(name=name[:300], defaults=defaults)
        ClaimantAlias.objects.get_or_create(
            normalized=key, defaults={"claimant": claimant, "alias": name[:300]}
        )
    other = text.fold(alias or "").strip()[:300]
    if other and other != key:
        ClaimantAlias.objects.get_or_create(
            normalized=other, defaults={"claimant": claimant, "alias": alias[:300]}
        )
    return claimant


def claimant_add_alias(*, claimant: Claimant, alias: str) -> ClaimantAlias:
    key = text.fold(alias).strip()
    if not key:
        raise ValidationError(_("An alias cannot be empty."))
    other = ClaimantAlias.objects.filter(normalized=key).exclude(claimant=claimant).first()
    if other:
        raise ValidationError(
            _("“%(alias)s” already names %(claimant)s.")
            % {"alias": alias, "claimant": other.claimant}
        )
    obj, _created = ClaimantAlias.objects.get_or_create(
        normalized=key, defaults={"claimant": claimant, "alias": alias}
    )
    return obj


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
        _statuses_changed()
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


class EditConflict(Exception):
    """The claim changed since the form was loaded; `events` are the changes made since."""

    def __init__(self, claim: Claim, events: list[ClaimEvent]):
        self.claim = claim
        self.events = events
        who = ", ".join(
            sorted({e.actor.get_username() for e in events if e.actor is not None})
        ) or _("someone")
        super().__init__(
            _(
                "This claim was changed by %(who)s while you were editing it. "
                "Review their change below, then apply yours again."
            )
            % {"who": who}
        )


# Status a claim can move to from each status through claim_transition. "verdict_given"
# is reached by recording a verdict; publishing needs the publish permission.
TRANSITIONS = {
    Claim.Status.NEW: {Claim.Status.IN_REVIEW, Claim.Status.DISMISSED},
    Claim.Status.IN_REVIEW: {Claim.Status.NEW, Claim.Status.DISMISSED},
    Claim.Status.VERDICT_GIVEN: {
        Claim.Status.IN_REVIEW,
        Claim.Status.PUBLISHED,
        Claim.Status.DISMISSED,
    },
    Claim.Status.PUBLISHED: {Claim.Status.VERDICT_GIVEN},
    Claim.Status.DISMISSED: {Claim.Status.NEW},
}


def transition_permissions(before: str, to: str) -> tuple[str, ...]:
    """What moving a claim from `before` to `to` needs: only an editor moves a claim into
    or out of "published"."""
    if Claim.Status.PUBLISHED in (before, to):
        return ("change_claim", "publish_claim")
    return ("change_claim",)


def claim_transitions_for(*, claim: Claim, user: AbstractBaseUser) -> list[str]:
    """The statuses this user may move the claim to now: the buttons the claim page shows,
    by the rule claim_transition enforces."""
    before = Claim.Status(claim.status)
    return sorted(
        to.value
        for to in TRANSITIONS[before]
        if all(user.has_perm(f"claims.{p}") for p in transition_permissions(before, to))
    )


def _require(user: AbstractBaseUser | None, permission: str) -> None:
    if user is None or not user.has_perm(f"claims.{permission}"):
        raise PermissionDenied(f"You are not allowed to do this ({permission}).")


def _lock(claim: Claim, expected_version: int | None) -> Claim:
    """The claim row locked for update, or EditConflict when it moved on."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and locked.version != expected_version:
        since = list(
            ClaimEvent.objects.filter(claim=locked, changes__version__0__gte=expected_version)
            .select_related("actor")
            .order_by("created_at", "id")
        )
        raise EditConflict(locked, since)
    return locked


STATUS_COUNTS_KEY = "claims:status-counts"


def claim_status_counts() -> dict[str, int]:
    """Claims per status, for the queue's header. Counting means reading every claim, so
    the result is cached until a status changes (or a minute at most: admin deletions)."""
    counts = _cache_safely(cache.get, STATUS_COUNTS_KEY)
    if counts is None:
        counts = dict(Claim.objects.values_list("status").annotate(n=Count("id")).order_by())
        _cache_safely(cache.set, STATUS_COUNTS_KEY, counts, timeout=60)
    return counts


def _statuses_changed() -> None:
    transaction.on_commit(lambda: _cache_safely(cache.delete, STATUS_COUNTS_KEY))


def _cache_safely(operation, *args, **kwargs):
    """The cache only saves work: when it cannot be reached, the caller reads the database
    (a stale count expires within its timeout once the cache is back)."""
    try:
        return operation(*args, **kwargs)
    except Exception as exc:  # the cache backend's own connection errors
        logger.warning("cache unavailable, reading the database instead: %r", exc)
        return None


def _refuse_if_published(locked: Claim, refusal: str) -> None:
    """What is published changes only through an editor: unpublishing comes first."""
    if locked.status == Claim.Status.PUBLISHED:
        raise ValidationError(
            f"{refusal} "
            + _("An editor must unpublish it first; what is published stays as it is until then.")
        )


def _plain(value: object) -> object:
    """A value as the audit trail stores it (JSON): related rows by their name."""
    return str(value) if isinstance(value, Claimant) else value


def _record(claim: Claim, user, action: str, changes: dict, *, bump: bool = True, **fields) -> None:
    """Apply `fields` to the locked claim, log the change, and bump the claim's version.

    The version guards the attribution, status and assignment a reviewer edits in forms;
    adding evidence does not bump it, so it never turns another reviewer's form stale.
    """
    if bump:
        changes = {**changes, "version": [claim.version, claim.version + 1]}
        fields = {**fields, "version": claim.version + 1}
    Claim.objects.filter(pk=claim.pk).update(updated_at=timezone.now(), **fields)
    if "status" in fields:
        _statuses_changed()
    ClaimEvent.objects.create(
        claim=claim,
        actor=user if user is not None and user.is_authenticated else None,
        action=action,
        changes=changes,
    )
    for name, value in fields.items():
        setattr(claim, name, value)


def claim_transition(
    *,
    claim: Claim,
    to: str,
    user: AbstractBaseUser,
    reason: str = "",
    expected_version: int | None = None,
) -> Claim:
    to = Claim.Status(to)
    _require(user, "change_claim")
    if to == Claim.Status.DISMISSED and not reason.strip():
        raise ValidationError(_("Say why the claim is dismissed."))
    with transaction.atomic():
        locked = _lock(claim, expected_version)
        # Checked against the locked row: the status read before the lock may be stale,
        # and only an editor moves a claim into or out of "published".
        for permission in transition_permissions(locked.status, to):
            _require(user, permission)
        if to not in TRANSITIONS[Claim.Status(locked.status)]:
            raise ValidationError(
                _("A claim cannot go from “%(before)s” to “%(after)s”.")
                % {"before": locked.get_status_display(), "after": to.label}
            )
        changes = {"status": [locked.status, to.value]}
        fields = {"status": to.value}
        if to == Claim.Status.DISMISSED or locked.dismissed_reason:
            new_reason = reason.strip() if to == Claim.Status.DISMISSED else ""
            changes["dismissed_reason"] = [locked.dismissed_reason, new_reason]
            fields["dismissed_reason"] = new_reason
        _record(locked, user, ClaimEvent.Action.STATUS, changes, **fields)
    return locked


def claim_assign(
    *,
    claim: Claim,
    assignee: AbstractBaseUser | None,
    user: AbstractBaseUser,
    expected_version: int | None = None,
) -> Claim:
    """Assign a claim: reviewers take claims for themselves, editors assign anyone."""
    taking_it = assignee is not None and assignee.pk == user.pk
    _require(user, "change_claim" if taking_it else "reassign_claim")
    if assignee is not None and not assignee.has_perm("claims.add_verdict"):
        raise ValidationError(
            _("%(user)s cannot review claims.") % {"user": assignee.get_username()}
        )
    with transaction.atomic():
        locked = _lock(claim, expected_version)
        before = locked.assignee.get_username() if locked.assignee else None
        after = assignee.get_username() if assignee else None
        _record(
            locked,
            user,
            ClaimEvent.Action.ASSIGNED,
            {"assignee": [before, after]},
            assignee=assignee,
        )
        if locked.status == Claim.Status.NEW and assignee is not None:
            _record(
                locked,
                user,
                ClaimEvent.Action.STATUS,
                {"status": [locked.status, Claim.Status.IN_REVIEW.value]},
                status=Claim.Status.IN_REVIEW.value,
            )
    return locked


def claim_edit_attribution(
    *,
    claim: Claim,
    user: AbstractBaseUser,
    expected_version: int,
    content_start: int,
    content_end: int,
    source_start: int | None,
    source_end: int | None,
    claimant_name: str,
    kind: str,
    cue_start: int | None = None,
    cue_end: int | None = None,
) -> Claim:
    """Correct what the extractor got wrong: content, source and cue spans, claimant, kind.
    The claim's sentence follows the corrected spans."""
    _require(user, "change_claim")
    if kind not in Claim.Kind.values:
        raise ValidationError(_("Unknown kind %(kind)r.") % {"kind": kind})
    with transaction.atomic():
        locked = _lock(claim, expected_version)
        text = locked.article.text
        _refuse_if_published(locked, _("A published claim's attribution cannot be corrected."))
        fields = {
            **_edited_spans(
                text, (content_start, content_end), (source_start, source_end), (cue_start, cue_end)
            ),
            "claimant": claimant_resolve(name=claimant_name.strip())
            if claimant_name.strip()
            else None,
            "kind": kind,
        }
        changes = {}
        for name, after in fields.items():
            before = getattr(locked, name)
            if before != after and name != "sentence":
                changes[name] = [_plain(before), _plain(after)]
        if not any(name.endswith(("_start", "_end")) for name in changes):
            del fields["sentence"]  # the spans did not move: the extractor's sentence stays
        elif fields["sentence"] != locked.sentence:
            changes["sentence"] = [locked.sentence, fields["sentence"]]
        if not changes:
            return locked
        _record(locked, user, ClaimEvent.Action.ATTRIBUTION, changes, **fields)
    return locked


Pair = tuple[int | None, int | None]
SENTENCE_MAX_CHARS = 5_000


def _edited_spans(text: str, content: tuple[int, int], source: Pair, cue: Pair) -> dict:
    """The claim fields of corrected spans: offsets, their text, and the sentence holding
    them all. Raises ValidationError for a span outside the article."""
    if not 0 <= content[0] < content[1] <= len(text):
        raise ValidationError(_("The content span must lie inside the article text."))
    fields = {"content_start": content[0], "content_end": content[1]}
    fields["content"] = text[content[0] : content[1]]
    spans = [content]
    for name, (start, end), limit, message in (
        ("source", source, 1000, _("The source span must lie inside the article text.")),
        ("cue", cue, 200, _("The cue span must lie inside the article text.")),
    ):
        given = start is not None and end is not None
        if given and not 0 <= start < end <= len(text):
            raise ValidationError(message)
        fields[f"{name}_start"], fields[f"{name}_end"] = (start, end) if given else (None, None)
        fields[f"{name}_text"] = text[start:end][:limit] if given else ""
        if given:
            spans.append((start, end))
    first, last = min(s for s, _e in spans), max(e for _s, e in spans)
    left, right = sentence_bounds(text, first, last)
    fields["sentence"] = text[left:right][:SENTENCE_MAX_CHARS]
    return fields


def evidence_add(
    *, claim: Claim, url: str, stance: str, note: str = "", user: AbstractBaseUser
) -> Evidence:
    _require(user, "add_evidence")
    if len(note) > EVIDENCE_NOTE_MAX_CHARS:
        raise ValidationError(
            _("An evidence note is limited to %(n)s characters.")
            % {"n": intcomma(EVIDENCE_NOTE_MAX_CHARS)}
        )
    URLValidator(schemes=["http", "https"])(url)
    if stance not in Evidence.Stance.values:
        raise ValidationError(_("Unknown stance %(stance)r.") % {"stance": stance})
    with transaction.atomic():
        locked = _lock(claim, None)
        if Evidence.objects.filter(claim=locked, url=url).exists():
            raise ValidationError(_("This URL is already linked to the claim."))
        evidence = Evidence.objects.create(
            claim=locked,
            url=url,
            stance=stance,
            note=note,
            origin=Evidence.Origin.REVIEWER,
            accepted=True,
            added_by=user,
        )
        _record(
            locked,
            user,
            ClaimEvent.Action.EVIDENCE,
            {"evidence": [None, {"url": url, "stance": stance, "note": note}]},
            bump=False,
        )
    return evidence


def evidence_review(*, evidence: Evidence, accept: bool, user: AbstractBaseUser) -> Evidence:
    """Accept or reject a worker's suggestion. Only accepted evidence counts for a verdict;
    a rejected suggestion stays listed (greyed) so it is not suggested again."""
    _require(user, "change_evidence")
    with transaction.atomic():
        locked = _lock(evidence.claim, None)
        current = Evidence.objects.select_for_update().get(pk=evidence.pk)
        if current.origin != Evidence.Origin.SUGGESTED:
            raise ValidationError(_("Only suggested evidence is accepted or rejected."))
        if current.accepted is not None:
            raise ValidationError(
                _("This suggestion was already accepted.")
                if current.accepted
                else _("This suggestion was already rejected.")
            )
        Evidence.objects.filter(pk=current.pk).update(accepted=accept)
        current.accepted = accept
        _record(
            locked,
            user,
            ClaimEvent.Action.EVIDENCE_REVIEWED,
            {current.url: [None, "accepted" if accept else "rejected"]},
            bump=False,
        )
    return current


def comment_add(*, claim: Claim, text: str, user: AbstractBaseUser) -> Comment:
    _require(user, "add_comment")
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("A comment cannot be empty."))
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationError(
            _("A comment is limited to %(n)s characters.") % {"n": intcomma(COMMENT_MAX_CHARS)}
        )
    return Comment.objects.create(claim=claim, author=user, text=text)


def _verdict_validate(*, rating: Rating, attribution_check: str, rationale: str) -> None:
    if not rationale.strip():
        raise ValidationError(_("A verdict needs a rationale."))
    if len(rationale.strip()) > RATIONALE_MAX_CHARS:
        raise ValidationError(
            _("A rationale is limited to %(n)s characters.") % {"n": intcomma(RATIONALE_MAX_CHARS)}
        )
    if attribution_check not in Verdict.AttributionCheck.values:
        raise ValidationError(
            _("Unknown attribution check %(check)r.") % {"check": attribution_check}
        )
    if not rating.active:
        raise ValidationError(_("This rating is no longer in use."))


def verdict_record(
    *,
    claim: Claim,
    rating: Rating,
    attribution_check: str,
    rationale: str,
    user: AbstractBaseUser,
    expected_last_verdict: int | None = None,
) -> Verdict:
    """Append a verdict; earlier verdicts stay as they were.

    `expected_last_verdict` is the id of the current verdict when the form was loaded (0
    for none): if someone recorded another verdict since, the reviewer sees it first.
    """
    _require(user, "add_verdict")
    _verdict_validate(rating=rating, attribution_check=attribution_check, rationale=rationale)
    with transaction.atomic():
        locked = _lock(claim, None)
        latest = locked.verdicts.order_by("-created_at", "-id").values_list("pk", flat=True)
        latest_id = latest.first() or 0
        if expected_last_verdict is not None and latest_id != expected_last_verdict:
            since = ClaimEvent.objects.filter(
                claim=locked, action=ClaimEvent.Action.VERDICT
            ).select_related("actor")
            raise EditConflict(locked, list(since.order_by("-created_at", "-id")[:1]))
        if locked.status == Claim.Status.DISMISSED:
            raise ValidationError(_("A dismissed claim cannot receive a verdict."))
        _refuse_if_published(locked, _("A published claim cannot receive a new verdict."))
        if (
            settings.VERDICT_REQUIRES_EVIDENCE
            and not locked.evidence.filter(accepted=True).exists()
        ):
            raise ValidationError(_("Attach at least one piece of evidence before the verdict."))
        verdict = Verdict.objects.create(
            claim=locked,
            rating=rating,
            attribution_check=attribution_check,
            rationale=rationale.strip(),
            reviewer=user,
        )
        status = Claim.Status.VERDICT_GIVEN.value
        recorded = {"rating": rating.slug, "attribution_check": attribution_check}
        changes = {"verdict": [None, {**recorded, "rationale": verdict.rationale}]}
        if status != locked.status:
            changes["status"] = [locked.status, status]
        _record(locked, user, ClaimEvent.Action.VERDICT, changes, status=status)
        if not latest_id:
            # A checked claim: later claims saying the same are matched against it.
            search_index.index_claim(locked)
    return verdict


def claims_bulk_apply(
    *, claims: list[Claim], action: str, user: AbstractBaseUser, reason: str = ""
) -> int:
    """Assign to oneself or dismiss several claims at once: all of them, or none.

    A claim that cannot take the action stops the whole batch with a message naming it.
    """
    if action not in {"take", "dismiss"}:
        raise ValidationError(_("Unknown bulk action %(action)r.") % {"action": action})
    with transaction.atomic():
        for claim in claims:
            try:
                if action == "take":
                    claim_assign(claim=claim, assignee=user, user=user)
                else:
                    claim_transition(
                        claim=claim, to=Claim.Status.DISMISSED, reason=reason, user=user
                    )
            except (ValidationError, PermissionDenied) as exc:
                reason_text = (
                    " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                )
                raise ValidationError(
                    _("Claim #%(pk)s: %(reason)s Nothing was changed.")
                    % {"pk": claim.pk, "reason": reason_text}
                ) from exc
    return len(claims)
