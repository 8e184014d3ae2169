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


def run_bytes(data: bytes, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "extract_claims", "--jsonl", "-", *args],
        input=data,
        capture_output=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
    )


def test_a_bad_record_gets_an_error_and_the_run_goes_on():
    good = {"id": "good", "text": "The mayor said that 40 bridges were closed.", "lang": "en"}
    lines = [
        json.dumps(good).encode(),
        b'{"id": "cut", "text": "The mayor sa',
        b"[1, 2, 3]",
        json.dumps({"id": "number", "text": 5}).encode(),
        b'{"id": "latin1", "text": "caf\xe9"}',
        json.dumps({"id": "page", "html": "<html><body></body></html>"}).encode(),
        json.dumps(good | {"id": "after"}).encode(),
    ]
    result = run_bytes(b"\n".join(lines) + b"\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [line["id"] for line in out] == ["good", "2", "3", "number", "5", "page", "after"]
    errors = {line["id"]: line.get("error", "") for line in out}
    assert errors["good"] == errors["after"] == ""
    assert errors["2"].startswith("line 2: not JSON")
    assert errors["3"] == "line 3: not a JSON object"
    assert errors["number"] == "line 4: text is not a string"
    assert errors["5"].startswith("line 5: not UTF-8")
    assert errors["page"]  # no article text in the page
    for line in out:
        assert (line["claims"] != []) == (line["id"] in {"good", "after"})
    assert b"line 2: not JSON" in result.stderr


def test_a_record_whose_extraction_raises_gets_an_error(tmp_path, monkeypatch):
    from django.core.management import call_command

    from claims.extraction import extract_article
    from claims.management.commands import extract_claims

    def chunk_fails(items):
        raise RuntimeError("the chunk failed")

    def one_fails(text, lang):
        if "poison" in text:
            raise RuntimeError("injected fault")
        return extract_article(text, lang)

    monkeypatch.setattr(extract_claims, "extract_articles", chunk_fails)
    monkeypatch.setattr(extract_claims, "extract_article", one_fails)
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    records = [
        {"id": "a", "text": "The mayor said that 40 bridges were closed.", "lang": "en"},
        {"id": "b", "text": "The poison said that nothing works.", "lang": "en"},
        {"id": "c", "text": "Le préfet a déclaré que 300 familles ont été évacuées.", "lang": "fr"},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    call_command("extract_claims", "--jsonl", str(source), "--out", str(out))
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    assert lines[1]["error"] == "extraction failed: RuntimeError: injected fault"
    assert lines[1]["claims"] == [] and lines[0]["claims"] and lines[2]["claims"]
    assert "error" not in lines[0] and "error" not in lines[2]


def test_only_input_and_output_errors_fail_the_run(tmp_path):
    empty = run_bytes(b"", "--out", "-")
    assert empty.returncode == 0 and empty.stdout == b""
    result = subprocess.run(
        [sys.executable, "manage.py", "extract_claims", "--jsonl", str(tmp_path / "nope.jsonl")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
    )
    assert result.returncode == 1
    assert "No such file or directory" in result.stderr
