"""On PostgreSQL, how many names hold each character and how many pinyin begin with each
letter, by status and area (``cadres.ordered_search``). Nothing is done on other
databases.

A search of one character or one pinyin letter matches a good part of the registry (张
is one name in sixteen, "z" one in seven); counting its matches in an index took longer
the larger the registry. ``cadres_namecount`` holds those counts, one row per kind
(``c``: a character the name holds, counted once per name; ``p``: the first letter of
the pinyin), key, status and area, so that such a count reads one row per area.

The database keeps it, whatever made the write (a service, an import, a bulk update):
triggers on ``cadres_cadre`` add what an insert statement added, all its records at once,
take away what a delete statement took, and move a record's keys when an update changes
its name, pinyin, status or area (a row trigger that an update of anything else does not
fire). Changes are summed by row and written in the rows' order, so two statements never
wait on each other's rows in opposite orders. ``TRUNCATE`` empties it. A row that falls
to 0 stays (at most one per key, status and area).
"""

import re
from importlib import import_module

from django.db import migrations

_0012 = import_module("cadres.migrations.0012_ordered_search_indexes")
run = _0012.run  # a script run on PostgreSQL only

CREATE = """
CREATE TABLE IF NOT EXISTS cadres_namecount (
    kind "char" NOT NULL,
    key text COLLATE "C" NOT NULL,
    status varchar(16) NOT NULL,
    area_id bigint NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (kind, key, status, area_id)
);

CREATE OR REPLACE FUNCTION cadres_name_keys(name text, pinyin text)
RETURNS TABLE (kind "char", key text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT DISTINCT 'c'::"char", substr(name, i, 1) COLLATE "C"
    FROM generate_series(1, char_length(name)) AS i
    UNION ALL
    SELECT 'p'::"char", left(pinyin, 1) WHERE pinyin <> ''
$$;

-- Adds ``sign`` times each record given (name, pinyin, status, area) to its keys' rows:
-- summed by row first, so that keys an update keeps cancel out, then in the rows' order.
CREATE OR REPLACE FUNCTION cadres_add_name_counts(
    names text[], pinyins text[], statuses text[], areas bigint[], signs integer[]
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cadres_namecount AS kept (kind, key, status, area_id, n)
    SELECT k.kind, k.key, c.status, c.area_id, SUM(c.sign)
    FROM unnest(names, pinyins, statuses, areas, signs) AS c (name, pinyin, status, area_id, sign),
         cadres_name_keys(c.name, c.pinyin) AS k
    GROUP BY 1, 2, 3, 4
    HAVING SUM(c.sign) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (kind, key, status, area_id) DO UPDATE SET n = kept.n + EXCLUDED.n;
END
$$;

-- After an INSERT or DELETE statement: the records it added or took away, all at once.
CREATE OR REPLACE FUNCTION cadres_count_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM cadres_add_name_counts(
            array_agg(name), array_agg(name_pinyin), array_agg(status), array_agg(area_id),
            array_agg(1)
        ) FROM new_rows;
    ELSE
        PERFORM cadres_add_name_counts(
            array_agg(name), array_agg(name_pinyin), array_agg(status), array_agg(area_id),
            array_agg(-1)
        ) FROM old_rows;
    END IF;
    RETURN NULL;
END
$$;

-- After an update of a record's name, pinyin, status or area: its old keys out, its new in.
CREATE OR REPLACE FUNCTION cadres_count_names_again() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM cadres_add_name_counts(
        ARRAY[OLD.name, NEW.name], ARRAY[OLD.name_pinyin, NEW.name_pinyin],
        ARRAY[OLD.status, NEW.status], ARRAY[OLD.area_id, NEW.area_id], ARRAY[-1, 1]
    );
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION cadres_forget_name_counts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE cadres_namecount;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS cadre_names_counted_in ON cadres_cadre;
CREATE TRIGGER cadre_names_counted_in AFTER INSERT ON cadres_cadre
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cadres_count_names();
DROP TRIGGER IF EXISTS cadre_names_counted_out ON cadres_cadre;
CREATE TRIGGER cadre_names_counted_out AFTER DELETE ON cadres_cadre
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cadres_count_names();
DROP TRIGGER IF EXISTS cadre_names_counted_truncated ON cadres_cadre;
CREATE TRIGGER cadre_names_counted_truncated AFTER TRUNCATE ON cadres_cadre
    FOR EACH STATEMENT EXECUTE FUNCTION cadres_forget_name_counts();

TRUNCATE cadres_namecount;
INSERT INTO cadres_namecount (kind, key, status, area_id, n)
SELECT k.kind, k.key, c.status, c.area_id, COUNT(*)
FROM cadres_cadre AS c, cadres_name_keys(c.name, c.name_pinyin) AS k
GROUP BY 1, 2, 3, 4;
ANALYZE cadres_namecount;
"""

# The event of 0012's trigger of the pieces: an update that changes what a search reads
# (name, pinyin, status or area); an update of anything else does not fire it.
SEARCHED_FIELDS_CHANGED = re.search(r"AFTER UPDATE OF .*?\)$", _0012.CREATE, re.DOTALL | re.M)[0]

COUNTED_AGAIN = f"""
DROP TRIGGER IF EXISTS cadre_names_counted_again ON cadres_cadre;
CREATE TRIGGER cadre_names_counted_again
    {SEARCHED_FIELDS_CHANGED}
    EXECUTE FUNCTION cadres_count_names_again();
"""

DROP = """
DROP TRIGGER IF EXISTS cadre_names_counted_truncated ON cadres_cadre;
DROP TRIGGER IF EXISTS cadre_names_counted_again ON cadres_cadre;
DROP TRIGGER IF EXISTS cadre_names_counted_out ON cadres_cadre;
DROP TRIGGER IF EXISTS cadre_names_counted_in ON cadres_cadre;
DROP FUNCTION IF EXISTS cadres_forget_name_counts();
DROP FUNCTION IF EXISTS cadres_count_names_again();
DROP FUNCTION IF EXISTS cadres_count_names();
DROP FUNCTION IF EXISTS cadres_add_name_counts(text[], text[], text[], bigint[], integer[]);
DROP FUNCTION IF EXISTS cadres_name_keys(text, text);
DROP TABLE IF EXISTS cadres_namecount;
"""


class Migration(migrations.Migration):
    dependencies = [("cadres", "0014_first_appearance_index")]
    operations = [
        migrations.RunPython(run(CREATE), run(DROP)),
        migrations.RunPython(run(COUNTED_AGAIN), migrations.RunPython.noop),
    ]
