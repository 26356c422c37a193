"""On PostgreSQL, the names holding a character in the list's order
(``cadres.ordered_search``). Nothing is done on other databases.

A partial index of the pieces where their first character first appears in the name (one
per name and character it holds), by that character, status and pinyin: the first page
of a one-character search is then read in order, and its count without reading the
records. ``piece`` is included so that both are answered from the index alone.
"""

from importlib import import_module

from django.db import migrations

run = import_module("cadres.migrations.0012_ordered_search_indexes").run

CREATE = """
CREATE INDEX IF NOT EXISTS cadre_namepiece_first_char_idx
    ON cadres_namepiece (left(piece, 1), status, pinyin, cadre_id) INCLUDE (area_id, piece)
    WHERE piece = substr(name, strpos(name, left(piece, 1)), 2) COLLATE "C";
ANALYZE cadres_namepiece;
"""

DROP = "DROP INDEX IF EXISTS cadre_namepiece_first_char_idx;"


class Migration(migrations.Migration):
    dependencies = [("cadres", "0013_one_character_pieces")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
