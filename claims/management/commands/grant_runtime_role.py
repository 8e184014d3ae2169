import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

# Written once, never changed: the runtime role may read and add rows, nothing else.
APPEND_ONLY_TABLES = ("claims_claimevent", "claims_verdict", "claims_comment")


class Command(BaseCommand):
    help = (
        "PostgreSQL: give ROLE what the web server and workers need, and no more. Run by "
        "the role that owns the schema (the one that migrates) after each migrate. ROLE "
        "reads and writes the tables, but cannot update, delete or truncate the history "
        "tables, and, not owning them, cannot disable their triggers or alter them."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="the runtime role")
        parser.add_argument(
            "--create",
            action="store_true",
            help="create the role when it does not exist, with the password in the "
            "RUNTIME_DB_PASSWORD environment variable (needs the CREATEROLE privilege)",
        )

    def handle(self, *args, role: str, create: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Runtime roles exist on PostgreSQL only.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                if not create:
                    raise CommandError(f"There is no role {role!r}: create it first.")
                cursor.execute(self._create(role))
            cursor.execute("SELECT current_user")
            if cursor.fetchone()[0] == role:
                raise CommandError("Run this as the schema owner, not as the runtime role.")
            for statement in self._statements(role, connection.settings_dict["NAME"]):
                cursor.execute(statement)
        self.stdout.write(self.style.SUCCESS(f"Privileges of {role} set."))

    def _create(self, role: str) -> sql.Composed:
        password = os.environ.get("RUNTIME_DB_PASSWORD", "")
        if len(password) < 12:
            raise CommandError(
                "Set RUNTIME_DB_PASSWORD (12 characters or more) to create the role."
            )
        return sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(password)
        )

    def _statements(self, role: str, database: str) -> list[sql.Composed]:
        who = sql.Identifier(role)
        history = sql.SQL(", ").join(sql.Identifier(t) for t in APPEND_ONLY_TABLES)
        return [
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), who),
            sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
            sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(who),
            sql.SQL(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}"
            ).format(who),
            sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(history, who),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(who),
        ]
