"""``manage.py backup_site``: the database and the uploaded files, in one archive.

See ``operations/backup/`` for what the archive holds and docs/OPERATIONS.md for
where to keep it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from operations.backup.archive import backup_create, default_backup_path
from operations.backup.manifest import VENDOR_NAMES, BackupError, files


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    size = count / 1024
    for unit in ("KB", "MB"):
        if size < 1024:
            return f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into one .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="The archive to write (it must not exist yet)."
        )
        parser.add_argument(
            "--dir",
            dest="directory",
            type=Path,
            default=Path(settings.BASE_DIR) / "var" / "backups",
            help="Where a dated archive laoshan-YYYYmmdd-HHMMSS.tar.gz goes (var/backups).",
        )

    def handle(self, *args: Any, output: Path | None, directory: Path, **options: Any) -> None:
        path = output or default_backup_path(directory)
        try:
            manifest = backup_create(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        database = connection.settings_dict["NAME"]
        self.stdout.write(
            f"Backed up the {VENDOR_NAMES[manifest.vendor]} database {database} "
            f"({len(manifest.tables)} tables, {manifest.row_count} rows) and "
            f"{files(len(manifest.media))} from {settings.MEDIA_ROOT} "
            f"({_size(manifest.media_bytes)})."
        )
        self.stdout.write(f"Archive: {path.resolve()} ({_size(path.resolve().stat().st_size)})")
        self.stdout.write(
            "ID numbers, phones and health and family notes are in it encrypted: keep "
            "FIELD_ENCRYPTION_KEY apart from the archive; without the key they cannot be "
            "read. Names and accounts are not encrypted: keep the archive itself safe too."
        )
