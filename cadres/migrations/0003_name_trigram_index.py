"""On PostgreSQL, a trigram index makes name search by any part of a name fast."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cadre_name_trgm_idx ON cadres_cadre "
        "USING gin (name gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cadre_name_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("cadres", "0002_default_lists")]
    operations = [migrations.RunPython(create, drop)]
