"""The demo's monthly reports: last month's, for the areas of the demo accounts, so the
reports page shows real reports from the start (written by the report task, inline
without a broker; the monthly job writes every other area's on the 1st)."""

from __future__ import annotations

from laoshan_portal.accounts.models import User
from laoshan_portal.scoping import Scope
from laoshan_portal.signals import bulk_change

from . import services
from .models import MonthlyReport
from .periods import Month


def seed() -> dict[str, int]:
    """Queue last month's report of each demo account's area not written or queued yet;
    idempotent. Without a broker the report is written at once; with one, the worker
    writes it."""
    bulk_change.send(sender=None)  # the other apps' demo rows count in the figures
    month = Month.current().previous()
    areas = services.report_areas(scope=Scope(area=None, unrestricted=True))
    written = MonthlyReport.objects.filter(month=month.start).exclude(
        status=MonthlyReport.Status.FAILED
    )
    accounts = User.objects.filter(area__isnull=False).values("area_id")
    missing = areas.filter(pk__in=accounts).exclude(pk__in=written.values("area_id"))
    return {"monthly reports": len(services.reports_queue(month=month, areas=missing))}
