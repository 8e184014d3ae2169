"""Throwaway PostgreSQL and Redis servers for the test suite.

Loaded with `-p tests.services_plugin` so that it runs before pytest-django reads the
settings: with TEST_DATABASE=postgres it starts a private PostgreSQL cluster (initdb and
pg_ctl in a temporary directory) and points DATABASE_URL at it. Redis is started on
demand by the `redis_url` fixture in conftest.py, through `start_redis` here.

Under CI=true a missing server binary is an error; elsewhere the tests that need it skip.
"""

import atexit
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

PG_BIN_DIRS = [Path(p) for p in os.environ.get("PG_BIN_DIRS", "").split(":") if p] + sorted(
    Path("/usr/lib/postgresql").glob("*/bin"), reverse=True
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin(name: str) -> str | None:
    for directory in PG_BIN_DIRS:
        if (directory / name).exists():
            return str(directory / name)
    return shutil.which(name)


def _as_pg_user(cmd: list[str]) -> tuple[list[str], dict]:
    """PostgreSQL refuses to run as root: run it as the `postgres` system user then."""
    if os.geteuid() != 0:
        return cmd, {}
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise RuntimeError("running as root and there is no 'postgres' user") from exc
    return ["runuser", "-u", "postgres", "--", *cmd], {}


def start_postgres() -> str:
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        raise RuntimeError("PostgreSQL binaries (initdb, pg_ctl) not found")
    root = Path(tempfile.mkdtemp(prefix="factcheck-pg-"))
    datadir = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = free_port()
    cmd, _ = _as_pg_user(
        [initdb, "-D", str(datadir), "-A", "trust", "-U", "factcheck", "-E", "UTF8", "--no-sync"]
    )
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    options = f"-p {port} -k {root} -h 127.0.0.1 -c fsync=off -c full_page_writes=off"
    cmd, _ = _as_pg_user(
        [pg_ctl, "-D", str(datadir), "-o", options, "-l", str(root / "log"), "-w", "start"]
    )
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)

    def stop() -> None:
        stop_cmd, _ = _as_pg_user([pg_ctl, "-D", str(datadir), "-m", "immediate", "stop"])
        subprocess.run(stop_cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    return f"postgres://factcheck@127.0.0.1:{port}/postgres"


def start_redis(port: int | None = None) -> str:
    binary = shutil.which("redis-server")
    if not binary:
        raise RuntimeError("redis-server not found")
    port = port or free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        raise RuntimeError("redis-server did not start")

    def stop() -> None:
        proc.terminate()
        proc.wait(timeout=10)

    atexit.register(stop)
    return f"redis://127.0.0.1:{port}/0"


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # The settings read these when pytest-django imports them, right after this hook.
    tmp = Path(tempfile.gettempdir())
    os.environ.setdefault("TEST_SQLITE_PATH", str(tmp / f"factcheck-test-{os.getpid()}.sqlite3"))
    os.environ.setdefault("FACTCHECK_VAR_DIR", str(tmp / f"factcheck-var-{os.getpid()}"))
    os.environ.setdefault("TEST_FAST_PASSWORD_HASHER", "1")  # inherited by servers and workers
    if os.environ.get("TEST_DATABASE") == "postgres" and not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = start_postgres()
    if not os.environ.get("REDIS_URL"):
        try:
            os.environ["REDIS_URL"] = start_redis()
        except RuntimeError:
            if in_ci():
                raise


# Fixtures through which a test reaches the database (directly or by depending on them).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def uses_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    # The PostgreSQL pass exists for what the database does. Tests that never open a
    # connection (the extraction library, parsers, the compose file) ran, identically, in
    # the SQLite pass; TEST_ALL=1 runs them again.
    if os.environ.get("TEST_DATABASE") != "postgres" or os.environ.get("TEST_ALL"):
        return
    kept = [item for item in items if uses_database(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if not uses_database(i)])
        items[:] = kept
