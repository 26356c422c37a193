"""Table contents as the manifest records them: every table's row count and checksum.

The rows are read in a fixed order and written down as text that does not depend on the
server (dates in ISO form, bytes in hex), so that the same rows give the same checksum on
the machine that backs up and on the one that restores.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.db import connection

from .manifest import DATABASE_FILES, BackupError, TableState

# The tables' states and the latest applied migration of each app.
DatabaseState = tuple[dict[str, TableState], dict[str, str]]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _plain(value: Any) -> Any:
    """A value the checksum can write down: the same value always gives the same text."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)  # Decimal, UUID, timedelta, IP addresses


def _row_line(row: tuple[Any, ...]) -> bytes:
    text = json.dumps(
        list(row), default=_plain, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return text.encode() + b"\n"


def _digest(cursor: Any, sql: str) -> TableState:
    digest = hashlib.sha256()
    rows = 0
    cursor.execute(sql)
    while batch := cursor.fetchmany(1000):
        for row in batch:
            digest.update(_row_line(tuple(row)))
            rows += 1
    return TableState(rows=rows, sha256=digest.hexdigest())


def _states(cursor: Any, tables: list[str], order_of: Callable[[Any, str], str]) -> DatabaseState:
    """Every table's state, its rows read in the order ``order_of`` gives, and the
    latest migrations."""
    states = {}
    for table in tables:
        order = order_of(cursor, table)
        sql = f"SELECT * FROM {quote(table)} ORDER BY {order}"  # noqa: S608 - quoted names  # nosec B608
        states[table] = _digest(cursor, sql)
    return states, _migrations(cursor, tables)


def _sqlite_order(cursor: sqlite3.Cursor, table: str) -> str:
    columns = cursor.execute(f"PRAGMA table_info({quote(table)})").fetchall()
    keys = sorted((column[5], column[1]) for column in columns if column[5])
    if keys:
        return ", ".join(quote(name) for _, name in keys)
    return ", ".join(str(position) for position in range(1, len(columns) + 1))


def sqlite_state(db: sqlite3.Connection) -> DatabaseState:
    """Row counts and checksums of a plain (converter-free) SQLite connection."""
    cursor = db.cursor()
    tables = [
        name
        for (name,) in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        ).fetchall()
    ]
    return _states(cursor, tables, _sqlite_order)


# Integer keys sort the same everywhere; any other key is compared as bytes ("C"), so a
# restore on a server with another collation gives the same order and the same checksum.
_PG_KEYS = """
SELECT a.attname, format_type(a.atttypid, a.atttypmod) IN ('smallint', 'integer', 'bigint')
FROM pg_index i
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
WHERE i.indrelid = %s::regclass AND i.indisprimary
ORDER BY array_position(i.indkey, a.attnum)
"""


def _postgres_order(cursor: Any, table: str) -> str:
    cursor.execute(_PG_KEYS, [quote(table)])
    keys = cursor.fetchall()
    if not keys:
        return f'{quote(table)}::text COLLATE "C"'
    return ", ".join(
        quote(name) if integer else f'{quote(name)}::text COLLATE "C"' for name, integer in keys
    )


def postgres_state(cursor: Any) -> DatabaseState:
    tables = sorted(connection.introspection.table_names(cursor))
    return _states(cursor, tables, _postgres_order)


def _migrations(cursor: Any, tables: list[str]) -> dict[str, str]:
    """The latest applied migration of each app (names start with their number)."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def sqlite_raw() -> sqlite3.Connection:
    """The sqlite3 connection under Django's own."""
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)  # noqa: S101 - vendor checked  # nosec B101
    return raw


def require_vendor() -> None:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups of a {connection.vendor} database are not supported.")


def database_state() -> dict[str, TableState]:
    """Row count and checksum of every table of the configured database, as it is now."""
    if connection.vendor == "sqlite":
        # Read from a copy through a plain connection, as the backup's checksums were:
        # Django's own connection converts values on reading.
        with tempfile.TemporaryDirectory(prefix="laoshan-check-") as work:
            with closing(sqlite3.connect(Path(work) / "copy.sqlite3")) as copy:
                sqlite_raw().backup(copy)
                return sqlite_state(copy)[0]
    require_vendor()
    with connection.cursor() as cursor:
        return postgres_state(cursor)[0]
