import itertools
import json
import sys
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError

from claims import ingest
from claims.extraction import extract_many


class Command(BaseCommand):
    help = "Extract claims from JSON lines ({id, text|html, lang}); no database needed."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", required=True, help="input file, or - for stdin")
        parser.add_argument("--out", default="-", help="output file, or - for stdout (default)")

    def handle(self, *args, jsonl: str, out: str, **options):
        source = sys.stdin if jsonl == "-" else open(jsonl, encoding="utf-8")  # noqa: SIM115
        sink = sys.stdout if out == "-" else open(out, "w", encoding="utf-8")  # noqa: SIM115
        try:
            # Records stream through: extract_many reads its input lazily, so the pairs
            # below are produced as each chunk of articles is parsed.
            records, pending = itertools.tee(self._records(source))
            items = ((r["text"], r["lang"]) for r in pending)
            for record, (lang, claims) in zip(records, extract_many(items), strict=True):
                line = {"id": record["id"], "lang": lang, "claims": [c.as_dict() for c in claims]}
                if "title" in record:
                    line["text"], line["title"] = record["text"], record["title"]
                if record.get("error"):
                    line["error"] = record["error"]
                sink.write(json.dumps(line, ensure_ascii=False) + "\n")
        finally:
            if source is not sys.stdin:
                source.close()
            if sink is not sys.stdout:
                sink.close()

    def _records(self, lines) -> Iterator[dict]:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise CommandError(f"line {number}: not JSON ({exc})") from exc
            lang = record.get("lang")
            item = {"id": str(record.get("id", number)), "lang": lang, "text": ""}
            if "html" in record:
                item["title"] = ""
                try:
                    result = ingest.text_from_html(
                        record["html"] or "", language=lang if lang in ("fr", "en") else None
                    )
                except ingest.IngestError as exc:
                    item["error"] = str(exc)
                else:
                    item.update(text=result.text, title=result.title, lang=lang or result.language)
            else:
                item["text"] = record.get("text") or ""
            yield item
