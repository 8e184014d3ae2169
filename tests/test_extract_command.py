"""`manage.py extract_claims`: the JSONL contract the evaluation depends on."""

import json
import subprocess
import sys

from tests.conftest import ROOT


def run(lines: list[dict]) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "manage.py", "extract_claims", "--jsonl", "-", "--out", "-"],
        input="".join(json.dumps(line) + "\n" for line in lines),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_one_output_line_per_input_in_order_without_a_database(seed_text):
    out = run(
        [
            {"id": "seed", "text": seed_text, "lang": "fr"},
            {"id": "empty", "text": "", "lang": None},
            {"id": "en", "text": "The mayor said that 40 bridges were closed.", "lang": None},
            {
                "id": "page",
                "html": "<html><body><article><p>Le préfet a déclaré que 300 "
                "familles avaient été évacuées dans la nuit de dimanche.</p></article></body>"
                "</html>",
                "lang": None,
            },
        ]
    )
    assert [line["id"] for line in out] == ["seed", "empty", "en", "page"]
    assert out[1]["claims"] == [] and out[2]["lang"] == "en"
    claim = next(c for c in out[0]["claims"] if c["source"] and c["source"]["text"] == "Washington")
    assert set(claim) == {
        "content",
        "source",
        "cue",
        "claimant",
        "kind",
        "quantities",
        "checkworthiness",
        "duplicate_of",
    }
    assert set(claim["quantities"][0]) == {
        "start",
        "end",
        "text",
        "value",
        "low",
        "high",
        "qualifier",
        "unit",
    }
    for line, text in ((out[0], seed_text), (out[3], out[3]["text"])):
        for c in line["claims"]:
            assert text[c["content"]["start"] : c["content"]["end"]] == c["content"]["text"]
    assert "title" in out[3] and out[3]["lang"] == "fr"
    assert any(c["cue"] and c["cue"]["text"] == "a déclaré" for c in out[3]["claims"])
