"""Rank reports for claims from JSON lines, through the workbench's own search index.

The reports are indexed into a scratch SQLite database (the same tables, FTS5 triggers and
functions as the workbench; the configured database is never touched), then every claim
is searched with `search_reports`, exactly as the corroboration worker does.
"""

import importlib
import json
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from claims.corroboration.index import index_reports, search_reports
from claims.corroboration.ranker import build_query
from claims.models import Report, SearchEntry, SearchTerm

ALIAS = "match_claims"
LANGS = {"fr", "en"}


class Command(BaseCommand):
    help = "Match claims ({id, text, lang, claimant?}) against reports ({id, title, text, lang})."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--reports", required=True, type=Path)
        parser.add_argument("--claims", required=True, type=Path)
        parser.add_argument("--k", type=int, default=10)
        parser.add_argument("--out", default="-", help="output file, or - for stdout (default)")

    def handle(self, *args, reports: Path, claims: Path, k: int, out: str, **options):
        for path in (reports, claims):
            if not path.exists():
                raise CommandError(f"{path}: no such file")
        with tempfile.TemporaryDirectory(prefix="match-claims-") as tmp:
            _open_scratch(Path(tmp) / "index.sqlite3")
            try:
                ids = self._load_reports(reports)
                sink = sys.stdout if out == "-" else open(out, "w", encoding="utf-8")  # noqa: SIM115
                try:
                    self._match(claims, ids, k, sink)
                finally:
                    if sink is not sys.stdout:
                        sink.close()
            finally:
                connections[ALIAS].close()
                del connections[ALIAS]
                del connections.settings[ALIAS]

    def _load_reports(self, path: Path) -> dict[int, str]:
        """Index the valid report lines; Report pk -> the input id."""
        rows: dict[str, Report] = {}
        for number, raw in enumerate(path.open(encoding="utf-8"), start=1):
            if not raw.strip():
                continue
            try:
                record = _report_record(raw)
                if record["id"] in rows:
                    raise ValueError(f"id {record['id']!r} given twice")
            except ValueError as exc:  # JSONDecodeError is a ValueError
                self.stderr.write(f"{path}:{number}: skipped: {exc}")
                continue
            rows[record["id"]] = Report(
                url=record.get("url") or f"urn:match-claims:{len(rows)}",
                title=record["title"][:500],
                text=record["text"],
                language=record["lang"],
                origin=Report.Origin.IMPORT,
            )
        with transaction.atomic(using=ALIAS):
            created = Report.objects.using(ALIAS).bulk_create(rows.values(), batch_size=500)
            index_reports(created, using=ALIAS)
        return {report.pk: record_id for record_id, report in zip(rows, created, strict=True)}

    def _match(self, path: Path, ids: dict[int, str], k: int, sink) -> None:
        for number, raw in enumerate(path.open(encoding="utf-8"), start=1):
            if not raw.strip():
                continue
            line: dict = {"id": str(number), "matches": []}
            try:
                record = json.loads(raw)
                if not isinstance(record, dict):
                    raise ValueError("not a JSON object")
                line["id"] = str(record.get("id", number))
                text, lang = record.get("text"), record.get("lang") or "en"
                if not isinstance(text, str) or not text.strip():
                    raise ValueError("no text")
                if lang not in LANGS:
                    raise ValueError(f"language {lang!r} is not fr or en")
                query = build_query(text, lang, claimant=record.get("claimant") or "")
                ranked = search_reports(query, k=k, using=ALIAS)
                line["matches"] = [
                    {"report": ids[r.id], "score": round(r.score, 6)} for r in ranked
                ]
            except ValueError as exc:  # JSONDecodeError is a ValueError
                line["error"] = str(exc)
            sink.write(json.dumps(line, ensure_ascii=False) + "\n")


def _report_record(raw: str) -> dict:
    record = json.loads(raw)
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if record.get("id") in (None, ""):
        raise ValueError("no id")
    record["id"] = str(record["id"])
    record["title"] = record.get("title") or ""
    record["text"] = record.get("text") or ""
    if not isinstance(record["title"], str) or not isinstance(record["text"], str):
        raise ValueError("title and text must be strings")
    if not (record["title"].strip() or record["text"].strip()):
        raise ValueError("no title and no text")
    record["lang"] = record.get("lang") or "en"
    if record["lang"] not in LANGS:
        raise ValueError(f"language {record['lang']!r} is not fr or en")
    return record


def _open_scratch(path: Path) -> None:
    """A scratch SQLite database with the report and search tables, under ALIAS."""
    scratch = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    configured = connections.configure_settings({"default": scratch, ALIAS: dict(scratch)})
    connections.settings[ALIAS] = configured[ALIAS]
    connection = connections[ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode = OFF")
        cursor.execute("PRAGMA synchronous = OFF")
    search_index = importlib.import_module("claims.migrations.0009_search_index")
    with connection.schema_editor() as editor:
        for model in (Report, SearchEntry, SearchTerm):
            editor.create_model(model)
        for statement in search_index.SQLITE_FORWARD:
            editor.execute(statement)
    with connection.cursor() as cursor:
        # Only the report and search tables exist here: their other references stay empty.
        cursor.execute("PRAGMA foreign_keys = OFF")
