"""Retrieval latency: p50/p95 of top-10 `search_reports` on PostgreSQL, next to bm25s.

    .venv/bin/python bench/retrieval.py [--reports 100000] [--claims 200] [--seed 11]

Generates `--reports` synthetic French and English reports (a deterministic seed; words
drawn from a Zipf-like distribution over a made-up vocabulary, with country names and
numbers mixed in), indexes them into PostgreSQL (DATABASE_URL when set, else a throwaway
cluster started like the test suite's), then times `search_reports(k=10)` for `--claims`
claims made from pieces of reports plus noise, and bm25s over the same texts in memory,
one query at a time, in the same run. Targets: p95 <= 50 ms and p95 <= 3x bm25s's p95;
exits 1 when one is missed.
"""

import argparse
import itertools
import random
import statistics
import sys
import time

from on_postgres import setup_django  # bench/ is the script's directory

ROOT = setup_django()

import bm25s  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from claims.corroboration import index  # noqa: E402
from claims.corroboration.index import index_reports, search_reports  # noqa: E402
from claims.corroboration.ranker import build_query  # noqa: E402
from claims.models import Report  # noqa: E402

PLACES = {
    "fr": [
        "la Russie",
        "la Corée du Nord",
        "les États-Unis",
        "la France",
        "l'Ukraine",
        "la Chine",
        "l'Allemagne",
        "le Brésil",
        "l'Iran",
        "Israël",
    ],
    "en": [
        "Russia",
        "North Korea",
        "the United States",
        "France",
        "Ukraine",
        "China",
        "Germany",
        "Brazil",
        "Iran",
        "Israel",
    ],
}
SYLLABLES = (
    "ba be bi bo da de di do fa fe fi ka ke ko la le li lo ma me mi mo na ne ni no "
    "pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo za ze zi zo"
)


def vocabulary(rnd: random.Random, size: int) -> list[str]:
    syllables = SYLLABLES.split()
    words = set()
    while len(words) < size:
        words.add("".join(rnd.choice(syllables) for _ in range(rnd.randint(2, 4))))
    return sorted(words)


def zipf_sampler(rnd: random.Random, words: list[str], s: float = 1.07):
    cumulative = list(itertools.accumulate(1 / (rank + 1) ** s for rank in range(len(words))))
    return lambda n: rnd.choices(words, cum_weights=cumulative, k=n)


def sentence(rnd, draw, lang: str, n: int) -> str:
    words = draw(n)
    if rnd.random() < 0.5:
        words.insert(rnd.randrange(len(words)), rnd.choice(PLACES[lang]))
    if rnd.random() < 0.4:
        words.insert(rnd.randrange(len(words)), f"{rnd.randint(2, 90)} 000")
    return " ".join(words)


def generate(count: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    draws = {lang: zipf_sampler(rnd, vocabulary(rnd, 30000)) for lang in ("fr", "en")}
    docs = []
    for n in range(count):
        lang = "fr" if n % 3 == 0 else "en"
        draw = draws[lang]
        docs.append(
            {
                "title": sentence(rnd, draw, lang, rnd.randint(6, 10)),
                "text": sentence(rnd, draw, lang, rnd.randint(25, 45)),
                "lang": lang,
            }
        )
    return docs


def claims_from(docs: list[dict], count: int, seed: int) -> list[dict]:
    rnd = random.Random(seed + 1)
    claims = []
    for doc in rnd.sample(docs, count):
        words = (doc["title"] + " " + doc["text"]).split()
        start = rnd.randrange(max(1, len(words) - 12))
        claims.append({"text": " ".join(words[start : start + 12]), "lang": doc["lang"]})
    return claims


def load(docs: list[dict]) -> float:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    for start in range(0, len(docs), 5000):
        batch = [
            Report(
                url=f"https://bench.example/{start + i}",
                title=d["title"],
                text=d["text"],
                language=d["lang"],
                origin=Report.Origin.IMPORT,
            )
            for i, d in enumerate(docs[start : start + 5000])
        ]
        index_reports(Report.objects.bulk_create(batch))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE claims_searchentry")
        cursor.execute("VACUUM ANALYZE claims_searchterm")
    return time.perf_counter() - started


def percentiles(times: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(times, n=100)
    return statistics.median(times) * 1000, cuts[94] * 1000


def time_index(claims: list[dict]) -> list[float]:
    queries = [build_query(c["text"], c["lang"]) for c in claims]
    for query in queries[:10]:
        search_reports(query, k=10)  # warm the caches
    times = []
    for query in queries:
        started = time.perf_counter()
        search_reports(query, k=10)
        times.append(time.perf_counter() - started)
    return times


def time_first_stage(claims: list[dict]) -> list[float]:
    """The database's share: the candidate query alone (and the statistics it needs)."""
    times = []
    for claim in claims:
        terms = sorted(set(build_query(claim["text"], claim["lang"]).all_terms))
        started = time.perf_counter()
        stats = index._stats("report", terms, "default")
        index._first_stage(index._selective(terms, stats), "report", 100, "default")
        times.append(time.perf_counter() - started)
    return times


def time_bm25s(docs: list[dict], claims: list[dict]) -> list[float]:
    retriever = bm25s.BM25()
    corpus = [f"{d['title']} {d['text']}" for d in docs]
    retriever.index(
        bm25s.tokenize(corpus, stopwords="en", show_progress=False), show_progress=False
    )
    times = []
    for claim in claims:
        started = time.perf_counter()
        tokens = bm25s.tokenize([claim["text"]], stopwords="en", show_progress=False)
        retriever.retrieve(tokens, k=10, show_progress=False)
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("DATABASE_URL must point at PostgreSQL")
        return 2
    docs = generate(args.reports, args.seed)
    claims = claims_from(docs, args.claims, args.seed)
    seconds = load(docs)
    print(f"indexed {len(docs)} reports into PostgreSQL in {seconds:.1f} s")
    ours = percentiles(time_index(claims))
    first = percentiles(time_first_stage(claims))
    theirs = percentiles(time_bm25s(docs, claims))
    ratio = ours[1] / theirs[1]
    print(f"search_reports top-10: p50 {ours[0]:.1f} ms  p95 {ours[1]:.1f} ms")
    print(f"  of which full-text candidates: p50 {first[0]:.1f} ms  p95 {first[1]:.1f} ms")
    print(f"bm25s in memory:       p50 {theirs[0]:.1f} ms  p95 {theirs[1]:.1f} ms")
    print(f"p95 ratio {ratio:.1f} (target <= 3.0); p95 target <= 50 ms")
    return 0 if ours[1] <= 50 and ratio <= 3.0 else 1


if __name__ == "__main__":
    sys.exit(main())
