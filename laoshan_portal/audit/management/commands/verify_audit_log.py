"""``manage.py verify_audit_log``: check the audit trail's hash chain from its start.

Exit status 0 when every event checks; 1, naming the first event that does not, when one
was changed, removed or slipped in (by anyone, a database superuser included).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from laoshan_portal import clock
from laoshan_portal.audit.services import audit_verify

REASONS = {
    "content": "its content no longer gives its hash: it was changed",
    "link": "it does not link to the event before it: an event was removed or inserted",
}


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; report the first event that breaks it."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_verify()
        if broken is not None:
            when = clock.local(broken.at)
            raise CommandError(
                f"The audit trail is broken at event {broken.event_id} ({when:%Y-%m-%d %H:%M}): "
                f"{REASONS[broken.reason]}. {checked} events before it check."
            )
        self.stdout.write(f"The audit trail holds: {checked} events check.")
