"""``manage.py purge_audit_log``: remove audit events older than the retention period."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from laoshan_portal.audit.models import AuditEvent

MINIMUM_DAYS = 180


class Command(BaseCommand):
    help = "Delete audit events older than --days (at least 180)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=MINIMUM_DAYS)

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if days < MINIMUM_DAYS:
            raise CommandError(f"Audit events are kept at least {MINIMUM_DAYS} days.")
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} audit events older than {cutoff:%Y-%m-%d}.")
