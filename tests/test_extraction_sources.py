"""Extraction tests are written on our own sentences, never on development-set ones.

A test tuned on a dev sentence leaks dev into development and, worse, tends to pin whatever the
code produced for it. The seed article is the exception: it is the demo and a fixture, and its
tests are regression tests. Skipped where ../shared/eval-dev is not present.
"""

import ast
import json
import re

import pytest

from tests.conftest import ROOT

EVAL_DEV = ROOT.parent / "shared" / "eval-dev"
DEV_SETS = ("polnear_en_dev", "asfalda_fr_sequoia")  # the seed stays a regression fixture
RUN = 8  # this many words in a row shared with a dev text make a dev sentence


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def dev_texts() -> list[tuple[str, str]]:
    docs = []
    for name in DEV_SETS:
        with (EVAL_DEV / f"{name}.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                doc = json.loads(line)
                docs.append((doc["id"], " " + " ".join(words(doc["text"])) + " "))
    return docs


@pytest.mark.skipif(not EVAL_DEV.is_dir(), reason="no ../shared/eval-dev here")
def test_no_extraction_test_is_built_on_a_dev_sentence():
    docs = dev_texts()
    found = []
    for path in sorted((ROOT / "tests").glob("test_extraction*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            tokens = words(node.value)
            runs = {" ".join(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}
            found += [
                (path.name, node.lineno, doc_id)
                for doc_id, text in docs
                if any(f" {run} " in text for run in runs)
            ]
    assert not found, "dev sentences in tests:\n" + "\n".join(
        f"{name}:{line} shares {RUN} words with {doc_id}" for name, line, doc_id in found
    )
