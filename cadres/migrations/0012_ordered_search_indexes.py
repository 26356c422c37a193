"""On PostgreSQL, indexes that give a search's matches in the list's order, read from the
index alone (``cadres.ordered_search``). Nothing is done on other databases.

- ``cadres_namepiece``: every two-character piece of every name (张建华: 张建, 建华), one
  row per piece and record, with the record's status, pinyin, area and name,
  and an index on (piece, status, pinyin, id) that holds the rest. The search 建华 reads
  its matches in pinyin order and counts them without visiting a record. It is an index
  the database keeps: triggers on ``cadres_cadre`` write a record's pieces again when its
  name, pinyin, status or area changes (any write, whatever made it: a service, an
  import, a bulk update), and remove them with the record or with ``TRUNCATE``.
- (status, pinyin, id) with the pinyin and area: a pinyin prefix ("zhangx") is a range of
  it, already in order.

The pinyin is ordered under "POSIX" here, byte order like the "C" of the list's own
order of a search (``filters._search_order``) but another collation to the planner, on
purpose: for a search with other filters it would otherwise walk this index in order
until 25 matches turn up, reading most of it (1.2 s at a million records for zhangx).
- (status, initials) with the pinyin, area and id: pinyin initials ("zxy") from the index
  alone, sorted afterwards.
"""

from django.db import migrations

CREATE = """
CREATE TABLE IF NOT EXISTS cadres_namepiece (
    piece text NOT NULL,
    cadre_id bigint NOT NULL,
    status varchar(16) NOT NULL,
    pinyin text COLLATE "POSIX" NOT NULL,
    area_id bigint NOT NULL,
    name text NOT NULL
);
CREATE INDEX IF NOT EXISTS cadre_namepiece_order_idx
    ON cadres_namepiece (piece, status, pinyin, cadre_id) INCLUDE (area_id, name);
CREATE INDEX IF NOT EXISTS cadre_namepiece_cadre_idx ON cadres_namepiece (cadre_id);

CREATE OR REPLACE FUNCTION cadres_write_name_pieces() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM cadres_namepiece WHERE cadre_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO cadres_namepiece (piece, cadre_id, status, pinyin, area_id, name)
        SELECT DISTINCT substr(NEW.name, i, 2), NEW.id, NEW.status, NEW.name_pinyin,
               NEW.area_id, NEW.name
        FROM generate_series(1, char_length(NEW.name) - 1) AS i;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION cadres_forget_name_pieces() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE cadres_namepiece;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS cadre_name_pieces_written ON cadres_cadre;
CREATE TRIGGER cadre_name_pieces_written
    AFTER INSERT OR DELETE ON cadres_cadre
    FOR EACH ROW EXECUTE FUNCTION cadres_write_name_pieces();
DROP TRIGGER IF EXISTS cadre_name_pieces_changed ON cadres_cadre;
CREATE TRIGGER cadre_name_pieces_changed
    AFTER UPDATE OF name, name_pinyin, status, area_id ON cadres_cadre
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name
          OR OLD.name_pinyin IS DISTINCT FROM NEW.name_pinyin
          OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.area_id IS DISTINCT FROM NEW.area_id)
    EXECUTE FUNCTION cadres_write_name_pieces();
DROP TRIGGER IF EXISTS cadre_name_pieces_truncated ON cadres_cadre;
CREATE TRIGGER cadre_name_pieces_truncated
    AFTER TRUNCATE ON cadres_cadre
    FOR EACH STATEMENT EXECUTE FUNCTION cadres_forget_name_pieces();

TRUNCATE cadres_namepiece;
INSERT INTO cadres_namepiece (piece, cadre_id, status, pinyin, area_id, name)
SELECT DISTINCT substr(c.name, i, 2), c.id, c.status, c.name_pinyin, c.area_id, c.name
FROM cadres_cadre AS c, generate_series(1, char_length(c.name) - 1) AS i;
ANALYZE cadres_namepiece;

CREATE INDEX IF NOT EXISTS cadre_pinyin_order_idx
    ON cadres_cadre (status, (name_pinyin::text COLLATE "POSIX"), id) INCLUDE (name_pinyin, area_id);
CREATE INDEX IF NOT EXISTS cadre_initials_pinyin_idx
    ON cadres_cadre (status, name_initials varchar_pattern_ops) INCLUDE (name_pinyin, area_id, id);
"""

DROP = """
DROP INDEX IF EXISTS cadre_initials_pinyin_idx;
DROP INDEX IF EXISTS cadre_pinyin_order_idx;
DROP TRIGGER IF EXISTS cadre_name_pieces_truncated ON cadres_cadre;
DROP TRIGGER IF EXISTS cadre_name_pieces_changed ON cadres_cadre;
DROP TRIGGER IF EXISTS cadre_name_pieces_written ON cadres_cadre;
DROP FUNCTION IF EXISTS cadres_forget_name_pieces();
DROP FUNCTION IF EXISTS cadres_write_name_pieces();
DROP TABLE IF EXISTS cadres_namepiece;
"""


def run(script):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # One script, the functions' bodies included: sent without parameters.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(script)

    return operation


class Migration(migrations.Migration):
    dependencies = [("cadres", "0011_former_unit_post_chars")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
