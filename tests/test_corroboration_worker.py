"""Feed polling and corroboration through a real Celery worker on real Redis; the web is a
local server on loopback."""

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from werkzeug import Response

from claims import services, tasks
from claims.models import Claim, ClaimEvent, Evidence, Feed, Job, Report, Source
from tests import factories
from tests.conftest import _database_url, start_worker

pytestmark = pytest.mark.integration

FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title>
<item><title>Pyongyang sent more than 10,000 soldiers to Russia, Washington says</title>
<link>{base}/story-1</link><pubDate>Mon, 16 Dec 2024 10:00:00 GMT</pubDate>
<description>Washington says more than 10,000 North Korean soldiers were sent to Russia to
fight Ukraine in the Kursk region.</description></item>
<item><title>Seoul: about 12,000 North Korean troops in Russia</title>
<link>{base}/story-2</link><pubDate>Tue, 17 Dec 2024 10:00:00 GMT</pubDate>
<description>South Korea's spy agency says about 12,000 North Korean troops were sent to
Russia.</description></item>
</channel></rss>"""


def wait_until(predicate, timeout: float = 90, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def web(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    return httpserver


@pytest.fixture
def worker_env(web, redis_url, transactional_db, migrated_data, tmp_path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "FETCH_ALLOW": f"{web.host}:{web.port}",
        "FETCH_HOST_DELAY_SECONDS": "0",
        "FEED_FETCH_PAGES": "false",
    }


@pytest.fixture
def worker(worker_env, tmp_path):
    procs = []

    def start(name: str = "worker", pool: str = "solo") -> tuple:
        proc, log = start_worker(worker_env, tmp_path / f"{name}.log", pool=pool)
        procs.append(proc)
        return proc, log

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except Exception:
                proc.kill()


def test_worker_polls_due_feeds_into_reports(web, worker):
    base = web.url_for("").rstrip("/")
    web.expect_request("/feed.xml").respond_with_data(
        FEED.format(base=base), content_type="application/rss+xml"
    )
    source = Source.objects.create(name="Loopback wire", language="en")
    feed = Feed.objects.create(source=source, url=web.url_for("/feed.xml"))
    _proc, log = worker()
    tasks.poll_due_feeds.delay()  # what beat sends every minute
    wait_until(lambda: Report.objects.count() == 2, what="two reports")
    feed.refresh_from_db()
    assert feed.last_fetched_at is not None and feed.last_error == "", Path(log).read_text()
    assert set(Report.objects.values_list("feed", flat=True)) == {feed.pk}


def test_worker_corroborates_a_claim_with_stored_reports(worker, seed_text):
    services.report_store(
        url="https://wire.example/nk",
        title="North Korea sent more than 10,000 soldiers to Russia, Washington says",
        text="Washington says more than 10,000 North Korean soldiers were sent to Russia.",
        language="en",
    )
    claim = _washington_claim()
    _proc, log = worker()
    job = services.claim_corroboration_enqueue(claim=claim)
    done = wait_until(lambda: Job.objects.get(pk=job.pk).done and Job.objects.get(pk=job.pk))
    assert done.state == Job.State.SUCCEEDED, Path(log).read_text()
    assert claim.evidence.filter(origin=Evidence.Origin.SUGGESTED).count() == 1


def _washington_claim() -> Claim:
    text = (
        "Moscou et Pyongyang ont signé un accord marqué, selon Washington, par l'envoi de plus "
        "de 10 000 soldats nord-coréens pour aider la Russie à combattre l'Ukraine."
    )
    article = factories.ArticleFactory(text=text, language="fr")
    start = text.index("l'envoi")
    return factories.ClaimFactory(
        article=article,
        content_start=start,
        content_end=len(text) - 1,
        source_text="Washington",
        kind=Claim.Kind.ACCORDING_TO,
        checkworthiness=0.9,
    )


def _pool_child(pid: int) -> int:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    assert children, "the prefork worker has no pool process"
    return int(children[0])


def test_killed_worker_task_runs_again_and_leaves_one_set_of_rows(web, worker):
    """SIGKILL of the process running the task while it waits on a slow search page: the
    message is rejected back to the queue (acks_late, reject_on_worker_lost), runs again,
    and its rows exist once."""
    reached = threading.Event()

    def slow_search(request):
        if not reached.is_set():
            reached.set()
            time.sleep(5)  # the pool process dies in here
        body = "<rss version='2.0'><channel></channel></rss>"
        return Response(body, content_type="application/rss+xml")

    web.expect_request("/search").respond_with_handler(slow_search)
    Source.objects.create(
        name="Searchable", search_url_template=web.url_for("/search") + "?q={query}"
    )
    for n, figure in enumerate(["more than 10,000", "about 12,000"]):
        services.report_store(
            url=f"https://wire.example/{n}",
            title=f"Washington: {figure} North Korean soldiers sent to Russia",
            text=f"Washington says {figure} North Korean soldiers were sent to Russia.",
            language="en",
        )
    claim = _washington_claim()
    proc, log = worker("prefork", pool="prefork")
    job = services.claim_corroboration_enqueue(claim=claim)
    assert reached.wait(60), "the task never reached the search page"
    os.kill(_pool_child(proc.pid), signal.SIGKILL)
    done = wait_until(
        lambda: Job.objects.get(pk=job.pk).state == Job.State.SUCCEEDED, what="the re-run"
    )
    assert done, Path(log).read_text()
    assert "WorkerLostError" in Path(log).read_text()
    urls = list(claim.evidence.values_list("url", flat=True))
    assert "https://wire.example/0" in urls and len(urls) == len(set(urls))
    assert services.claim_corroborate(claim_id=claim.pk).suggested == 0  # nothing was missing
    assert sorted(claim.evidence.values_list("url", flat=True)) == sorted(urls)
    events = ClaimEvent.objects.filter(claim=claim, action=ClaimEvent.Action.SUGGESTED)
    assert events.count() == 1
