"""Background tasks of dashboards and reports (the Celery worker discovers them here)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery import chord, shared_task
from django.conf import settings

from laoshan_portal.scoping import Scope

from . import checking, counting, services, summary
from .periods import Month

logger = logging.getLogger(__name__)
RETRIES = 3
RETRY_DELAY_SECONDS = 30  # then 60, 90


# The outcome lives on the report's row: no result to store (nor to wait for on Redis).
@shared_task(
    bind=True,
    max_retries=RETRIES,
    acks_late=True,
    ignore_result=True,
    time_limit=settings.REPORT_TIME_LIMIT,
    soft_time_limit=settings.REPORT_TIME_LIMIT - 15,
)
def generate_monthly_report(self: Any, report_id: int) -> str:
    """Write one area's report; on failure the error is on its row, then a retry."""
    try:
        services.report_generate(report_id)
    except Exception as error:
        if self.request.is_eager or self.request.retries >= RETRIES:
            raise
        delay = RETRY_DELAY_SECONDS * (self.request.retries + 1)
        raise self.retry(exc=error, countdown=delay) from error
    return "done"


@shared_task
def generate_all_monthly_reports(month: str = "") -> int:
    """The 1st of each month, 02:00: last month's report for every area, one task each,
    once what they read has been counted for the whole tree (``prepare_then_queue``)."""
    chosen = Month.parse(month) if month else Month.current().previous()
    return prepare_then_queue([chosen])


def prepare_then_queue(months: list[Month]) -> int:
    """Count what the reports of ``months`` read, a task for each part, side by side on
    the worker's processes: the care plans' coverage of every area in each month (one
    pass for them all, the longest part, sent first), and the summary rows of each month
    to count (``summary.months_for_reports``: the month, and the twelve before it where a
    row is stale or missing), one pass of the whole tree each; when the last part is
    counted (a chord), queue the reports. Returns how many parts were sent."""
    counted = sorted({one for month in months for one in summary.months_for_reports(month)})
    parts = [count_report_coverage.si([str(month) for month in months])]
    parts += [
        count_month_rows.si(
            str(one),
            summary.stars_for_reports(one, months),
            summary.volunteers_for_reports(one, months),
        )
        for one in counted
    ]
    chord(parts)(queue_reports.si([str(month) for month in months]))
    return len(parts)


@shared_task
def count_month_rows(month: str, stars: counting.Stars = "all", volunteers: bool = True) -> int:
    """One month's summary rows of every area, in one pass (before the reports), with the
    star levels ``stars`` says and the volunteers if ``volunteers``
    (``summary.stars_for_reports``, ``summary.volunteers_for_reports``)."""
    return _sparing_the_reports(
        f"summary rows of {month}",
        lambda: summary.refresh_all_trees(Month.parse(month), stars=stars, volunteers=volunteers),
    )


@shared_task
def count_report_coverage(months: list[str]) -> int:
    """The care plans' coverage of every reported area in each of ``months``, in one pass
    (before the reports)."""
    return _sparing_the_reports(
        f"care plans' coverage of {', '.join(months)}",
        lambda: services.reports_coverage([Month.parse(one) for one in months]),
    )


def _sparing_the_reports(what: str, count: Callable[[], int]) -> int:
    """A part only spares the reports work (a report counts a stale row or its coverage
    itself): one that fails is logged, and the reports are queued all the same."""
    try:
        return count()
    except Exception:
        logger.exception("The %s were not counted before the reports", what)
        return 0


@shared_task
def queue_reports(months: list[str]) -> int:
    """Queue the report of every area for each of ``months``, once they are prepared."""
    areas = services.report_areas(scope=Scope(area=None, unrestricted=True))
    return sum(len(services.reports_queue(month=Month.parse(one), areas=areas)) for one in months)


@shared_task
def recover_stuck_reports() -> int:
    """Every 10 minutes: queue again the reports whose worker or message was lost."""
    return len(services.reports_recover())


@shared_task
def refresh_stale_summaries() -> int:
    """Compute again the summary rows that changes have marked stale."""
    return summary.refresh_stale()


@shared_task(ignore_result=True)
def refresh_area_months(area_id: int, months: list[str]) -> None:
    """Compute again one area's stale rows that a dashboard has just shown."""
    from laoshan_portal.accounts.models import Area

    area = Area.objects.filter(pk=area_id).first()
    if area is not None:
        summary.area_months(area, [Month.parse(month) for month in months], exact=True)


@shared_task(ignore_result=True)
def refresh_month_tree(area_id: int, month: str) -> None:
    """Count one month's rows of an area's whole tree, after a page counted the top two
    levels of a large tree (``summary.LARGE_TREES``)."""
    from laoshan_portal.accounts.models import Area

    area = Area.objects.filter(pk=area_id).first()
    if area is not None:
        summary.refresh_tree(area, Month.parse(month))


@shared_task
def check_summaries() -> int:
    """Each night: compare the summary kept by deltas with a recount; log and repair any
    difference (there should be none)."""
    found = checking.check(repair=True)
    for difference in found:
        logger.error("Summary differed from a recount (repaired): %s", difference)
    return len(found)
