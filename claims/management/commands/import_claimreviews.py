from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims import services
from claims.models import FactCheckImport


class Command(BaseCommand):
    help = (
        "Import other organisations' fact-checks from ClaimReview JSON-LD: a JSON file (one "
        "review, a list, an @graph, a feed), an HTML page, or a web address (a feed's next "
        "links are followed). Re-importing a review updates it. Exit status 1 if anything "
        "was skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="*", metavar="FILE|URL")
        parser.add_argument(
            "--no-match",
            action="store_true",
            help="do not match the claims already in the queue against the imported checks",
        )
        parser.add_argument(
            "--match-only",
            action="store_true",
            help="import nothing: match the claims already in the queue against the stored checks",
        )

    def handle(self, *args, inputs: list[str], no_match: bool, match_only: bool, **options):
        if bool(inputs) == match_only:
            raise CommandError("Give files or web addresses to import, or --match-only.")
        troubles = 0
        for item in inputs:
            try:
                record = self._import(item)
            except OSError as exc:
                troubles += 1
                self.stderr.write(f"{item}: error: {exc}")
                continue
            self.stdout.write(
                f"{item}: {record.created} added, {record.updated} updated, "
                f"{record.unchanged} unchanged, {len(record.skipped)} skipped"
            )
            for message in record.skipped:
                self.stderr.write(f"  skipped: {message}")
            troubles += bool(record.skipped)
        if not no_match:
            matched = services.open_claims_match_factchecks()
            self.stdout.write(f"{matched} new matches with claims in the queue")
        if troubles:
            raise CommandError(f"{troubles} of {len(inputs)} inputs had problems.", returncode=1)

    def _import(self, item: str) -> FactCheckImport:
        if "://" in item:
            return services.factchecks_import_url(url=item)
        path = Path(item)
        if path.stat().st_size > settings.CLAIMREVIEW_IMPORT_MAX_BYTES:
            raise OSError(f"the file is larger than {settings.CLAIMREVIEW_IMPORT_MAX_BYTES} bytes")
        return services.factchecks_import_file(data=path.read_bytes(), name=path.name)
