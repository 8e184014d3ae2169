"""CSV export: time and peak memory of `manage.py export_verdicts` next to PostgreSQL COPY.

    .venv/bin/python bench/export.py [--claims 1000000]

Fills PostgreSQL (DATABASE_URL when set, else a throwaway cluster started like the test
suite's) with `--claims` claims, each with a verdict (every tenth with an earlier,
superseded one too), accepted evidence on every other one and a publishing editor on every
third; some texts carry formula characters after a semicolon. Then, in the same run, it
exports them all (`--status all`) with the command, and has `psql` run `COPY (the same
query) TO STDOUT WITH CSV`: each run twice, the faster kept, its output read through a pipe
and counted. Targets: time <= 3.0x COPY's and the command's peak RSS <= 150 MB; exits 1
when one is missed.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from on_postgres import setup_django  # bench/ is the script's directory

ROOT = setup_django()

import psycopg  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from claims.csv_export.query import export_rows  # noqa: E402
from claims.selectors import claim_list  # noqa: E402
from tests.services_plugin import _pg_bin  # noqa: E402

TIME_RATIO = 3.0
PEAK_MB = 150
FILTERS = {"status": "all"}

# Every statement gets %(n)s (claims) and %(a)s (articles); ids start at 1 in a fresh database.
FILL = [
    """INSERT INTO claims_claimant (name, kind, country_code, description)
       SELECT 'Claimant ' || g, 'person', '', '' FROM generate_series(1, 200) g""",
    """INSERT INTO claims_article (title, url, language, text, content_hash, status, error,
                                   created_at, published_at)
       SELECT 'Article ' || g || ' : « titre »', 'https://example.org/a/' || g,
              CASE WHEN g %% 2 = 0 THEN 'fr' ELSE 'en' END, 'Article text ' || g,
              md5(g::text), 'extracted', '', now(), now() - g * interval '1 minute'
       FROM generate_series(1, %(a)s) g""",
    """INSERT INTO claims_claim (article_id, index, content_start, content_end, content,
           sentence, source_text, cue_text, kind, claimant_id, quantities, entities,
           checkworthiness, checkworthiness_reasons, status, dismissed_reason, version,
           created_at, updated_at)
       SELECT 1 + g %% %(a)s, g, 0, 40,
              'The minister said that ' || g || ' schools had closed, "all of them"'
                  || CASE WHEN g %% 50 = 0 THEN '; =SUM(1+1)' ELSE '' END,
              'According to the ministry, the minister said that ' || g
                  || ' schools had closed in the region last week.',
              'the ministry', 'according to', 'according_to', 1 + g %% 200,
              CASE WHEN g %% 3 = 0 THEN jsonb_build_array(jsonb_build_object(
                  'value', g, 'qualifier', 'more_than', 'unit', 'schools', 'text', g::text))
                   ELSE '[]'::jsonb END,
              '[]'::jsonb, (g %% 1000) / 1000.0, '[]'::jsonb,
              CASE WHEN g %% 3 = 0 THEN 'published' ELSE 'verdict_given' END, '', 2,
              now(), now()
       FROM generate_series(1, %(n)s) g""",
    # A superseded verdict on every tenth claim, then the current one on every claim.
    """INSERT INTO claims_verdict (claim_id, rating_id, attribution_check, rationale,
                                   reviewer_id, created_at)
       SELECT c.id, (SELECT min(id) FROM claims_rating), 'unverifiable',
              'First look, superseded.', %(reviewer)s, now() - interval '2 days'
       FROM claims_claim c WHERE c.id %% 10 = 0""",
    """INSERT INTO claims_verdict (claim_id, rating_id, attribution_check, rationale,
                                   reviewer_id, created_at)
       SELECT c.id, r.id, 'confirmed',
              'The ministry''s release of ' || c.id || ' gives the same figure.',
              %(reviewer)s, now() - interval '1 day'
       FROM claims_claim c
       JOIN claims_rating r ON r.id = (SELECT min(id) FROM claims_rating) + c.id %% 3""",
    """INSERT INTO claims_evidence (claim_id, url, note, stance, origin, matched_terms, hints,
                                    conflict, accepted, added_by_id, created_at)
       SELECT c.id, 'https://example.org/evidence/' || c.id, '', 'supports', 'reviewer',
              '[]'::jsonb, '[]'::jsonb, false, true, %(reviewer)s, now()
       FROM claims_claim c WHERE c.id %% 2 = 0""",
    """INSERT INTO claims_claimevent (claim_id, actor_id, action, changes, created_at)
       SELECT c.id, %(editor)s, 'status',
              '{"status": ["verdict_given", "published"]}'::jsonb, now()
       FROM claims_claim c WHERE c.status = 'published'""",
]


def fill(claims: int) -> float:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    reviewer = User.objects.create_user("rita", password="bench-password-1")
    editor = User.objects.create_user("ed", password="bench-password-1")
    params = {"n": claims, "a": max(1, claims // 20), "reviewer": reviewer.pk}
    params["editor"] = editor.pk
    with connection.cursor() as cursor:
        for statement in FILL:
            cursor.execute(statement, params)
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


# The child's peak RSS as the kernel counts it. Measured from a small launcher: a child
# forked straight from this process would count this process's pages, held until its exec.
LAUNCHER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def run(cmd: list[str]) -> tuple[float, float, int, int]:
    """Seconds, peak RSS (MB), bytes and lines of a command whose stdout is the CSV."""
    peak_file = Path(tempfile.mkstemp(prefix="bench-export-rss-")[1])
    started = time.perf_counter()
    launcher = [sys.executable, "-c", LAUNCHER, str(peak_file), *cmd]
    proc = subprocess.Popen(launcher, stdout=subprocess.PIPE, env=os.environ)
    size = lines = 0
    while block := proc.stdout.read(1 << 20):
        size += len(block)
        lines += block.count(b"\n")
    if proc.wait():
        raise SystemExit(f"{cmd[0]} failed with {proc.returncode}")
    seconds = time.perf_counter() - started
    peak_mb = int(peak_file.read_text()) / 1024
    peak_file.unlink()
    return seconds, peak_mb, size, lines


def copy_command() -> list[str]:
    """psql running COPY over the export's own query (the same joins and columns)."""
    query = export_rows(claim_list(user=None, filters=FILTERS), lang="en", history=False,
                        with_verdict=True)  # fmt: skip
    sql, params = query.query.sql_with_params()
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        literal = psycopg.ClientCursor(conn).mogrify(sql, params)
    psql = _pg_bin("psql") or "psql"
    statement = f"COPY ({literal}) TO STDOUT WITH CSV"
    return [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", os.environ["DATABASE_URL"], "-c", statement]


def best(cmd: list[str], runs: int = 2) -> tuple[float, float, int, int]:
    results = [run(cmd) for _ in range(runs)]
    return min(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("DATABASE_URL must point at PostgreSQL")
        return 2
    print(f"filled {args.claims} claims with verdicts in {fill(args.claims):.0f} s")
    ours_cmd = [sys.executable, str(ROOT / "manage.py"), "export_verdicts", "--out", "-"]
    ours = best([*ours_cmd, "--status", "all"])
    copy = best(copy_command())
    # The same command exporting no row: what the process weighs before the export.
    floor = run([*ours_cmd, "--status", "all", "--q", "no claim says this"])
    for name, (seconds, peak, size, lines) in (
        ("export_verdicts", ours),
        ("COPY", copy),
        ("no-row export", floor),
    ):
        print(f"{name:16} {seconds:7.1f} s  peak RSS {peak:6.0f} MB  "
              f"{size / 1e6:7.0f} MB  {lines} lines")  # fmt: skip
    ratio = ours[0] / copy[0]
    print(f"time ratio {ratio:.2f} (target <= {TIME_RATIO}); "
          f"peak RSS {ours[1]:.0f} MB (target <= {PEAK_MB} MB), "
          f"{ours[1] - floor[1]:.0f} MB over the no-row export")  # fmt: skip
    if ours[3] != args.claims + 1:
        print(f"expected {args.claims + 1} lines from the export, got {ours[3]}")
        return 1
    return 0 if ratio <= TIME_RATIO and ours[1] <= PEAK_MB else 1


if __name__ == "__main__":
    sys.exit(main())
