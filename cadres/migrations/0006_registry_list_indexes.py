"""On PostgreSQL, indexes for the registry list at district size (bench/bench_registry.py).

- (status, name_pinyin, id): the list's default order, read straight off the index for the
  active records, so the first page stops after 25 rows;
- (status, area_id, birth_date) INCLUDE (id): counts of a scope (area ids), of an age band
  within it, and the ids to join with a specialty, from the index alone;
- (specialtytag_id, cadre_id), (servicekind_id, cadre_id): the records of one tag from
  the index alone;
- GIN on string_to_array(name, NULL), the characters of a name: ``name LIKE '%晓松%'``
  cannot use the trigram index for one or two characters (a trigram needs three), so
  ``search_cadres`` adds "has these characters" and this index answers it.

The pinyin prefix searches use the ``*_like`` (varchar_pattern_ops) indexes Django makes
for ``db_index`` character columns. Like 0003, nothing is done on other databases.
"""

from django.db import migrations

INDEXES = {
    "cadre_status_pinyin_idx": "cadres_cadre (status, name_pinyin, id)",
    "cadre_status_area_birth_idx": "cadres_cadre (status, area_id, birth_date) INCLUDE (id)",
    "cadre_specialty_cadre_idx": "cadres_cadre_specialties (specialtytag_id, cadre_id)",
    "cadre_kind_cadre_idx": "cadres_cadre_service_kinds (servicekind_id, cadre_id)",
    "cadre_name_chars_idx": "cadres_cadre USING gin (string_to_array(name, NULL))",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, target in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cadres", "0005_culture_service_kind")]
    operations = [migrations.RunPython(create, drop)]
