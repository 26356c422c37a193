"""Putting an opened archive back (``backup_restore``) and checking what came back."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .archive import Backup
from .database import database_state, sqlite_raw
from .manifest import BackupError, RestoreReport
from .media import media_root, media_state
from .postgres import pg_command, pg_run


def _restore_postgres(backup: Backup) -> None:
    args, env = pg_command("pg_restore")
    # The application's connection must not hold anything while tables are replaced.
    connection.close()
    # One transaction: if anything fails, the database stays as it was. --clean drops
    # each table before re-creating it (the audit trail's append-only trigger goes with
    # its table and comes back after the rows are loaded).
    pg_run(
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
        source.backup(sqlite_raw())
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
    root = media_root()
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
