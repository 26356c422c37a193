"""``manage.py restore_site FILE``: put back the database and uploaded files of a backup.

Destructive: it replaces the whole database and everything under MEDIA_ROOT, so it asks
first unless given ``--yes``. Afterwards every table's row count and checksum, and every
file, is compared with the backup's manifest; any difference fails the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.dateparse import parse_datetime
from django.utils.timezone import localtime

from operations.backup.archive import backup_open
from operations.backup.manifest import VENDOR_NAMES, BackupError, files
from operations.backup.restore import backup_restore, other_sessions


def _when(created: str) -> str:
    moment = parse_datetime(created)
    return f"{localtime(moment):%Y-%m-%d %H:%M:%S}" if moment else created


class Command(BaseCommand):
    help = "Replace the database and MEDIA_ROOT with a backup made by backup_site."
    # Tests hand the answer to the question in through call_command(..., stdin=...).
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The archive made by backup_site.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (it is destructive)."
        )

    def _confirmed(self, stdin: TextIO) -> bool:
        self.stdout.write("Type 'yes' to continue: ", ending="")
        self.stdout.flush()
        return stdin.readline().strip().lower() == "yes"

    def handle(self, *args: Any, file: Path, yes: bool, **options: Any) -> None:
        stdin: TextIO = options.get("stdin") or sys.stdin
        settings_dict = connection.settings_dict
        database = settings_dict["NAME"]
        if settings_dict.get("HOST"):
            database = f"{database} on {settings_dict['HOST']}"
        try:
            with backup_open(file) as backup:
                manifest = backup.manifest
                vendor = VENDOR_NAMES[manifest.vendor]
                self.stdout.write(
                    f"Backup {file}, made {_when(manifest.created)}: {len(manifest.tables)} "
                    f"tables, {manifest.row_count} rows, {files(len(manifest.media))}."
                )
                self.stdout.write(
                    f"This REPLACES the {vendor} database {database} and everything in "
                    f"{settings.MEDIA_ROOT}. Stop the web server, the worker and beat first."
                )
                others = other_sessions()
                if others:
                    self.stdout.write(
                        f"Other connections to the database are open: {', '.join(others)}. "
                        "The restore waits until they let go of their tables."
                    )
                if not yes and not self._confirmed(stdin):
                    raise CommandError("Not restored: the answer was not 'yes'.")
                report = backup_restore(backup)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not report.verified:
            problems = [f"table {name}" for name in report.unmatched_tables]
            problems += [f"file {name}" for name in report.unmatched_media]
            raise CommandError(
                "The restore finished but does not match the backup's manifest: "
                + ", ".join(problems)
            )
        self.stdout.write(
            f"Restored the {vendor} database: {len(manifest.tables)} tables, "
            f"{manifest.row_count} rows; every table's row count and checksum match the backup."
        )
        self.stdout.write(
            f"Restored {files(len(manifest.media))} into {settings.MEDIA_ROOT}; all match."
        )
        if report.extra_tables:
            self.stdout.write(
                "These tables are not in the backup and were left as they were: "
                + ", ".join(report.extra_tables)
            )
        if report.pending_migrations:
            self.stdout.write(
                f"The backup predates {report.pending_migrations} migrations of this version: "
                "run `manage.py migrate` before starting the portal."
            )
        self.stdout.write(
            "Personal data is readable only with the FIELD_ENCRYPTION_KEY in use when the "
            "backup was made. Start the web server, the worker and beat again."
        )
