"""Back up and restore the whole site: the database and the uploaded files, in one archive.

An archive is a ``.tar.gz`` holding ``manifest.json``, the database (``database.pgdump``,
pg_dump's custom format, or ``database.sqlite3``) and ``media/`` (everything under
MEDIA_ROOT). The manifest records, for every table, its row count and a SHA-256 of its
rows in a fixed order, read from the same snapshot as the dump, so that a restore can
prove it put back exactly what was saved. Encrypted columns travel as ciphertext: an
archive is unreadable without FIELD_ENCRYPTION_KEY, which is kept apart from it.

The management commands ``backup_site`` and ``restore_site`` are thin wrappers around
``backup_create``, ``backup_open`` and ``backup_restore``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # pg_dump and pg_restore, with fixed arguments  # nosec B404
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


class BackupError(Exception):
    """A backup cannot be made, read or restored; the message says why in plain words."""


@dataclass(frozen=True)
class TableState:
    rows: int
    sha256: str


@dataclass(frozen=True)
class FileState:
    bytes: int
    sha256: str


@dataclass
class Manifest:
    created: str
    vendor: str
    database_file: str
    database: FileState
    migrations: dict[str, str]
    tables: dict[str, TableState]
    media: dict[str, FileState]
    format: int = FORMAT

    @property
    def row_count(self) -> int:
        return sum(table.rows for table in self.tables.values())

    @property
    def media_bytes(self) -> int:
        return sum(item.bytes for item in self.media.values())

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise BackupError(f"Unknown backup format {data.get('format')!r}.")
            return cls(
                created=data["created"],
                vendor=data["vendor"],
                database_file=data["database_file"],
                database=FileState(**data["database"]),
                migrations=dict(data["migrations"]),
                tables={name: TableState(**state) for name, state in data["tables"].items()},
                media={name: FileState(**state) for name, state in data["media"].items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupError(f"The backup's manifest cannot be read ({error}).") from None


@dataclass
class RestoreReport:
    manifest: Manifest
    unmatched_tables: list[str] = field(default_factory=list)
    extra_tables: list[str] = field(default_factory=list)
    unmatched_media: list[str] = field(default_factory=list)
    pending_migrations: int = 0

    @property
    def verified(self) -> bool:
        return not self.unmatched_tables and not self.unmatched_media


# ---------------------------------------------------------------------------------------
# Table contents: row counts and checksums


def _quote(name: str) -> str:
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


def _sqlite_order(cursor: sqlite3.Cursor, table: str) -> str:
    columns = cursor.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    keys = sorted((column[5], column[1]) for column in columns if column[5])
    if keys:
        return ", ".join(_quote(name) for _, name in keys)
    return ", ".join(str(position) for position in range(1, len(columns) + 1))


def _sqlite_state(db: sqlite3.Connection) -> tuple[dict[str, TableState], dict[str, str]]:
    """Row counts and checksums of a plain (converter-free) SQLite connection."""
    cursor = db.cursor()
    tables = [
        name
        for (name,) in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        ).fetchall()
    ]
    states = {}
    for table in tables:
        order = _sqlite_order(cursor, table)
        sql = f"SELECT * FROM {_quote(table)} ORDER BY {order}"  # noqa: S608 - quoted names  # nosec B608
        states[table] = _digest(cursor, sql)
    return states, _migrations(cursor, tables)


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
    cursor.execute(_PG_KEYS, [_quote(table)])
    keys = cursor.fetchall()
    if not keys:
        return f'{_quote(table)}::text COLLATE "C"'
    return ", ".join(
        _quote(name) if integer else f'{_quote(name)}::text COLLATE "C"' for name, integer in keys
    )


def _postgres_state(cursor: Any) -> tuple[dict[str, TableState], dict[str, str]]:
    tables = sorted(connection.introspection.table_names(cursor))
    states = {}
    for table in tables:
        order = _postgres_order(cursor, table)
        sql = f"SELECT * FROM {_quote(table)} ORDER BY {order}"  # noqa: S608 - quoted names  # nosec B608
        states[table] = _digest(cursor, sql)
    return states, _migrations(cursor, tables)


def _migrations(cursor: Any, tables: list[str]) -> dict[str, str]:
    """The latest applied migration of each app (names start with their number)."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def _sqlite_raw() -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)  # noqa: S101 - vendor checked  # nosec B101
    return raw


def database_state() -> dict[str, TableState]:
    """Row count and checksum of every table of the configured database, as it is now."""
    if connection.vendor == "sqlite":
        # Read from a copy through a plain connection, as the backup's checksums were:
        # Django's own connection converts values on reading.
        with tempfile.TemporaryDirectory(prefix="laoshan-check-") as work:
            with closing(sqlite3.connect(Path(work) / "copy.sqlite3")) as copy:
                _sqlite_raw().backup(copy)
                return _sqlite_state(copy)[0]
    _require_vendor()
    with connection.cursor() as cursor:
        return _postgres_state(cursor)[0]


def _require_vendor() -> None:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups of a {connection.vendor} database are not supported.")


# ---------------------------------------------------------------------------------------
# Media files


class _HashingReader:
    """Reads a file for the archive and hashes exactly the bytes that went in."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.hash.update(chunk)
        return chunk


def _file_state(path: Path) -> FileState:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return FileState(bytes=path.stat().st_size, sha256=digest.hexdigest())


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    return [
        (path.relative_to(root).as_posix(), path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]


def media_state(root: Path | None = None) -> dict[str, FileState]:
    """Size and checksum of every file under MEDIA_ROOT (or ``root``)."""
    return {name: _file_state(path) for name, path in _media_files(root or _media_root())}


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT).resolve()


def _add(tar: tarfile.TarFile, source: Path, name: str) -> FileState:
    info = tar.gettarinfo(str(source), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with source.open("rb") as raw:
        reader = _HashingReader(raw)
        tar.addfile(info, reader)  # type: ignore[arg-type]
    return FileState(bytes=info.size, sha256=reader.hash.hexdigest())


# ---------------------------------------------------------------------------------------
# Backing up


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for directory in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (directory / name).is_file():
            return str(directory / name)
    raise BackupError(f"{name} was not found: install the PostgreSQL client (put it on PATH).")


def _pg_command(tool: str) -> tuple[list[str], dict[str, str]]:
    """A PostgreSQL client command for the configured database, password in the env."""
    settings_dict = connection.settings_dict
    _, extra = connection.client.settings_to_cmd_args_env(settings_dict, [])
    args = [_pg_tool(tool)]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args.append(f"{option}={settings_dict[key]}")
    args.append(f"--dbname={settings_dict['NAME']}")
    return args, {**os.environ, **(extra or {})}


def _run(args: list[str], env: dict[str, str], what: str, hint: str = "") -> None:
    # The arguments are the tool, options and the settings' names, never user input.
    done = subprocess.run(  # noqa: S603  # nosec B603
        args, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        summary = f"{what} failed. {hint}" if hint else f"{what} failed."
        raise BackupError(f"{summary}\n{done.stderr.strip()}")


def _dump_postgres(target: Path) -> tuple[dict[str, TableState], dict[str, str]]:
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside another transaction.")
    args, env = _pg_command("pg_dump")
    # One snapshot for pg_dump and for the checksums: the manifest describes the dump.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        _run(
            [*args, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"], env, "pg_dump"
        )
        return _postgres_state(cursor)


def _dump_sqlite(target: Path) -> tuple[dict[str, TableState], dict[str, str]]:
    # SQLite's online backup copies a consistent state even while others write; the
    # checksums are then read from that copy.
    with closing(sqlite3.connect(target)) as copy:
        _sqlite_raw().backup(copy)
        return _sqlite_state(copy)


def default_backup_path(directory: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return directory / f"laoshan-{stamp}.tar.gz"


def backup_create(*, path: Path) -> Manifest:
    """Write the database and MEDIA_ROOT into a new archive at ``path``."""
    _require_vendor()
    path = path.resolve()
    media_root = _media_root()
    if path.is_relative_to(media_root):
        raise BackupError(f"The backup cannot be written inside MEDIA_ROOT ({media_root}).")
    if path.exists():
        raise BackupError(f"{path} already exists; choose another name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    database_file = DATABASE_FILES[vendor]
    partial = path.with_name(f".{path.name}.partial")
    with tempfile.TemporaryDirectory(prefix="laoshan-backup-") as work:
        dump = Path(work) / database_file
        created = timezone.now()
        dumper = _dump_postgres if vendor == "postgresql" else _dump_sqlite
        tables, migrations = dumper(dump)
        # The archive holds personal data: only its owner may read it.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                database = _add(tar, dump, database_file)
                media = {
                    name: _add(tar, source, f"{MEDIA}/{name}")
                    for name, source in _media_files(media_root)
                }
                manifest = Manifest(
                    created=created.isoformat(),
                    vendor=vendor,
                    database_file=database_file,
                    database=database,
                    migrations=migrations,
                    tables=tables,
                    media=media,
                )
                body = manifest.to_json()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(body), 0o600, int(created.timestamp())
                tar.addfile(info, io.BytesIO(body))
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


# ---------------------------------------------------------------------------------------
# Reading an archive


@dataclass
class Backup:
    """An archive unpacked into a private folder and checked against its manifest."""

    path: Path
    directory: Path
    manifest: Manifest

    @property
    def database_path(self) -> Path:
        return self.directory / self.manifest.database_file

    @property
    def media_path(self) -> Path:
        return self.directory / MEDIA


def _unpack(path: Path, directory: Path) -> None:
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar.getmembers():
                allowed = member.name in (MANIFEST, *DATABASE_FILES.values()) or (
                    member.name.startswith(f"{MEDIA}/")
                )
                if not allowed or not (member.isfile() or member.isdir()):
                    raise BackupError(f"{path} holds an unexpected entry: {member.name!r}.")
            tar.extractall(directory, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} cannot be read as a backup ({error}).") from None


def _known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


@contextmanager
def backup_open(path: Path) -> Iterator[Backup]:
    """Unpack and check an archive; nothing is changed until ``backup_restore``."""
    _require_vendor()
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    with tempfile.TemporaryDirectory(prefix="laoshan-restore-") as work:
        directory = Path(work)
        _unpack(path, directory)
        manifest_path = directory / MANIFEST
        if not manifest_path.is_file():
            raise BackupError(f"{path} has no manifest: it was not made by backup_site.")
        manifest = Manifest.from_json(manifest_path.read_bytes())
        backup = Backup(path=path, directory=directory, manifest=manifest)
        if manifest.vendor != connection.vendor:
            raise BackupError(
                f"This is a backup of a {VENDOR_NAMES.get(manifest.vendor, manifest.vendor)} "
                f"database; the portal is configured for {VENDOR_NAMES[connection.vendor]}. "
                "A restore goes into the same kind of database."
            )
        if manifest.database_file != DATABASE_FILES[manifest.vendor] or (
            not backup.database_path.is_file()
            or _file_state(backup.database_path) != manifest.database
        ):
            raise BackupError(f"The database file in {path} is missing or damaged.")
        if media_state(backup.media_path) != manifest.media:
            raise BackupError(f"The media files in {path} do not match its manifest.")
        known = _known_migrations()
        unknown = [
            f"{app}.{name}" for app, name in manifest.migrations.items() if (app, name) not in known
        ]
        if unknown:
            raise BackupError(
                "The backup was made by a newer version of the portal (migrations "
                f"{', '.join(unknown)} are unknown here): upgrade the code first."
            )
        yield backup


# ---------------------------------------------------------------------------------------
# Restoring


def _restore_postgres(backup: Backup) -> None:
    args, env = _pg_command("pg_restore")
    # The application's connection must not hold anything while tables are replaced.
    connection.close()
    # One transaction: if anything fails, the database stays as it was. --clean drops
    # each table before re-creating it (the audit trail's append-only trigger goes with
    # its table and comes back after the rows are loaded).
    _run(
        [
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            str(backup.database_path),
        ],
        env,
        "pg_restore",
        "Nothing was changed. Stop the web server, the worker and beat, and check that the "
        "PostgreSQL client is as new as the server.",
    )


def other_sessions() -> list[str]:
    """Who else is connected to the PostgreSQL database: a restore waits for their locks."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(nullif(application_name, ''), 'a client') || ' from ' || "
            "coalesce(host(client_addr), 'this machine') FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def _restore_sqlite(backup: Backup) -> None:
    # The online backup API, run the other way round, replaces the live database page by
    # page under SQLite's own lock; no file is swapped under other connections.
    source = sqlite3.connect(backup.database_path)
    try:
        source.backup(_sqlite_raw())
    except sqlite3.OperationalError as error:
        raise BackupError(
            f"The SQLite database could not be replaced ({error}); stop the portal first."
        ) from None
    finally:
        source.close()


def _guard_media_root(root: Path) -> None:
    """Refuse to empty a MEDIA_ROOT that is obviously not a folder of uploads."""
    base = Path(settings.BASE_DIR).resolve()
    if root == Path(root.anchor) or root == Path.home() or base.is_relative_to(root):
        raise BackupError(f"MEDIA_ROOT={root} does not look like a folder of uploads.")


def _restore_media(backup: Backup) -> None:
    root = _media_root()
    _guard_media_root(root)
    root.mkdir(parents=True, exist_ok=True)
    # MEDIA_ROOT may be a mount point (a Docker volume): its contents are replaced, the
    # folder itself stays.
    for entry in root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if backup.media_path.is_dir():
        shutil.copytree(backup.media_path, root, dirs_exist_ok=True)


def _pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def backup_restore(backup: Backup) -> RestoreReport:
    """Replace the database and MEDIA_ROOT with the archive's, then check both."""
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside another transaction.")
    if backup.manifest.vendor == "postgresql":
        _restore_postgres(backup)
    else:
        _restore_sqlite(backup)
    _restore_media(backup)
    report = RestoreReport(manifest=backup.manifest)
    expected = backup.manifest.tables
    found = database_state()
    report.unmatched_tables = sorted(name for name in expected if found.get(name) != expected[name])
    report.extra_tables = sorted(set(found) - set(expected))
    media = media_state()
    report.unmatched_media = sorted(
        name
        for name in set(media) | set(backup.manifest.media)
        if media.get(name) != backup.manifest.media.get(name)
    )
    report.pending_migrations = _pending_migrations()
    return report
