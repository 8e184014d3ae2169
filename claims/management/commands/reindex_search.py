from django.core.management.base import BaseCommand

from claims.corroboration import index
from claims.models import Claim, Report


class Command(BaseCommand):
    help = (
        "Add or refresh the search index entry of every report and every claim with a "
        "verdict (idempotent): after restoring a backup, or for data older than the index."
    )

    def handle(self, *args, **options):
        reports = claims = 0
        for report in Report.objects.iterator(chunk_size=500):
            index.index_report(report)
            reports += 1
        checked = Claim.objects.filter(verdicts__isnull=False).distinct().select_related("article")
        for claim in checked.iterator(chunk_size=500):
            index.index_claim(claim)
            claims += 1
        self.stdout.write(f"Indexed: {reports} report(s), {claims} checked claim(s).")
