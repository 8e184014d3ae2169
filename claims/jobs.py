"""Progress of the background jobs users watch: one writer for every kind of job.

A job survives its faults in three ways:
- a message the broker would not take leaves the job "not sent yet" (`job_dispatch`);
  beat sends it again when the broker is back (`jobs_resend_unsent`);
- a running job's worker writes a heartbeat every few seconds (`job_alive`); beat sends a
  job whose heartbeat stopped (its worker was killed) again, or fails it after
  `JOB_MAX_ATTEMPTS` runs (`jobs_reap_stale`);
- a run that succeeds clears the error an earlier run left.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from .models import Job, job_text

logger = logging.getLogger(__name__)

# Fixed messages are stored as their msgid and translated when shown (Job.display_message).
WAITING = gettext_noop("Waiting for a worker")
NOT_SENT = gettext_noop("Not sent yet: the job queue could not be reached")
WORKER_DIED = gettext_noop("The worker stopped without finishing this job.")
WORKER_DIED_REQUEUED = gettext_noop("The worker stopped without finishing this job. Queued again.")
FAILED = gettext_noop("Failed")
EXTRACTING = gettext_noop("Extracting claims")
SEARCHING = gettext_noop("Searching the sources")
RANKING = gettext_noop("Ranking stored reports")

# A message with parameters: [key, params] parts, keys from models.JOB_TEXTS.
Parts = list[tuple[str, dict]]


def job_texts(field: str, text: str | Parts, limit: int) -> dict:
    """The fields that store a message or an error: a fixed msgid as it is, parts as
    their English rendering plus the parts themselves, translated when shown."""
    if isinstance(text, str):
        return {field: text[:limit], "texts": {}}
    with translation.override("en"):
        english = job_text(text, "")
    return {field: english[:limit], "texts": {field: text}}


def job_update(job_id: int | None, **fields) -> None:
    if job_id is not None:
        Job.objects.filter(pk=job_id).update(heartbeat_at=timezone.now(), **fields)


def job_start(job_id: int | None, message: str) -> None:
    job_update(
        job_id,
        state=Job.State.RUNNING,
        started_at=timezone.now(),
        finished_at=None,
        progress=10,
        message=message,
        texts={},
        error="",
        attempts=F("attempts") + 1,
    )


def job_progress(job_id: int | None, progress: int, message: str | Parts) -> None:
    job_update(job_id, progress=progress, **job_texts("message", message, 500))


def job_succeed(job_id: int | None, message: str | Parts) -> None:
    # An earlier run's error (a dead worker, a failed try) no longer describes this job.
    job_update(
        job_id,
        state=Job.State.SUCCEEDED,
        progress=100,
        error="",
        finished_at=timezone.now(),
        **job_texts("message", message, 500),
    )


def job_fail(job_id: int | None, error: str | Parts) -> None:
    job_update(
        job_id,
        state=Job.State.FAILED,
        message=FAILED,
        finished_at=timezone.now(),
        **job_texts("error", error, 2000),
    )


@contextmanager
def job_alive(job_id: int) -> Iterator[None]:
    """While the block runs, write the job's heartbeat every JOB_HEARTBEAT_SECONDS from a
    thread, so that a long step (extracting a large article) never looks like a dead worker."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:
                    logger.warning("job %s: heartbeat not written", job_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def _task_for(kind: str):
    from . import tasks

    return {
        Job.Kind.EXTRACT: tasks.extract_article_claims,
        Job.Kind.CORROBORATE: tasks.corroborate_claim,
    }[Job.Kind(kind)]


def broker_send(task, *args) -> bool:
    """Send a task message; False (and a warning in the log) when the broker is unreachable.
    The broker's retry settings (CELERY_TASK_PUBLISH_RETRY_POLICY) keep this short."""
    try:
        task.delay(*args)
    except Exception as exc:  # kombu's OperationalError, the Redis client's, OSError …
        logger.warning("%s%r not sent: the broker is unreachable (%r)", task.name, args, exc)
        return False
    return True


def job_dispatch(job: Job) -> bool:
    """Hand the job to the broker. When the broker cannot be reached the job is marked
    "not sent yet" instead of failing the request that made it; beat sends it later."""
    if not broker_send(_task_for(job.kind), job.pk):
        if Job.objects.filter(pk=job.pk, state__in=[Job.State.QUEUED, Job.State.UNSENT]).update(
            state=Job.State.UNSENT, message=NOT_SENT, texts={}
        ):
            job.state, job.message = Job.State.UNSENT, NOT_SENT
        return False
    if Job.objects.filter(pk=job.pk, state=Job.State.UNSENT).update(
        state=Job.State.QUEUED, message=WAITING, texts={}
    ):
        job.state, job.message = Job.State.QUEUED, WAITING
    return True


def jobs_resend_unsent() -> int:
    """Beat: send again, oldest first, the jobs the broker would not take; stop at the first
    it still refuses (the next run tries again). Returns the jobs sent."""
    sent = 0
    for job in Job.objects.filter(state=Job.State.UNSENT).order_by("created_at", "id"):
        if not job_dispatch(job):
            break
        sent += 1
    return sent


def jobs_reap_stale(*, stale_after: timedelta | None = None) -> int:
    """Beat: a running job whose heartbeat stopped lost its worker (killed, out of memory,
    the machine restarted). Send it again, or fail it once it has used its attempts.
    Returns the jobs reaped."""
    if stale_after is None:
        stale_after = timedelta(seconds=settings.JOB_STALE_SECONDS)
    cutoff = timezone.now() - stale_after
    stale = Job.objects.filter(state=Job.State.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    reaped = stale.filter(attempts__gte=settings.JOB_MAX_ATTEMPTS).update(
        state=Job.State.FAILED,
        error=WORKER_DIED,
        message=FAILED,
        texts={},
        finished_at=timezone.now(),
    )
    for job in stale.filter(attempts__lt=settings.JOB_MAX_ATTEMPTS):
        # Conditional on the row as read: a worker that picked it up meanwhile keeps it.
        if Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, attempts=job.attempts).update(
            state=Job.State.QUEUED, message=WORKER_DIED_REQUEUED, texts={}, progress=0
        ):
            logger.warning("job %s: its worker stopped; sending it again", job.pk)
            job_dispatch(job)
            reaped += 1
    return reaped
