"""Saving a very large extraction: do reviewers still get to write while it is stored?

    .venv/bin/python bench/extraction_save.py [--claims 15000] [--batch 500]

Builds a throwaway SQLite database (under a temporary directory), an article, and
`--claims` extracted claims (synthetic: spans into the article, a hundred claimants, every
tenth a duplicate), then stores them with `services.article_extract_claims` (the extractor
is replaced by the prepared claims: only the save is measured) while a reviewer thread
writes to the claims table every few milliseconds, as the review queue does. Reported: the
reviewer's worst wait for a write during the save, its usual write time beforehand (the
floor), and the whole save's duration. Target: the worst wait is at most a quarter of the
save (the save gives the write lock back between batches of claims) — one transaction for
the whole save makes the reviewer wait for all of it.
"""

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="factcheck-bench-")
os.environ["FACTCHECK_VAR_DIR"] = WORKDIR
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from claims import claim_store, services  # noqa: E402
from claims.extraction import ExtractedClaim, Extraction, Span  # noqa: E402
from claims.models import Article, Claim  # noqa: E402


def prepared(text: str, count: int, kind: str) -> list[ExtractedClaim]:
    claims = []
    for i in range(count):
        start = i * 10
        claims.append(
            ExtractedClaim(
                content=Span(start, start + 9, text[start : start + 9]),
                kind=kind,
                sentence=Span(start, start + 9, text[start : start + 9]),
                source=Span(start, start + 4, text[start : start + 4]),
                cue=Span(start + 5, start + 9, text[start + 5 : start + 9]),
                claimant=f"Speaker {i % 100}",
                duplicate_of=i - 1 if i % 10 == 9 else None,
            )
        )
    return claims


def reviewer(stop: threading.Event, waits: list[float]) -> None:
    """Small writes as a reviewer makes them, each timed."""
    try:
        while not stop.is_set():
            began = time.perf_counter()
            Claim.objects.filter(pk=1).update(dismissed_reason="")
            waits.append(time.perf_counter() - began)
            time.sleep(0.005)
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=15_000)
    parser.add_argument("--batch", type=int, default=claim_store.EXTRACTION_SAVE_BATCH)
    args = parser.parse_args()
    claim_store.EXTRACTION_SAVE_BATCH = args.batch
    call_command("migrate", verbosity=0)
    text = "abcd said it. " * args.claims
    article = Article.objects.create(title="big", text=text, language="en", content_hash="x")
    first, second = prepared(text, args.claims, "indirect"), prepared(text, args.claims, "direct")
    services.extract_article = lambda *a, **k: Extraction("en", first)
    services.article_extract_claims(article_id=article.pk)  # first run: the rows exist
    services.extract_article = lambda *a, **k: Extraction("en", second)
    floor: list[float] = []
    stop = threading.Event()
    thread = threading.Thread(target=reviewer, args=(stop, floor))
    thread.start()
    time.sleep(1.0)
    stop.set()
    thread.join()
    during: list[float] = []
    stop = threading.Event()
    thread = threading.Thread(target=reviewer, args=(stop, during))
    thread.start()
    time.sleep(0.05)
    began = time.perf_counter()
    services.article_extract_claims(article_id=article.pk)  # re-run: every row changes
    save = time.perf_counter() - began
    stop.set()
    thread.join()
    floor_ms = sorted(floor)[len(floor) // 2] * 1000
    worst = max(during)
    assert not Claim.objects.filter(article=article).exclude(kind="direct").exists()
    print(f"claims={args.claims} batch={claim_store.EXTRACTION_SAVE_BATCH}")
    print(
        f"save: {save:.2f}s   reviewer write: usual {floor_ms:.1f} ms, worst during save "
        f"{worst * 1000:.0f} ms over {len(during)} writes"
    )
    print(f"ratio worst wait / save = {worst / save:.3f}  (target <= 0.25)")
    sys.exit(0 if worst / save <= 0.25 else 1)


if __name__ == "__main__":
    main()
