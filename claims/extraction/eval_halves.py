"""End-to-end attribution figures per half of each set, for choosing between role finders.

    python -m claims.extraction.eval_halves SHARED_DIR [--role-model en,fr|none] [--out DIR]

Every document of a set is put in half A or half B by the SHA-1 of its id (`half`), once
and for all: choices between variants are made on half A only, and half B is the held-out
check. Sets: the development sets (../shared/eval-dev) and the parts of the training sets
that the role model was never trained on (`train_roles.held_out`). The extractor runs once
per set; the shared scorer is run on half A, half B and the whole.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from . import cue_seq, cues, roles, roles_learned
from .pipeline import extract_articles
from .train_roles import TRAIN_SETS, held_out

DEV_SETS = ("polnear_en_dev", "asfalda_fr_sequoia", "seed")


def half(record_id: str) -> str:
    """ "A" or "B": the low bit of the id's SHA-1 (independent of the training hold-out,
    which reads the first four bytes modulo 100)."""
    return "AB"[hashlib.sha1(record_id.encode("utf-8")).digest()[-1] & 1]


def _records(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _sets(shared: Path) -> dict[str, tuple[list[dict], list[dict]]]:
    """(inputs, gold) per set name; training sets restricted to their held-out part."""
    out = {}
    for name in DEV_SETS:
        folder = shared / "eval-dev"
        out[name] = (_records(folder / f"{name}.jsonl"), _records(folder / f"{name}.gold.jsonl"))
    for name, percent in TRAIN_SETS.items():
        folder = shared / "train"
        gold = [g for g in _records(folder / f"{name}.gold.jsonl") if held_out(g["id"], percent)]
        ids = {g["id"] for g in gold}
        inputs = [r for r in _records(folder / f"{name}.jsonl") if r["id"] in ids]
        out[f"{name}:held-out"] = (inputs, gold)
    return out


def _predict(inputs: list[dict]) -> list[dict]:
    results = extract_articles((r["text"], r.get("lang")) for r in inputs)
    return [
        {"id": r["id"], "lang": x.lang, "claims": [c.as_dict() for c in x.claims]}
        for r, x in zip(inputs, results, strict=True)
    ]


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _score(scorer: Path, gold: Path, pred: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def run(shared: Path, out: Path, only: set[str] | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    scorer = shared / "eval-dev" / "score_attribution.py"
    for name, (inputs, gold) in _sets(shared).items():
        if only and name.split(":")[0] not in only:
            continue
        preds = _predict(inputs)
        stem = name.replace(":", "-")
        for part in ("A", "B", "all"):
            keep = {g["id"] for g in gold if part == "all" or half(g["id"]) == part}
            if not keep:
                continue
            gold_path = out / f"{stem}-{part}.gold.jsonl"
            pred_path = out / f"{stem}-{part}.pred.jsonl"
            _write(gold_path, [g for g in gold if g["id"] in keep])
            _write(pred_path, [p for p in preds if p["id"] in keep])
            label = f"{name}[{part}:{len(keep)}]"
            print(f"{label:38} {_score(scorer, gold_path, pred_path)}", flush=True)


def _choose_cue_model(args: argparse.Namespace) -> None:
    """Apply --cue-model, --cue-threshold and --cue-unanchored, and say what runs."""
    if args.cue_model is not None:
        chosen = set(args.cue_model.split(",")) - {"none", ""}
        cues.USE_CUE_MODEL.update({lang: lang in chosen for lang in cues.USE_CUE_MODEL})
    if args.cue_threshold is not None:
        cue_seq.THRESHOLD = args.cue_threshold
    if args.cue_unanchored is not None:
        cue_seq.UNANCHORED = args.cue_unanchored
    langs = sorted(k for k, v in cues.USE_CUE_MODEL.items() if v)
    print(
        f"cue labeller for: {langs} threshold {cue_seq.THRESHOLD} unanchored {cue_seq.UNANCHORED}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("shared", type=Path)
    parser.add_argument("--out", type=Path, default=Path("var/eval/halves"))
    parser.add_argument(
        "--role-model",
        help="languages whose cues the learned labeller helps with: en, fr, en,fr or none "
        "(default: as shipped, roles.USE_ROLE_MODEL)",
    )
    parser.add_argument(
        "--cue-model",
        help="languages whose cues the learned cue labeller adds to: en or none "
        "(default: as shipped, cues.USE_CUE_MODEL)",
    )
    parser.add_argument("--cue-threshold", type=float, help="cue_seq.THRESHOLD")
    parser.add_argument(
        "--cue-unanchored", type=float, help="cue_seq.UNANCHORED (see attribution.py)"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="LANG.FIELD=VALUE",
        help="a variant: one threshold of roles_learned.POLICIES, e.g. en.source_fill=0.9",
    )
    parser.add_argument("--sets", help="comma-separated set names (default: all)")
    args = parser.parse_args(argv)
    if args.role_model is not None:
        chosen = set(args.role_model.split(",")) - {"none", ""}
        roles.USE_ROLE_MODEL.update({lang: lang in chosen for lang in roles.USE_ROLE_MODEL})
    _choose_cue_model(args)
    for assignment in args.set:
        name, _, value = assignment.partition("=")
        lang, _, field = name.partition(".")
        policy = roles_learned.POLICIES.get(lang)
        if policy is None or field not in roles_learned.Policy.__dataclass_fields__:
            parser.error(f"no threshold {name} in roles_learned.POLICIES")
        roles_learned.POLICIES[lang] = dataclasses.replace(policy, **{field: float(value)})
    print(f"policies: {roles_learned.POLICIES}")
    print(f"role model for: {sorted(k for k, v in roles.USE_ROLE_MODEL.items() if v)}")
    run(args.shared, args.out, set(args.sets.split(",")) if args.sets else None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
