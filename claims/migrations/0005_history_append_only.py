import importlib

from django.db import migrations

HISTORY_TABLES = ("claims_claimevent", "claims_verdict")

CREATE = """
CREATE OR REPLACE FUNCTION factcheck_refuse_history_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'history is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite has no such guard; the services never update or delete history
    schema_editor.execute(CREATE, params=None)  # keeps the % of RAISE as written
    for table in HISTORY_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION factcheck_refuse_history_change()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in HISTORY_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS factcheck_refuse_history_change()")


def grant_new_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_events = Permission.objects.get(codename="view_claimevent")
    for group in Group.objects.filter(name__in=["reviewer", "editor", "admin"]):
        group.permissions.add(view_events)
    editor_only = Permission.objects.filter(codename__in=["publish_claim", "reassign_claim"])
    for group in Group.objects.filter(name__in=["editor", "admin"]):
        group.permissions.add(*editor_only)


def grant_permissions(apps, schema_editor):
    initial = importlib.import_module("claims.migrations.0002_default_ratings_and_groups")
    initial.create_all_permissions(apps)
    grant_new_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_claim_review_workflow")]

    operations = [
        migrations.RunPython(add_triggers, drop_triggers),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
