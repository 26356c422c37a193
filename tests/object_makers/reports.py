"""Object makers of dashboards and reports: a summary row and a written report.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from reports import services
from reports.models import AreaMonth, MonthlyReport
from reports.periods import Month

MONTH = Month(2026, 10)


def make_area_month(area: Any) -> AreaMonth:
    return AreaMonth.objects.create(area=area, month=MONTH.start, refreshed_at=timezone.now())


def make_report(area: Any) -> MonthlyReport:
    """A report with a file on disk (a stand-in PDF: the scope tests only fetch it)."""
    relative = services.report_path(area, MONTH)
    size = services.write_atomically(relative, b"%PDF-1.7\n% stand-in\n")
    return MonthlyReport.objects.create(
        area=area, month=MONTH.start, status=MonthlyReport.Status.DONE, file=relative,
        size=size, generated_at=timezone.now(),
    )  # fmt: skip


MAKERS = {AreaMonth: make_area_month, MonthlyReport: make_report}
