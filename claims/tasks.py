from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def extract_article_claims(self, job_id: int) -> None:
    from .models import Job

    job = Job.objects.filter(pk=job_id).only("article_id").first()
    if job is None or job.article_id is None:
        return  # the article was deleted before a worker got to it
    services.article_extract_claims(article_id=job.article_id, job_id=job_id)


@shared_task
def jobs_reap_stale() -> int:
    return services.jobs_reap_stale()
