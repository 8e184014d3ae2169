"""Queue page latency under load: p50/p95 of the filtered queue / the same for a trivial page.

    .venv/bin/python bench/queue_page.py [--claims 100000] [--clients 8] [--requests 40]

Builds a throwaway database (SQLite under a temporary directory unless DATABASE_URL is
set: point it at an empty PostgreSQL database to measure that) with `--claims` claims and a
verdict on every tenth, serves it with gunicorn on loopback as docker-compose does (3
synchronous workers, no debug), and has `--clients` concurrent logged-in clients fetch the
queue with filters and the login page (the floor) in turn. Target: both ratios <= 2.0.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="factcheck-bench-")
os.environ.setdefault("FACTCHECK_VAR_DIR", WORKDIR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
# Served as in production: no debug, compressed static files, cached templates.
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
os.environ["SECURE_COOKIES"] = "false"
# Plain HTTP on loopback: no redirect to HTTPS, no HSTS.
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["SECURE_HSTS_SECONDS"] = "0"
os.environ["STATIC_ROOT"] = os.path.join(WORKDIR, "static")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402

from claims.models import Article, Claim, Rating, Verdict  # noqa: E402

QUEUE = "/queue/?status=all&kind=indirect&cw_min=0.4&has_quantity=on&sort=cw&page=3"
FLOOR = "/accounts/login/"


def build(claims: int) -> None:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    user = User.objects.create_user("bench", password="bench-password-1")
    user.groups.add(Group.objects.get(name="reviewer"))
    rnd = random.Random(7)
    articles = Article.objects.bulk_create(
        Article(
            title=f"Article {n}",
            language=rnd.choice(["fr", "en"]),
            text=f"Article text {n}. " * 20,
            content_hash=f"{n:064d}",
        )
        for n in range(max(1, claims // 100))
    )
    kinds, statuses = list(Claim.Kind.values), list(Claim.Status.values)
    batch = []
    for n in range(claims):
        batch.append(
            Claim(
                article=articles[n % len(articles)],
                index=n // len(articles),
                content_start=0,
                content_end=12,
                content=f"Claim number {n} about the minister",
                kind=rnd.choice(kinds),
                status=rnd.choice(statuses),
                checkworthiness=round(rnd.random(), 3),
                quantities=[{"value": n}] if n % 3 else [],
            )
        )
        if len(batch) == 5000:
            Claim.objects.bulk_create(batch)
            batch = []
    Claim.objects.bulk_create(batch)
    rating = Rating.objects.first()
    Verdict.objects.bulk_create(
        Verdict(
            claim_id=pk, rating=rating, attribution_check="confirmed", rationale="r", reviewer=user
        )
        for pk in Claim.objects.values_list("pk", flat=True)[::10]
    )


def measure(base: str, clients: int, per_client: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {QUEUE: [], FLOOR: []}
    lock = threading.Lock()

    def client() -> None:
        session = requests.Session()
        page = session.get(base + "/accounts/login/")
        token = session.cookies["csrftoken"]
        session.post(
            base + "/accounts/login/",
            data={
                "username": "bench",
                "password": "bench-password-1",
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": base + "/accounts/login/"},
        )
        assert page.status_code == 200
        for n in range(per_client * 2):
            path = QUEUE if n % 2 == 0 else FLOOR
            start = time.perf_counter()
            response = session.get(base + path)
            elapsed = time.perf_counter() - start
            assert response.status_code == 200, (path, response.status_code)
            with lock:
                timings[path].append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=40)
    # The server runs as docker-compose runs it: gunicorn, 3 synchronous workers.
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.claims)
    print(f"built {Claim.objects.count():,} claims in {time.perf_counter() - started:.0f}s")
    port = 8799
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "factcheck.wsgi:application",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + FLOOR, timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        measure(base, 2, 3)  # warm up both workers
        timings = measure(base, args.clients, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=20)
    q50, q95 = pct(timings[QUEUE], 50), pct(timings[QUEUE], 95)
    f50, f95 = pct(timings[FLOOR], 50), pct(timings[FLOOR], 95)
    print(f"queue {QUEUE}: p50 {q50 * 1000:.1f} ms  p95 {q95 * 1000:.1f} ms")
    print(f"floor {FLOOR}: p50 {f50 * 1000:.1f} ms  p95 {f95 * 1000:.1f} ms")
    print(f"ratio p50 = {q50 / f50:.2f}   ratio p95 = {q95 / f95:.2f}   (target <= 2.0)")


if __name__ == "__main__":
    main()
