"""Role labeller cost: labelling every gold cue / bare spaCy parsing of the same articles.

    .venv/bin/python bench/role_model.py [--articles 30] [--shared ../shared]

PolNeAR dev articles (about 27 gold cues per article, a dense case): the parse is timed with
nlp.pipe, then `label_sentence` labels every gold cue, the cues of a sentence together. Both
in this process, models and weights loaded first; each side keeps its best of `--repeat`
rounds. Target: labelling <= 0.19 x parsing — issue 12 allows the whole extraction 1.3x
bare spaCy and the rules alone took up to 1.11x, which leaves 0.19 for the roles.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import role_model, train_roles  # noqa: E402
from claims.extraction.nlp import get_nlp  # noqa: E402

TARGET = 0.19


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    records = train_roles.load_set(args.shared / "eval-dev", "polnear_en_dev")[: args.articles]
    nlp = get_nlp("en")
    role_model.get_tagger()
    parse_times, label_times = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        docs = list(nlp.pipe(r.text for r in records))
        parse_times.append(time.perf_counter() - start)
        pairs = zip(docs, records, strict=True)
        cues = [(s, c) for d, r in pairs for s, c, _ in train_roles.instances(d, r)]
        by_sentence: dict = {}
        for sent, cue in cues:
            by_sentence.setdefault((id(sent.doc), sent.start), (sent, []))[1].append(cue)
        start = time.perf_counter()
        for sent, sentence_cues in by_sentence.values():
            role_model.label_sentence(sent, sentence_cues)
        label_times.append(time.perf_counter() - start)
    ratio = min(label_times) / min(parse_times)
    print(
        f"{len(cues)} cues in {args.articles} articles: parse {min(parse_times):.2f}s, "
        f"label {min(label_times):.2f}s, ratio {ratio:.3f} (target <= {TARGET})"
    )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
