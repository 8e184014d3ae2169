import itertools
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack

from django.core.management.base import BaseCommand, CommandError

from claims import ingest
from claims.extraction import Extraction, extract_article, extract_articles

logger = logging.getLogger(__name__)

# Records handed to the extractor together: its own batch of articles parsed at once.
CHUNK = 32


class Command(BaseCommand):
    help = (
        "Extract claims from JSON lines ({id, text|html, lang}); no database needed. One "
        'output line per input record; a record that cannot be read gets an "error" and the '
        "run goes on. Exit status 1 only when the input or output cannot be opened or written."
    )
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", required=True, help="input file, or - for stdin")
        parser.add_argument("--out", default="-", help="output file, or - for stdout (default)")

    def handle(self, *args, jsonl: str, out: str, **options):
        with ExitStack() as files:
            try:
                source = (
                    sys.stdin.buffer if jsonl == "-" else files.enter_context(open(jsonl, "rb"))
                )
                sink = (
                    sys.stdout
                    if out == "-"
                    else files.enter_context(open(out, "w", encoding="utf-8"))
                )
                for line in self._output(source):
                    sink.write(json.dumps(line, ensure_ascii=False) + "\n")
            except OSError as exc:
                raise CommandError(f"{exc.__class__.__name__}: {exc}") from exc

    def _output(self, source: Iterable[bytes]) -> Iterator[dict]:
        # Records stream through a chunk at a time, so memory stays bounded by the chunk.
        numbered = ((n, raw) for n, raw in enumerate(source, start=1) if raw.strip())
        records = (self._record(number, raw) for number, raw in numbered)
        while chunk := list(itertools.islice(records, CHUNK)):
            for record, result in zip(chunk, self._extract(chunk), strict=True):
                yield self._line(record, result)

    def _extract(self, chunk: list[dict]) -> list[Extraction | None]:
        try:
            return list(extract_articles((r["text"], r["lang"]) for r in chunk))
        except Exception:
            logger.exception("extraction failed for a chunk of records; retrying one by one")
        results: list[Extraction | None] = []
        for record in chunk:
            try:
                results.append(extract_article(record["text"], record["lang"]))
            except Exception as exc:
                logger.exception("extraction failed for record %s", record["id"])
                record["error"] = f"extraction failed: {exc.__class__.__name__}: {exc}"
                results.append(None)
        return results

    def _line(self, record: dict, result: Extraction | None) -> dict:
        line: dict = {"id": record["id"], "lang": result.lang if result else record["lang"]}
        line["claims"] = [c.as_dict() for c in result.claims] if result else []
        if "title" in record:
            line["text"], line["title"] = record["text"], record["title"]
        if result and result.failed_paragraphs:
            line["failed_paragraphs"] = result.failed_paragraphs
        if record.get("error"):
            line["error"] = record["error"]
            self.stderr.write(f"record {record['id']}: {record['error']}")
        return line

    def _record(self, number: int, raw: bytes) -> dict:
        """The record on input line `number`, or one that carries the reason it has none."""
        item: dict = {"id": str(number), "lang": None, "text": ""}
        try:
            record = json.loads(raw.decode("utf-8").lstrip("\ufeff"))
        except UnicodeDecodeError as exc:
            return item | {"error": f"line {number}: not UTF-8 ({exc})"}
        except json.JSONDecodeError as exc:
            return item | {"error": f"line {number}: not JSON ({exc})"}
        if not isinstance(record, dict):
            return item | {"error": f"line {number}: not a JSON object"}
        lang = record.get("lang")
        item.update(id=str(record.get("id", number)), lang=lang if isinstance(lang, str) else None)
        if "html" in record:
            return item | self._from_html(record["html"], item["lang"])
        text = record.get("text")
        if text is not None and not isinstance(text, str):
            return item | {"error": f"line {number}: text is not a string"}
        return item | {"text": text or ""}

    def _from_html(self, html: object, lang: str | None) -> dict:
        if html is not None and not isinstance(html, str):
            return {"title": "", "error": "html is not a string"}
        try:
            result = ingest.text_from_html(
                html or "", language=lang if lang in ("fr", "en") else None
            )
        except ingest.IngestError as exc:
            return {"title": "", "error": str(exc)}
        except Exception as exc:
            logger.exception("reading an HTML record failed")
            return {"title": "", "error": f"HTML could not be read: {exc.__class__.__name__}"}
        return {"text": result.text, "title": result.title, "lang": lang or result.language}
