import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims import csv_export
from claims.forms import QueueFilterForm

# The queue's yes/no filters, which the queue's form reads as "on" when ticked.
FLAGS = ("has_quantity", "conflict", "checked")


class Command(BaseCommand):
    help = (
        "Write the verdict CSV: the same options and the same bytes as the download from "
        "the queue (…/queue/export.csv?…)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="output file, or - for stdout")
        parser.add_argument("--lang", default="en", help="language of labels (en, fr)")
        parser.add_argument("--user", help="username, for --assignee mine")
        parser.add_argument("--shape", help="current (one row per claim) or history")
        parser.add_argument("--scope", help="verdicts (claims with one, the default) or all")
        parser.add_argument("--published", action="store_const", const="1")
        parser.add_argument("--bom", action="store_const", const="1")
        for name, field in QueueFilterForm.base_fields.items():
            flag = "--" + name.replace("_", "-")
            if name in FLAGS:
                parser.add_argument(flag, dest=name, action="store_const", const="on")
            else:
                parser.add_argument(flag, dest=name, help=str(field.label))

    def handle(self, *args, out: str, lang: str, user: str | None, **options):
        names = [*QueueFilterForm.base_fields, "shape", "scope", "published", "bom"]
        data = {name: options[name] for name in names if options.get(name) is not None}
        if lang not in dict(settings.LANGUAGES):
            raise CommandError(f"--lang must be one of {', '.join(dict(settings.LANGUAGES))}")
        export, problems = csv_export.parse(data, lang=lang)
        if export is None:
            raise CommandError("; ".join(problems))
        account = self._user(user, data)
        chunks = csv_export.export_chunks(export, user=account)
        if out == "-":
            sys.stdout.buffer.writelines(chunks)
            sys.stdout.buffer.flush()
            return
        try:
            with open(out, "wb") as handle:
                handle.writelines(chunks)
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror}") from exc
        self.stderr.write(f"wrote {out}")

    def _user(self, username: str | None, data: dict):
        if username is None:
            if data.get("assignee") == "mine":
                raise CommandError("--assignee mine needs --user")
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no user {username!r}") from exc
