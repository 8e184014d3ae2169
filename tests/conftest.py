import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from tests import factories
from tests.services_plugin import in_ci

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "claims" / "fixtures" / "demo" / "seed-fr-coree-du-nord.txt"


def _flush_may_truncate_history() -> None:
    """Between transactional tests pytest-django empties every table with TRUNCATE, which
    the history tables refuse (migration 0010) unless the transaction says it means it."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    plain = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = plain(self, style, tables, **kwargs)
        if statements:
            statements.insert(0, "SELECT set_config('factcheck.allow_truncate', 'on', true)")
        return statements

    DatabaseOperations.sql_flush = sql_flush


_flush_may_truncate_history()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language, whatever an earlier test activated."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the queue caches its status counts)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def reviewer(db):
    user = factories.UserFactory(username="rita")
    user.groups.add(Group.objects.get(name="reviewer"))
    return user


@pytest.fixture
def editor(db):
    user = factories.UserFactory(username="ed", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return user


@pytest.fixture
def outsider(db):
    return factories.UserFactory(username="olga")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if in_ci():
            pytest.fail("REDIS_URL is not set and redis-server could not be started")
        pytest.skip("redis-server is not installed")
    return url


@pytest.fixture
def migrated_data(transactional_db):
    """Groups, permissions and the rating scale, as the data migrations load them.

    Transactional tests flush the database between tests, data migrations included, so
    tests that commit for real (live server, worker) load them again.
    """
    import importlib

    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    initial = importlib.import_module("claims.migrations.0002_default_ratings_and_groups")
    initial.load_ratings(apps)
    initial.make_groups(apps)
    for later in (
        "0005_history_append_only",
        "0007_comments_and_evidence_review",
        "0014_claimreview",
    ):
        importlib.import_module(f"claims.migrations.{later}").grant_new_permissions(apps)


def _database_url() -> str:
    """URL of the database the tests are using right now (the test database)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def start_worker(env: dict, log: Path, pool: str = "solo") -> tuple[subprocess.Popen, Path]:
    """Start `celery worker` with `env` and wait until it says it is ready."""
    with log.open("wb") as handle:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "--pool",
                pool,
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    while b"ready." not in log.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("celery worker did not start:\n" + log.read_text(errors="replace"))
        time.sleep(0.2)
    return proc, log


@pytest.fixture
def celery_worker_process(redis_url, transactional_db, tmp_path):
    """A real `celery worker` process on the test database and the test Redis."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
    }
    proc, log = start_worker(env, tmp_path / "worker.log")
    yield proc, log
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item so fixtures can see a failure.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
