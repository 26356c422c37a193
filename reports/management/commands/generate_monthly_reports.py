"""Write the monthly reports of one month: every area, or one area and those below it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope
from reports import services
from reports.models import MonthlyReport
from reports.periods import Month


class Command(BaseCommand):
    help = "Generate the monthly PDF reports (queued to the worker, or here with --now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="The month, as YYYY-MM.")
        parser.add_argument("--area", default="", help="An area code: it and the areas below.")
        parser.add_argument(
            "--now", action="store_true", help="Write them in this process, not on the worker."
        )

    def handle(self, *args: Any, month: str, area: str, now: bool, **options: Any) -> None:
        try:
            chosen = Month.parse(month)
        except ValueError as error:
            raise CommandError(f"--month must be YYYY-MM, not {month!r}.") from error
        scope = Scope(area=None, unrestricted=True)
        if area:
            root = Area.objects.filter(code=area).first()
            if root is None:
                raise CommandError(f"No area has the code {area!r}.")
            scope = Scope(area=root)
        areas = services.report_areas(scope=scope)
        if not areas.exists():
            raise CommandError("No district, street or community to report on there.")
        failed = 0
        for one in areas:
            if now:
                report, _ = MonthlyReport.objects.get_or_create(area=one, month=chosen.start)
                try:
                    report = services.report_generate(report.pk)
                except Exception as error:  # recorded on the row; go on with the others
                    failed += 1
                    self.stderr.write(f"{one.code} {one.name}: failed: {error}")
                    continue
                self.stdout.write(f"{one.code} {one.name}: {report.size} bytes")
            else:
                report, queued = services.report_request(area=one, month=chosen)
                failed += 0 if queued else 1
                self.stdout.write(f"{one.code} {one.name}: {report.get_status_display()}")
        if failed:
            raise CommandError(f"{failed} report(s) failed; see the errors above.")
