"""Compare the dashboards' summary with a recount: ``manage.py summary_check [--repair]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports import checking


class Command(BaseCommand):
    help = (
        "Recount every fresh month × area summary row and every volunteer's standing and "
        "report differences (exit status 1 if any); --repair stores the recount."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true", help="store the recount")

    def handle(self, *args: Any, repair: bool = False, **options: Any) -> None:
        found = checking.check(repair=repair)
        for difference in found:
            self.stdout.write(str(difference))
        if found and not repair:
            raise CommandError(f"{len(found)} differences between the summary and a recount")
        done = "repaired" if repair else "no differences"
        self.stdout.write(f"{len(found)} differences; {done}" if found else "no differences")
