"""Extraction memory: does a ten times longer article cost ten times the memory?

    .venv/bin/python bench/extraction_memory.py [--shared ../shared] [--small 500000]

Builds one article of `--small` characters and one ten times longer from the development
texts (French and English paragraphs), extracts each in a fresh process, and reports the
peak resident memory each run adds over the same process with the models loaded and the
text read. The article is parsed in bounded pieces, so the ratio of the two increases should
stay far below 10 (memory proportional to the text); what still grows is the claims the
extraction returns, which are proportional to the text by nature.
"""

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def article(shared: Path, size: int, lang: str) -> str:
    name = "polnear_en_dev" if lang == "en" else "asfalda_fr_sequoia"
    with (shared / "eval-dev" / f"{name}.jsonl").open() as handle:
        paragraphs = [json.loads(line)["text"] for line in handle]
    text, i = [], 0
    while sum(len(p) + 2 for p in text) < size:
        text.append(paragraphs[i % len(paragraphs)])
        i += 1
    return "\n\n".join(text)[:size]


def child(path: str, lang: str, extract: bool) -> None:
    from claims.extraction import extract as run
    from claims.extraction.nlp import get_nlp

    get_nlp(lang)
    text = Path(path).read_text(encoding="utf-8")
    claims = run(text, lang) if extract else []
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_kib": peak_kib, "claims": len(claims)}))


def measure(path: Path, lang: str, extract: bool) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path), "--lang", lang]
        + (["--extract"] if extract else []),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--small", type=int, default=500_000)
    parser.add_argument("--lang", default="en", choices=["en", "fr"])
    parser.add_argument("--child")
    parser.add_argument("--extract", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.lang, args.extract)
        return
    workdir = ROOT / "var" / "bench"
    workdir.mkdir(parents=True, exist_ok=True)
    growth = {}
    for size in (args.small, args.small * 10):
        path = workdir / f"article-{args.lang}-{size}.txt"
        path.write_text(article(args.shared, size, args.lang), encoding="utf-8")
        base = measure(path, args.lang, extract=False)["peak_kib"]
        run = measure(path, args.lang, extract=True)
        growth[size] = (run["peak_kib"] - base) / 1024
        print(
            f"{size / 1e6:.1f} MB article ({args.lang}): {run['claims']:,} claims, "
            f"peak {run['peak_kib'] / 1024:.0f} MiB, {growth[size]:.0f} MiB over the models"
        )
    small, large = growth[args.small], growth[args.small * 10]
    ratio = large / max(small, 1)
    print(f"memory growth ratio for 10x the text = {ratio:.2f}   (10 = proportional to the text)")


if __name__ == "__main__":
    main()
