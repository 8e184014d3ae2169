from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims import ingest, services
from claims.models import Source


class Command(BaseCommand):
    help = (
        "Add articles from web addresses (fetched politely and safely) or local .txt/.html "
        "files, and queue their claim extraction. One line per input; exit status 1 if any "
        "input failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="+", metavar="URL|FILE")
        parser.add_argument("--source", help="name of the source the articles come from")
        parser.add_argument("--language", choices=["fr", "en"], help="default: detected")

    def handle(self, *args, inputs: list[str], source: str | None, language: str | None, **opts):
        outlet = None
        if source:
            outlet = Source.objects.filter(name=source).first()
            if outlet is None:
                raise CommandError(f"No source is named {source!r}.")
        failed = 0
        for item in inputs:
            try:
                article, created = self._import(item, source=outlet, language=language)
            except (ingest.IngestError, ValidationError, OSError) as exc:
                failed += 1
                message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else exc
                self.stderr.write(f"{item}: error: {message}")
                continue
            state = "added" if created else "already present"
            self.stdout.write(f"{item}: {state} as article {article.pk} ({article.title})")
        if failed:
            raise CommandError(f"{failed} of {len(inputs)} inputs failed.", returncode=1)

    def _import(self, item: str, *, source: Source | None, language: str | None):
        if item.startswith(("http://", "https://")) or "://" in item:
            text_in = ingest.text_from_url(item, language=language)
            url = item
        else:
            path = Path(item)
            if path.suffix.lower() not in (".txt", ".html", ".htm"):
                raise ingest.IngestError("Only .txt and .html files can be imported.")
            text_in = ingest.text_from_upload(path.name, path.read_bytes(), language=language)
            url = ""
        return services.article_create(text_in=text_in, url=url, source=source, enqueue=True)
