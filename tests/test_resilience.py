"""A workbench that survives its faults: dead workers, an unreachable broker or cache, and
writers queueing for SQLite. The unit tests here cut only the network edge (the broker
connection); the integration tests kill real processes and stop a real Redis."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import redis
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from claims import ingest, jobs, services, tasks
from claims.models import Article, Claim, ClaimEvent, Comment, Job
from tests import factories
from tests.conftest import _database_url, start_worker
from tests.services_plugin import free_port, start_redis
from tests.test_corroboration_worker import wait_until

TEXT = "Le ministre a déclaré que plus de 2 000 écoles étaient fermées lundi."


class Broker:
    """The broker connection, as the tests see it: up (messages recorded) or down."""

    def __init__(self, monkeypatch):
        self.up = True
        self.tries = 0
        self.sent: list[tuple[str, int]] = []
        for task in (tasks.extract_article_claims, tasks.corroborate_claim):
            monkeypatch.setattr(task, "delay", self._sender(task.name))

    def _sender(self, name: str):
        def delay(*args):
            self.tries += 1
            if not self.up:
                raise BrokerUnreachable("Error 111 connecting to 127.0.0.1:6379. Refused.")
            self.sent.append((name.rsplit(".", 1)[-1], *args))

        return delay


@pytest.fixture
def broker(monkeypatch) -> Broker:
    return Broker(monkeypatch)


def running_job(*, heartbeat_age: timedelta | None, attempts: int = 1, **fields) -> Job:
    article = fields.pop("article", None) or factories.ArticleFactory()
    now = timezone.now()
    return Job.objects.create(
        kind=Job.Kind.EXTRACT,
        article=article,
        state=Job.State.RUNNING,
        started_at=now - (heartbeat_age or timedelta(0)) - timedelta(minutes=1),
        heartbeat_at=now - heartbeat_age if heartbeat_age is not None else None,
        attempts=attempts,
        **fields,
    )


# A dead worker's job ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_sent_again_once_then_failed_in_words(broker, settings):
    settings.JOB_STALE_SECONDS, settings.JOB_MAX_ATTEMPTS = 180, 2
    job = running_job(heartbeat_age=timedelta(minutes=5))
    alive = running_job(heartbeat_age=timedelta(seconds=10))

    assert services.jobs_reap_stale() == 1
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED and "stopped" in job.message
    assert broker.sent == [("extract_article_claims", job.pk)]

    jobs.job_start(job.pk, "Extracting claims")  # the second run starts, and its worker dies
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    assert services.jobs_reap_stale() == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.attempts == 2
    assert job.error == "The worker stopped without finishing this job."
    assert len(broker.sent) == 1  # not sent a third time
    alive.refresh_from_db()
    assert alive.state == Job.State.RUNNING


@pytest.mark.django_db
def test_a_job_running_since_before_heartbeats_is_judged_by_its_start(broker, settings):
    settings.JOB_MAX_ATTEMPTS = 1
    old = running_job(heartbeat_age=None)
    Job.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(hours=2))
    fresh = running_job(heartbeat_age=None)
    Job.objects.filter(pk=fresh.pk).update(started_at=timezone.now())
    assert services.jobs_reap_stale() == 1
    assert Job.objects.get(pk=old.pk).state == Job.State.FAILED
    assert Job.objects.get(pk=fresh.pk).state == Job.State.RUNNING


@pytest.mark.django_db
def test_a_run_that_succeeds_clears_the_error_an_earlier_run_left():
    job = running_job(heartbeat_age=None, error="The worker stopped without finishing this job.")
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED)
    jobs.job_start(job.pk, "Extracting claims")
    jobs.job_succeed(job.pk, "3 claims extracted")
    job.refresh_from_db()
    assert (job.state, job.error, job.message) == ("succeeded", "", "3 claims extracted")


@pytest.mark.django_db
def test_a_message_delivered_again_after_the_job_succeeded_does_nothing(monkeypatch):
    job = running_job(heartbeat_age=None)
    Job.objects.filter(pk=job.pk).update(state=Job.State.SUCCEEDED)
    ran = []
    monkeypatch.setattr(services, "article_extract_claims", lambda **kw: ran.append(kw))
    tasks.extract_article_claims.run(job.pk)
    assert ran == []


@pytest.mark.django_db(transaction=True)
def test_a_running_job_writes_its_heartbeat_while_a_long_step_runs(settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    job = running_job(heartbeat_age=timedelta(minutes=10))
    before = job.heartbeat_at
    with jobs.job_alive(job.pk):
        deadline = time.monotonic() + 20
        while Job.objects.get(pk=job.pk).heartbeat_at == before:
            assert time.monotonic() < deadline, "no heartbeat was written"
            time.sleep(0.05)
    job.refresh_from_db()
    assert timezone.now() - job.heartbeat_at < timedelta(minutes=1)


# An unreachable broker -------------------------------------------------------------------


@pytest.mark.django_db
def test_an_article_added_while_the_broker_is_down_says_so_and_is_sent_later(
    reviewer_client, broker, django_capture_on_commit_callbacks
):
    broker.up = False
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(reverse("claims:article_add"), {"text": TEXT})
    article = Article.objects.get()
    assert response.status_code == 302
    job = article.jobs.get()
    assert job.state == Job.State.UNSENT
    page = reviewer_client.get(response.url).content.decode()
    assert "The job queue could not be reached" in page and "hx-get" in page  # keeps polling

    # Pasted again while the broker is still down: the same article, the same job.
    with django_capture_on_commit_callbacks(execute=True):
        again = reviewer_client.post(reverse("claims:article_add"), {"text": TEXT})
    assert again.url == response.url and article.jobs.count() == 1

    broker.up = True
    assert services.jobs_resend_unsent() == 1  # what beat runs every minute
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
    assert broker.sent == [("extract_article_claims", job.pk)]
    assert services.jobs_resend_unsent() == 0


@pytest.mark.django_db
def test_resending_stops_at_the_first_refusal_and_keeps_the_rest_for_later(broker):
    unsent = []
    for n in range(3):
        article, _ = services.article_create(
            text_in=ingest.text_from_plain(f"{TEXT} ({n})"), enqueue=False
        )
        unsent.append(article.jobs.get())
    Job.objects.update(state=Job.State.UNSENT)
    broker.up = False
    assert services.jobs_resend_unsent() == 0
    assert broker.tries == 1 and broker.sent == []
    broker.up = True
    assert services.jobs_resend_unsent() == 3
    assert [pk for _, pk in broker.sent] == [job.pk for job in unsent]  # oldest first


@pytest.mark.django_db
def test_pasting_a_stuck_article_again_sends_its_job(reviewer_client, broker):
    article, _ = services.article_create(text_in=ingest.text_from_plain(TEXT), enqueue=False)
    job = article.jobs.get()
    Job.objects.filter(pk=job.pk).update(state=Job.State.UNSENT)
    response = reviewer_client.post(reverse("claims:article_add"), {"text": TEXT})
    assert response.url == reverse("claims:article_detail", args=[article.pk])
    assert broker.sent == [("extract_article_claims", job.pk)]
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED


@pytest.mark.django_db
def test_finding_reports_while_the_broker_is_down_says_so_and_asking_again_sends_it(
    reviewer_client, reviewer, broker, django_capture_on_commit_callbacks
):
    claim = factories.ClaimFactory()
    broker.up = False
    with django_capture_on_commit_callbacks(execute=True):
        job = services.claim_corroboration_enqueue(claim=claim, user=reviewer)
    assert job.state == Job.State.UNSENT
    page = reviewer_client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert "no worker is looking for reports yet" in page

    broker.up = True
    with django_capture_on_commit_callbacks(execute=True):
        again = services.claim_corroboration_enqueue(claim=claim, user=reviewer)
    assert again.pk == job.pk and claim.jobs.count() == 1
    assert broker.sent == [("corroborate_claim", job.pk)]
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED


@pytest.mark.django_db
def test_fetching_feeds_now_while_the_broker_is_down_answers_with_a_message(
    client, editor, monkeypatch
):
    from claims.models import Feed, Source

    def down(*args):
        raise BrokerUnreachable("Error 111 connecting. Connection refused.")

    monkeypatch.setattr(tasks.poll_feed, "delay", down)
    source = Source.objects.create(name="One feed")
    Feed.objects.create(source=source, url="https://w.example/1.xml")
    client.force_login(editor)
    response = client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "fetch_now", "_selected_action": [source.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "The job queue could not be reached" in response.content.decode()


# An unreachable cache --------------------------------------------------------------------


@pytest.fixture
def cache_down(settings):
    """The cache is a Redis server that does not answer (nothing listens on its port)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }


@pytest.mark.django_db
def test_pages_and_a_status_change_answer_from_the_database_when_the_cache_is_down(
    cache_down, reviewer_client, caplog
):
    claim = factories.ClaimFactory(status=Claim.Status.NEW)
    factories.ClaimFactory(status=Claim.Status.DISMISSED)
    assert services.claim_status_counts() == {"new": 1, "dismissed": 1}
    assert reviewer_client.get(reverse("claims:dashboard")).status_code == 200
    assert reviewer_client.get(reverse("claims:queue")).status_code == 200
    response = reviewer_client.post(
        reverse("claims:claim_status", args=[claim.pk]),
        {"to": "in_review", "version": claim.version},
    )
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW
    assert "cache unavailable" in caplog.text


# SQLite ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sqlite_readers_do_not_wait_for_a_writer():
    """Write-ahead logging: a page can read while the worker is in a write transaction."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


# Real processes --------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
# Seconds, so that the tests see in moments what takes minutes in production.
FAST_RECOVERY = {
    "JOB_HEARTBEAT_SECONDS": "0.5",
    "JOB_STALE_SECONDS": "4",
    "JOB_WATCH_SECONDS": "1",
    "PYTHONUNBUFFERED": "1",
}
SPEAKERS = ["Le ministre", "La porte-parole", "Le maire de Lyon", "Un syndicaliste", "La préfète"]
CUES = ["a déclaré que", "a affirmé que", "a assuré que"]


def long_article(claims: int, topic: str) -> str:
    """A French article with one attributed claim a sentence, five sentences a paragraph."""
    sentences = [
        f"{SPEAKERS[i % 5]} {CUES[i % 3]} {1000 + i} logements seront construits "
        f"d'ici {2030 + i % 7} dans le quartier {topic} numéro {i}."
        for i in range(claims)
    ]
    return "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, claims, 5))


def spawn(argv: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop(proc: subprocess.Popen) -> int:
    if proc.poll() is None:
        proc.terminate()
    try:
        return proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


def gunicorn(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    argv = [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--bind", f"127.0.0.1:{port}"]
    proc = spawn([*argv, "--workers", "2", "--threads", "4"], env, log)
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: answers(base), what="gunicorn")
    return proc, base


def answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/accounts/login/", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def reviewer_account(name: str) -> str:
    user = factories.UserFactory(username=name)
    user.groups.add(Group.objects.get(name="reviewer"))
    return name


def logged_in(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
    )
    assert response.status_code == 302, response.text
    client.headers["X-CSRFToken"] = client.cookies["csrftoken"]  # rotated at login
    return client


def child_pid(parent: int, word: bytes) -> int | None:
    """The child process of `parent` whose command line has `word` (Linux /proc)."""
    for pid in Path(f"/proc/{parent}/task/{parent}/children").read_text().split():
        try:
            if word in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
                return int(pid)
        except FileNotFoundError:
            continue
    return None


def article_pk(location: str) -> int:
    return int(location.rstrip("/").rsplit("/", 1)[-1])


@pytest.mark.integration
def test_make_run_keeps_the_web_up_and_finishes_the_job_of_a_sigkilled_worker(
    migrated_data, tmp_path
):
    """`make run` (SQLite, the filesystem broker): SIGKILL of the Celery main process in the
    middle of an extraction. The message is gone with it; the web keeps answering, the
    worker is started again, beat sends the job again and the new worker finishes it."""
    reviewer = reviewer_account("rita")
    env = {
        **os.environ,
        **FAST_RECOVERY,
        "REDIS_URL": "",
        "FACTCHECK_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": _database_url(),
    }
    port, log = free_port(), tmp_path / "workbench.log"
    argv = [sys.executable, "manage.py", "run_workbench", "--port", str(port)]
    workbench = spawn(argv, env, log)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: answers(base), what="the web server")
        wait_until(lambda: b"ready." in log.read_bytes(), what="the worker")
        worker = child_pid(workbench.pid, b"worker")
        client = logged_in(base, reviewer)
        added = client.post("/articles/add/", data={"text": long_article(120, "Nord")})
        assert added.status_code == 302, added.text
        job = Job.objects.get(article_id=article_pk(added.headers["location"]))
        wait_until(lambda: Job.objects.get(pk=job.pk).state == "running", what="extraction")
        os.kill(worker, signal.SIGKILL)

        assert client.get(added.headers["location"]).status_code == 200
        wait_until(lambda: child_pid(workbench.pid, b"worker") not in (None, worker))
        job = wait_until(
            lambda: (j := Job.objects.get(pk=job.pk)).done and j, timeout=240, what="the job"
        )
        output = log.read_text(errors="replace")
        assert job.state == Job.State.SUCCEEDED, output
        assert (job.error, job.attempts, job.message) == ("", 2, "120 claims extracted")
        assert job.article.claims.count() == 120
        assert "the worker stopped (exit code -9)" in output
        assert "sending it again" in output
        assert workbench.poll() is None
    finally:
        code = stop(workbench)
    assert code == 0, log.read_text(errors="replace")


@pytest.mark.integration
def test_redis_stopped_mid_run_pages_answer_and_the_unsent_job_is_delivered_later(
    redis_url, migrated_data, tmp_path
):
    """gunicorn and a worker on a Redis that stops: pages answer from the database, a status
    change is saved, an article is saved with its job marked "not sent yet"; once Redis is
    back, beat's re-send hands it to the worker, which finishes it."""
    redis_port = free_port()
    own_redis = start_redis(redis_port)
    env = {
        **os.environ,
        **FAST_RECOVERY,
        "REDIS_URL": own_redis,
        "DATABASE_URL": _database_url(),
        "CORROBORATE_MIN_CHECKWORTHINESS": "2",  # this test is about the extraction job
    }
    claim = factories.ClaimFactory(status=Claim.Status.NEW)
    reviewer = reviewer_account("rita")
    web, base = gunicorn(env, tmp_path / "web.log")
    worker, worker_log = start_worker(env, tmp_path / "worker.log")
    try:
        client = logged_in(base, reviewer)
        assert client.get("/").status_code == 200  # the status counts are now cached

        redis.Redis.from_url(own_redis).shutdown(nosave=True)
        assert client.get("/").status_code == 200
        assert client.get("/queue/").status_code == 200
        changed = client.post(
            f"/claims/{claim.pk}/status/", data={"to": "in_review", "version": claim.version}
        )
        assert changed.status_code == 302
        assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW
        added = client.post("/articles/add/", data={"text": TEXT})
        assert added.status_code == 302
        page = client.get(added.headers["location"]).text
        assert "The job queue could not be reached" in page
        job = Job.objects.get(article_id=article_pk(added.headers["location"]))
        assert job.state == Job.State.UNSENT
        again = client.post("/articles/add/", data={"text": TEXT})
        assert again.headers["location"] == added.headers["location"]
        assert Job.objects.filter(article_id=job.article_id).count() == 1

        start_redis(redis_port)
        resend = "from claims import tasks; print(tasks.jobs_resend_unsent())"  # beat's task
        sent = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", resend],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert sent.stdout.split()[-1] == "1", sent.stdout + sent.stderr
        job = wait_until(lambda: (j := Job.objects.get(pk=job.pk)).done and j, what="the job")
        assert job.state == Job.State.SUCCEEDED, worker_log.read_text(errors="replace")
        assert job.article.claims.exists()
        assert "Internal Server Error" not in (tmp_path / "web.log").read_text(errors="replace")
    finally:
        stop(worker)
        stop(web)


@pytest.mark.integration
def test_reviewers_write_while_a_worker_saves_a_large_article_on_sqlite(
    redis_url, migrated_data, tmp_path
):
    """Five reviewers comment and move claims through gunicorn while a real worker saves a
    large article into the same SQLite file. Every write lands; none waits out the busy
    timeout. Scaled down from 15,000 claims and a 30 s timeout to 3,000 claims and 5 s: a
    worker holding the write lock for the whole save (10 s and more here) fails this test,
    and so does one that takes the lock back between batches before waiting writers can
    (SQLite's busy handler sleeps up to 100 ms between tries: a worker must pause longer)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    size = 3000
    env = {
        **os.environ,
        **FAST_RECOVERY,
        "DATABASE_URL": _database_url(),
        "SQLITE_BUSY_TIMEOUT": "5",
        "CORROBORATE_MIN_CHECKWORTHINESS": "2",  # nothing but the extraction runs
    }
    reviewers = [reviewer_account(f"reviewer{n}") for n in range(5)]
    targets = [factories.ClaimFactory(status=Claim.Status.NEW) for _ in reviewers]
    article, _ = services.article_create(
        text_in=ingest.text_from_plain(long_article(size, "Sud"), language="fr"), enqueue=False
    )
    job = article.jobs.get()
    web, base = gunicorn(env, tmp_path / "web.log")
    worker, worker_log = start_worker(env, tmp_path / "worker.log")
    answers_seen: list[tuple[str, int]] = []

    def review(username: str, claim: Claim) -> None:
        client = logged_in(base, username)
        status = ["in_review", "new"]
        n, deadline = 0, time.monotonic() + 300
        while not Job.objects.get(pk=job.pk).done and time.monotonic() < deadline:
            time.sleep(0.5)  # a quick reviewer
            response = client.post(f"/claims/{claim.pk}/comments/", data={"text": f"Note {n}"})
            answers_seen.append(("comment", response.status_code))
            version = Claim.objects.get(pk=claim.pk).version
            response = client.post(
                f"/claims/{claim.pk}/status/", data={"to": status[n % 2], "version": version}
            )
            answers_seen.append(("status", response.status_code))
            n += 1
        connection.close()

    try:
        assert jobs.job_dispatch(job)
        pairs = zip(reviewers, targets, strict=True)
        threads = [threading.Thread(target=review, args=pair) for pair in pairs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        job.refresh_from_db()
        logs = worker_log.read_text(errors="replace") + (tmp_path / "web.log").read_text(
            errors="replace"
        )
        assert job.state == Job.State.SUCCEEDED, logs
        assert article.claims.count() == size
        assert "database is locked" not in logs
        assert answers_seen and {code for _, code in answers_seen} == {302}, answers_seen
        comments = sum(1 for kind, _ in answers_seen if kind == "comment")
        assert Comment.objects.filter(claim__in=targets).count() == comments
        moved = ClaimEvent.objects.filter(claim__in=targets, action=ClaimEvent.Action.STATUS)
        assert moved.count() == comments
    finally:
        stop(worker)
        stop(web)
