import sys

from django.core.management.base import BaseCommand

from claims import exports


class Command(BaseCommand):
    help = "Write the verdict CSV (the same bytes as the download from the queue)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="output file, or - for stdout")

    def handle(self, *args, out: str, **options):
        if out == "-":
            stream = sys.stdout.buffer
            for chunk in exports.verdict_csv():
                stream.write(chunk)
            stream.flush()
            return
        with open(out, "wb") as handle:
            for chunk in exports.verdict_csv():
                handle.write(chunk)
        self.stderr.write(f"wrote {out}")
