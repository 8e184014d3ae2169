"""The ingest → task → claims path through a real Celery worker process and real Redis."""

import time

import pytest

from claims import ingest, services
from claims.models import Article, Job

pytestmark = pytest.mark.integration


def wait_for_job(job_id: int, timeout: float = 120) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job_id)
        if job.done:
            return job
        time.sleep(0.3)
    pytest.fail(f"job {job_id} did not finish in {timeout}s")


def test_worker_extracts_claims_of_an_ingested_article(celery_worker_process, seed_text):
    article, created = services.article_create(
        text_in=ingest.text_from_plain(seed_text, language="fr")
    )
    assert created
    job = wait_for_job(article.jobs.get().pk)
    _, log = celery_worker_process
    assert job.state == Job.State.SUCCEEDED, log.read_text()
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTED
    washington = article.claims.get(source_text="Washington")
    assert washington.quantities[0]["qualifier"] == "more_than"
    assert "claims.tasks.extract_article_claims" in log.read_text()
