from celery import shared_task
from django.db import OperationalError

from . import services
from .jobs import job_alive

# Slow work that talks to the network: one message at a time, re-run when a worker dies.
NETWORK_TASK = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 3,
}


@shared_task(**NETWORK_TASK)
def extract_article_claims(self, job_id: int) -> None:
    from .models import Job

    job = Job.objects.filter(pk=job_id).only("article_id", "state").first()
    if job is None or job.article_id is None:
        return  # the article was deleted before a worker got to it
    if job.state == Job.State.SUCCEEDED:
        return  # a message the broker gave back after the job was sent again and finished
    with job_alive(job_id):
        services.article_extract_claims(article_id=job.article_id, job_id=job_id)
        services.claims_corroborate_new(article_id=job.article_id)


@shared_task(**NETWORK_TASK)
def corroborate_claim(self, job_id: int) -> None:
    from .models import Job

    job = Job.objects.filter(pk=job_id).only("claim_id", "state").first()
    if job is None or job.claim_id is None or job.state == Job.State.SUCCEEDED:
        return  # deleted, or already done by a run a dead worker left behind
    with job_alive(job_id):
        services.claim_corroborate(claim_id=job.claim_id, job_id=job_id)


@shared_task(**NETWORK_TASK)
def poll_feed(self, feed_id: int) -> str:
    from .models import Feed

    if not Feed.objects.filter(pk=feed_id).exists():
        return "feed deleted"
    return services.feed_poll(feed_id=feed_id).summary()


@shared_task(**NETWORK_TASK)
def import_factchecks_url(self, url: str, user_id: int | None) -> str:
    """An editor's ClaimReview import from a web address (a feed may run to many pages),
    then the claims already in the queue matched against what it added."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    record = services.factchecks_import_url(url=url, user=user)
    matched = services.open_claims_match_factchecks() if record.created or record.updated else 0
    return f"{record.created} added, {record.updated} updated, {matched} matches"


@shared_task(acks_late=True, reject_on_worker_lost=True)
def match_open_claims_to_factchecks() -> int:
    """After an import in the admin: the claims already in the queue, matched against the
    earlier fact-checks (new matches only; re-running adds nothing)."""
    return services.open_claims_match_factchecks()


@shared_task
def poll_due_feeds() -> int:
    """Beat: queue a poll for every feed whose source's interval has passed."""
    due = services.feeds_due()
    for feed_id in due:
        poll_feed.delay(feed_id)  # a broker failure here stops this run; the next finds them
    return len(due)


@shared_task
def jobs_reap_stale() -> int:
    """Beat: send again, or fail, the running jobs whose worker died."""
    return services.jobs_reap_stale()


@shared_task
def jobs_resend_unsent() -> int:
    """Beat: send the jobs the broker would not take when they were made."""
    return services.jobs_resend_unsent()
