"""Earlier fact-checks at scale: importing ClaimReview, and matching a claim against them.

    .venv/bin/python bench/claimreview.py [--reviews 5000] [--claims 20]

Builds a throwaway SQLite database (under a temporary directory unless DATABASE_URL is
set), imports `--reviews` generated reviews (French and English) through the service, then
matches `--claims` claims against them. Floors, measured in the same run:
- import: reading the same reviews without storing them (parse, language, index terms);
- matching: one scan of the fact-check table (a count with one `contains` filter).
Targets: import <= 4x its floor; matching one claim <= 80x the scan (measured 52x: most of
it is re-ranking up to 300 candidates in Python, see claims/claimreview/match.py).
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix="factcheck-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from claims import services  # noqa: E402
from claims.claimreview.match import index_terms, matching_factchecks  # noqa: E402
from claims.claimreview.parse import parse_document  # noqa: E402
from claims.corroboration.ranker import build_query  # noqa: E402
from claims.extraction.nlp import detect_language  # noqa: E402
from claims.models import ExternalFactCheck  # noqa: E402

SUBJECTS = {
    "en": ["The minister", "The mayor", "The senator", "The agency", "The company", "Police"],
    "fr": ["Le ministre", "La maire", "Le sénateur", "L'agence", "L'entreprise", "La police"],
}
VERBS = {
    "en": ["closed", "opened", "cut", "doubled", "sold", "banned", "built", "lost"],
    "fr": ["a fermé", "a ouvert", "a réduit", "a doublé", "a vendu", "a interdit", "a perdu"],
}
THINGS = {
    "en": ["schools", "hospitals", "jobs", "bridges", "farms", "train lines", "vaccines"],
    "fr": ["écoles", "hôpitaux", "emplois", "ponts", "fermes", "lignes de train", "vaccins"],
}
PLACES = {
    "en": ["in the north", "in Paris", "in Texas", "in Kenya", "near the border", "in 2023"],
    "fr": ["dans le nord", "à Lyon", "au Québec", "au Sénégal", "près de la frontière"],
}


def sentence(rnd: random.Random, lang: str) -> str:
    pick = rnd.choice
    number = rnd.randint(2, 90_000)
    return (
        f"{pick(SUBJECTS[lang])} {pick(VERBS[lang])} {number} {pick(THINGS[lang])} "
        f"{pick(PLACES[lang])}."
    )


def reviews(count: int) -> list[dict]:
    rnd = random.Random(13)
    items = []
    for n in range(count):
        lang = "fr" if n % 2 else "en"
        items.append(
            {
                "@type": "ClaimReview",
                "url": f"https://check.example/{n}",
                "claimReviewed": sentence(rnd, lang),
                "author": {"@type": "Organization", "name": f"Org {n % 7}"},
                "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1},
                "datePublished": "2024-05-01",
            }
        )
    return items


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def read_only(text: str) -> int:
    parsed = parse_document(text)
    for review in parsed.reviews:
        index_terms(review.claim_text, detect_language(review.claim_text))
    return len(parsed.reviews)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=5000)
    parser.add_argument("--claims", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    text = json.dumps({"items": reviews(args.reviews)})
    floor, _count = timed(read_only, text)
    spent, record = timed(services.factchecks_import_text, text=text, source="bench")
    assert record.created == args.reviews, record.skipped[:3]
    rnd = random.Random(5)
    queries = [build_query(sentence(rnd, lang), lang) for lang in ("en", "fr") * args.claims]
    scan, _ = timed(lambda: ExternalFactCheck.objects.filter(terms__contains=" x ").count())
    scan = min(
        scan,
        *(
            timed(lambda: ExternalFactCheck.objects.filter(terms__contains=" y ").count())[0]
            for _ in range(3)
        ),
    )
    match_total, _ = timed(lambda: [matching_factchecks(q) for q in queries])
    per_claim = match_total / len(queries)
    import_ratio, match_ratio = spent / floor, per_claim / scan
    print(
        f"import: {args.reviews} reviews in {spent:.2f} s ({args.reviews / spent:.0f}/s); "
        f"floor {floor:.2f} s; ratio {import_ratio:.2f} (target <= 4)"
    )
    print(
        f"matching: {per_claim * 1000:.1f} ms a claim against {args.reviews} fact-checks; "
        f"scan {scan * 1000:.1f} ms; ratio {match_ratio:.1f} (target <= 80)"
    )
    return 0 if import_ratio <= 4 and match_ratio <= 80 else 1


if __name__ == "__main__":
    sys.exit(main())
