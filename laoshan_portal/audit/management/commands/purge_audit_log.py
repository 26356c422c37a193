"""``manage.py purge_audit_log``: remove audit events older than the retention period."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from laoshan_portal import clock
from laoshan_portal.audit.services import RETENTION_DAYS, audit_purge


class Command(BaseCommand):
    help = f"Delete audit events older than --days (at least {RETENTION_DAYS})."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=RETENTION_DAYS)

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        try:
            deleted, cutoff = audit_purge(days=days)
        except ValueError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(
                f"The database refused the purge ({error}). The portal's own role may only "
                "add to the audit trail: run this with the migration role "
                "(DATABASE_URL=$MIGRATION_DATABASE_URL, docs/OPERATIONS.md)."
            ) from error
        when = clock.local(cutoff)
        self.stdout.write(f"Deleted {deleted} audit events older than {when:%Y-%m-%d %H:%M}.")
