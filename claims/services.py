"""Every write the workbench makes. Views, admin actions, tasks and commands call these."""

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import ingest
from .catalog import RATING_FIXED_FIELDS as RATING_FIXED_FIELDS
from .catalog import claimant_add_alias as claimant_add_alias
from .catalog import claimant_resolve as claimant_resolve
from .catalog import rating_save as rating_save
from .claim_store import EXTRACTION_SAVE_BATCH as EXTRACTION_SAVE_BATCH
from .claim_store import article_extract_claims as article_extract_claims
from .claim_store import claims_cluster as claims_cluster
from .claim_store import extract_article as extract_article
from .claimreview.store import claim_match_factchecks as claim_match_factchecks
from .claimreview.store import factchecks_import as factchecks_import
from .claimreview.store import factchecks_import_file as factchecks_import_file
from .claimreview.store import factchecks_import_text as factchecks_import_text
from .claimreview.store import factchecks_import_url as factchecks_import_url
from .claimreview.store import open_claims_match_factchecks as open_claims_match_factchecks

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
from .jobs import (
    WAITING,
    job_dispatch,
)
from .jobs import jobs_reap_stale as jobs_reap_stale
from .jobs import jobs_resend_unsent as jobs_resend_unsent
from .models import (
    Article,
    Job,
    Source,
)
from .permissions import require_permission as require_permission
from .review import TRANSITIONS as TRANSITIONS
from .review import EditConflict as EditConflict
from .review import claim_assign as claim_assign
from .review import claim_edit_attribution as claim_edit_attribution
from .review import claim_status_counts as claim_status_counts
from .review import claim_transition as claim_transition
from .review import claim_transitions_for as claim_transitions_for
from .review import claims_bulk_apply as claims_bulk_apply
from .review import transition_permissions as transition_permissions
from .verdicts import COMMENT_MAX_CHARS as COMMENT_MAX_CHARS
from .verdicts import EVIDENCE_NOTE_MAX_CHARS as EVIDENCE_NOTE_MAX_CHARS
from .verdicts import RATIONALE_MAX_CHARS as RATIONALE_MAX_CHARS
from .verdicts import comment_add as comment_add
from .verdicts import evidence_add as evidence_add
from .verdicts import evidence_review as evidence_review
from .verdicts import verdict_record as verdict_record

logger = logging.getLogger(__name__)


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
    require_permission(user, "change_article")
    refused = set(fields) - set(ARTICLE_EDITABLE_FIELDS)
    if refused:
        raise ValidationError(
            _("An article's %(fields)s cannot be changed once it is in the workbench.")
            % {"fields": ", ".join(sorted(refused))}
        )
    if fields:
        article.save(update_fields=fields)
    return article
