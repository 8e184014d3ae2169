"""Extraction overhead: full pipeline time / bare spaCy pipe time on the same texts.

    .venv/bin/python bench/extraction.py [--articles 200] [--shared ../shared]

The corpus is the development sets' text (PolNeAR articles, ASFALDA sentences grouped in
fives, the seed), cycled to the requested number of articles. Both timings run in this
process with the models already loaded, taken in turn; the best of `--repeat` runs is kept
for each.
Target: ratio <= 1.15.
"""

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import extract_many  # noqa: E402
from claims.extraction.nlp import get_nlp  # noqa: E402


def corpus(shared: Path, articles: int) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    with (shared / "eval-dev" / "polnear_en_dev.jsonl").open() as handle:
        items += [(json.loads(line)["text"], "en") for line in handle]
    with (shared / "eval-dev" / "asfalda_fr_sequoia.jsonl").open() as handle:
        sentences = [json.loads(line)["text"] for line in handle]
    items += [("\n".join(sentences[i : i + 5]), "fr") for i in range(0, len(sentences), 5)]
    items.append(((ROOT / "claims/fixtures/demo/seed-fr-coree-du-nord.txt").read_text(), "fr"))
    return list(itertools.islice(itertools.cycle(items), articles))


def best_of_each(repeat: int, *runs) -> list[float]:
    """Best time of each run, the runs taken in turn so that a slow spell of a shared
    machine weighs on both sides of the ratio alike."""
    best = [float("inf")] * len(runs)
    for _ in range(repeat):
        for k, run in enumerate(runs):
            start = time.perf_counter()
            run()
            best[k] = min(best[k], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    texts = corpus(args.shared, args.articles)
    chars = sum(len(t) for t, _ in texts)
    by_lang = {lang: [t for t, lg in texts if lg == lang] for lang in ("fr", "en")}
    for lang in by_lang:
        get_nlp(lang)  # load once, outside the timings

    def bare() -> None:
        for lang, group in by_lang.items():
            for _ in get_nlp(lang).pipe(group, batch_size=64):
                pass

    def full() -> None:
        for _ in extract_many(texts):
            pass

    full()  # warm caches (CLDR tables, regexes) before timing
    t_bare, t_full = best_of_each(args.repeat, bare, full)
    print(f"articles={len(texts)} chars={chars:,}")
    print(f"bare spaCy pipe: {t_bare:.2f}s   full extraction: {t_full:.2f}s")
    print(f"ratio full/bare = {t_full / t_bare:.3f}  (target <= 1.15)")


if __name__ == "__main__":
    main()
