"""Progress of the background jobs users watch: one writer for every kind of job."""

from django.utils import timezone

from .models import Job


def job_update(job_id: int | None, **fields) -> None:
    if job_id is not None:
        Job.objects.filter(pk=job_id).update(**fields)


def job_start(job_id: int | None, message: str) -> None:
    job_update(
        job_id, state=Job.State.RUNNING, started_at=timezone.now(), progress=10, message=message
    )


def job_succeed(job_id: int | None, message: str) -> None:
    job_update(
        job_id,
        state=Job.State.SUCCEEDED,
        progress=100,
        message=message[:500],
        finished_at=timezone.now(),
    )


def job_fail(job_id: int | None, error: str) -> None:
    job_update(
        job_id,
        state=Job.State.FAILED,
        error=error[:2000],
        message="Failed",
        finished_at=timezone.now(),
    )
