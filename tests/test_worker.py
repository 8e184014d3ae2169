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


def test_worker_runs_on_the_embedded_filesystem_broker(transactional_db, tmp_path, seed_text):
    """`make run` without REDIS_URL: a real worker process fed through kombu's filesystem."""
    import os

    from celery import Celery

    from tests.conftest import _database_url, start_worker

    article, _ = services.article_create(
        text_in=ingest.text_from_plain(seed_text, language="fr"), enqueue=False
    )
    env = {
        **os.environ,
        "REDIS_URL": "",
        "FACTCHECK_VAR_DIR": str(tmp_path),
        "DATABASE_URL": _database_url(),
    }
    queue = tmp_path / "broker" / "queue"
    queue.mkdir(parents=True)
    (tmp_path / "broker" / "processed").mkdir()
    proc, log = start_worker(env, tmp_path / "worker.log")
    try:
        sender = Celery(broker="filesystem://")
        sender.conf.broker_transport_options = {
            "data_folder_in": str(queue),
            "data_folder_out": str(queue),
            "processed_folder": str(tmp_path / "broker" / "processed"),
        }
        job = article.jobs.get()
        sender.send_task("claims.tasks.extract_article_claims", args=[job.pk])
        job = wait_for_job(job.pk)
        assert job.state == Job.State.SUCCEEDED, log.read_text()
        assert article.claims.filter(source_text="Washington").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
