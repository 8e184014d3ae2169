"""PostgreSQL guards for the record: no TRUNCATE of history, no rewriting a used rating.

Row triggers (0005) do not fire on TRUNCATE, so the history tables get a statement-level
guard too. A maintenance job that really means to empty them (the test suite's flush)
sets `factcheck.allow_truncate` to `on` for its own transaction first. Production adds a
second line of defence: the runtime role has no TRUNCATE, UPDATE or DELETE on these
tables at all (`manage.py grant_runtime_role`).
"""

from django.db import migrations

HISTORY_TABLES = ("claims_claimevent", "claims_verdict", "claims_comment")

REFUSE_TRUNCATE = """
CREATE OR REPLACE FUNCTION factcheck_refuse_history_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('factcheck.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'history is append-only: TRUNCATE on % refused', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""

# What a verdict showed when it was recorded must stay what it shows: once a verdict uses
# a rating, its slug, labels and values are fixed (order, description and "active" may change).
REFUSE_RATING_REWRITE = """
CREATE OR REPLACE FUNCTION factcheck_refuse_used_rating_change() RETURNS trigger AS $$
BEGIN
    IF (OLD.slug, OLD.label_en, OLD.label_fr, OLD.rating_value, OLD.best_rating,
        OLD.worst_rating)
       IS DISTINCT FROM
       (NEW.slug, NEW.label_en, NEW.label_fr, NEW.rating_value, NEW.best_rating,
        NEW.worst_rating)
       AND EXISTS (SELECT 1 FROM claims_verdict WHERE rating_id = OLD.id) THEN
        RAISE EXCEPTION 'rating % is used by verdicts: add a new rating instead', OLD.slug;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def add_guards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the services and the admin enforce the same rules
    schema_editor.execute(REFUSE_TRUNCATE, params=None)
    for table in HISTORY_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION factcheck_refuse_history_truncate()"
        )
    schema_editor.execute(REFUSE_RATING_REWRITE, params=None)
    schema_editor.execute(
        "CREATE TRIGGER claims_rating_used_is_fixed BEFORE UPDATE ON claims_rating "
        "FOR EACH ROW EXECUTE FUNCTION factcheck_refuse_used_rating_change()"
    )


def drop_guards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in HISTORY_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    schema_editor.execute("DROP TRIGGER IF EXISTS claims_rating_used_is_fixed ON claims_rating")
    schema_editor.execute("DROP FUNCTION IF EXISTS factcheck_refuse_history_truncate()")
    schema_editor.execute("DROP FUNCTION IF EXISTS factcheck_refuse_used_rating_change()")


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_search_index")]

    operations = [migrations.RunPython(add_guards, drop_guards)]
