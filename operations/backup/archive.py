"""Writing an archive (``backup_create``) and opening one for a restore (``backup_open``)."""

from __future__ import annotations

import io
import os
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .database import DatabaseState, postgres_state, require_vendor, sqlite_raw, sqlite_state
from .manifest import DATABASE_FILES, MANIFEST, MEDIA, VENDOR_NAMES, BackupError, Manifest
from .media import archive_add, file_state, media_files, media_root, media_state
from .postgres import pg_command, pg_run

# ---------------------------------------------------------------------------------------
# Backing up


def _dump_postgres(target: Path) -> DatabaseState:
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside another transaction.")
    args, env = pg_command("pg_dump")
    # One snapshot for pg_dump and for the checksums: the manifest describes the dump.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        pg_run(
            [*args, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            env,
            "pg_dump",
        )
        return postgres_state(cursor)


def _dump_sqlite(target: Path) -> DatabaseState:
    # SQLite's online backup copies a consistent state even while others write; the
    # checksums are then read from that copy.
    with closing(sqlite3.connect(target)) as copy:
        sqlite_raw().backup(copy)
        return sqlite_state(copy)


def default_backup_path(directory: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return directory / f"laoshan-{stamp}.tar.gz"


def backup_create(*, path: Path) -> Manifest:
    """Write the database and MEDIA_ROOT into a new archive at ``path``."""
    require_vendor()
    path = path.resolve()
    root = media_root()
    if path.is_relative_to(root):
        raise BackupError(f"The backup cannot be written inside MEDIA_ROOT ({root}).")
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
                database = archive_add(tar, dump, database_file)
                media = {
                    name: archive_add(tar, source, f"{MEDIA}/{name}")
                    for name, source in media_files(root)
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


def _check(backup: Backup) -> None:
    """Refuse an archive of another database, a damaged one, or one of a newer version."""
    path, manifest = backup.path, backup.manifest
    if manifest.vendor != connection.vendor:
        raise BackupError(
            f"This is a backup of a {VENDOR_NAMES.get(manifest.vendor, manifest.vendor)} "
            f"database; the portal is configured for {VENDOR_NAMES[connection.vendor]}. "
            "A restore goes into the same kind of database."
        )
    if manifest.database_file != DATABASE_FILES[manifest.vendor] or (
        not backup.database_path.is_file() or file_state(backup.database_path) != manifest.database
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


@contextmanager
def backup_open(path: Path) -> Iterator[Backup]:
    """Unpack and check an archive; nothing is changed until ``backup_restore``."""
    require_vendor()
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
        _check(backup)
        yield backup
