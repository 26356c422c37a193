"""On PostgreSQL, a one-character search from the index of the names' pieces too
(``cadres.ordered_search``). Nothing is done on other databases.

- Each name's last character becomes a piece of its own (张建华: 张建, 建华 and 华), so
  every character of a name begins one of its pieces: the names holding 张 are the pieces
  from "张" up to the next character, one range of the index.
- The pieces are compared in byte order ("C", code point order in UTF-8) whatever the
  database's own collation, so that such a range holds exactly the pieces that begin with
  the character.
"""

import re
from importlib import import_module

from django.db import migrations

_0012 = import_module("cadres.migrations.0012_ordered_search_indexes")
run = _0012.run  # a script run on PostgreSQL only

# 0012's function, which writes a name's pieces (``generate_series`` stops one before the
# name's length), and the same going to its length: the last ``substr`` is then the last
# character alone.
_TWO_ONLY = re.search(
    r"CREATE OR REPLACE FUNCTION cadres_write_name_pieces\(\).*?\$\$;",
    _0012.CREATE,
    re.DOTALL,
)[0]
_STOP = "generate_series(1, char_length(NEW.name) - 1)"
if _STOP not in _TWO_ONLY:
    raise RuntimeError("0012's function is not the one this migration changes")
WITH_LAST = _TWO_ONLY.replace(_STOP, "generate_series(1, char_length(NEW.name))")

CREATE = """
ALTER TABLE cadres_namepiece ALTER COLUMN piece TYPE text COLLATE "C";
INSERT INTO cadres_namepiece (piece, cadre_id, status, pinyin, area_id, name)
SELECT right(c.name, 1), c.id, c.status, c.name_pinyin, c.area_id, c.name
FROM cadres_cadre AS c WHERE c.name <> '';
ANALYZE cadres_namepiece;
"""

DROP = """
DELETE FROM cadres_namepiece WHERE char_length(piece) = 1;
ALTER TABLE cadres_namepiece ALTER COLUMN piece TYPE text COLLATE "default";
"""


class Migration(migrations.Migration):
    dependencies = [("cadres", "0012_ordered_search_indexes")]
    operations = [migrations.RunPython(run(WITH_LAST + CREATE), run(_TWO_ONLY + DROP))]
