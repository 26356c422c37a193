"""On PostgreSQL, GIN indexes on the characters of the former work unit and post, so the
registry's search finds "教育" in a former unit from an index (as 0006 does for names)
instead of reading every record. Nothing is done on other databases."""

from django.db import migrations

INDEXES = {
    "cadre_unit_chars_idx": "cadres_cadre USING gin (string_to_array(former_unit, NULL))",
    "cadre_post_chars_idx": "cadres_cadre USING gin (string_to_array(former_post, NULL))",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, target in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cadres", "0010_cadre_status_created_idx")]
    operations = [migrations.RunPython(create, drop)]
