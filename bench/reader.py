"""The article reader's time for a 1,000,000-character article / the same for a short one.

    .venv/bin/python bench/reader.py [--chars 1000000] [--small 5000] [--requests 30]

Builds a throwaway database (SQLite under a temporary directory unless DATABASE_URL is
set: point it at an empty PostgreSQL database to measure that) with one article of
`--chars` characters and a claim in every sentence (~14,000 for a million characters, as
the extractor gives) and one of `--small` characters, then has a logged-in Django test
client (no debug, cached templates) open the reader of each in turn: the large article's
first section, a middle section, a section appended by scrolling (htmx) and a deep link to
a claim, against the small article's page (the floor). Also reports the article list and
a claim page of the large article. Target: every ratio of medians <= 3.0; exits 1 on a miss.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="factcheck-bench-")
os.environ.setdefault("FACTCHECK_VAR_DIR", WORKDIR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
os.environ["SECURE_COOKIES"] = "false"
os.environ["STATIC_ROOT"] = os.path.join(WORKDIR, "static")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from claims import reader  # noqa: E402
from tests.bulk import large_article  # noqa: E402

TARGET = 3.0


def build(chars: int, small: int) -> tuple[Client, dict[str, tuple[str, dict]]]:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    user = User.objects.create_user("bench", password="bench-password-1")
    user.groups.add(Group.objects.get(name="reviewer"))
    started = time.perf_counter()
    large = large_article(chars=chars, title="Large")
    short = large_article(chars=small, title="Short")
    claims = large.claims.count()
    print(
        f"built {len(large.text):,} characters, {claims:,} claims in "
        f"{time.perf_counter() - started:.0f}s; small article {len(short.text):,} characters"
    )
    middle = large.claims.order_by("content_start")[claims // 2]
    sections = reader.section_count(len(large.text))
    scroll = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "next-section"}
    base = f"/articles/{large.pk}/"
    pages = {
        "small article (floor)": (f"/articles/{short.pk}/", {}),
        "large: first section": (base, {}),
        f"large: section {sections // 2} of {sections}": (f"{base}?section={sections // 2}", {}),
        "large: next section (htmx)": (f"{base}?section={sections // 2 + 1}", scroll),
        "large: link to a claim": (f"{base}?claim={middle.pk}", {}),
        "large: claim page": (f"/claims/{middle.pk}/", {}),
        "article list": ("/articles/", {}),
    }
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    return client, pages


def measure(client: Client, pages: dict, rounds: int) -> dict[str, tuple[list[float], int]]:
    found: dict[str, tuple[list[float], int]] = {name: ([], 0) for name in pages}
    for _ in range(rounds):
        for name, (url, headers) in pages.items():  # interleaved: drift hits all alike
            start = time.perf_counter()
            response = client.get(url, **headers)
            elapsed = time.perf_counter() - start
            assert response.status_code == 200, (url, response.status_code)
            found[name] = (found[name][0] + [elapsed], len(response.content))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    client, pages = build(args.chars, args.small)
    measure(client, pages, 2)  # warm up: template cache, translations, SQLite pages
    found = measure(client, pages, args.requests)
    floor = statistics.median(found["small article (floor)"][0])
    missed = []
    for name, (times, size) in found.items():
        p50 = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1]
        ratio = p50 / floor
        print(
            f"{name:34s} p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  "
            f"{size / 1000:6.1f} KB  ratio {ratio:4.2f}"
        )
        if ratio > TARGET:
            missed.append(name)
    if missed:
        print(f"MISSED (ratio > {TARGET}): {', '.join(missed)}")
        sys.exit(1)
    print(f"all ratios <= {TARGET}")


if __name__ == "__main__":
    main()
