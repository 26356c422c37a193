"""Monthly reports: asking for one, writing it, and reading it back.

A report is one PDF per area and month under ``MEDIA_ROOT/reports/<area code>/``. It is
written to a temporary file beside the final one and moved into place with
``os.replace``, so a reader (or a crash) never sees half a file, and a failed run leaves
the previous report where it was, with the error on the report's row.
"""

from __future__ import annotations

import logging
import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.safestring import SafeString

from care.coverage import count_for_reports
from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.celery import task
from laoshan_portal.health import broker_ping
from laoshan_portal.official import issuing
from laoshan_portal.pdf import render_pdf
from laoshan_portal.scoping import Scope
from laoshan_portal.verification import issuer_name

from .figures import dashboard_figures
from .models import MonthlyReport
from .periods import Month
from .svg import bar_chart

logger = logging.getLogger(__name__)
REPORT_LEVELS = (Area.Level.DISTRICT, Area.Level.STREET, Area.Level.COMMUNITY)
REPORTS_DIR = "reports"


def report_areas(*, scope: Scope) -> models.QuerySet[Area]:
    """The areas that get a monthly report, within ``scope``."""
    return scope.filter(Area.objects.filter(level__in=REPORT_LEVELS), "").order_by("path")


def report_path(area: Area, month: Month) -> str:
    """Where the report lives, relative to MEDIA_ROOT (codes are letters, digits and dashes)."""
    return f"{REPORTS_DIR}/{area.code}/{month}.pdf"


def report_filename(report: MonthlyReport) -> str:
    return f"{report.area.name}-{report.month:%Y-%m}-月度报告.pdf"


def report_open(report: MonthlyReport) -> IO[bytes] | None:
    """The report's file opened for reading, or None when there is none yet."""
    if not report.file:
        return None
    path = (Path(settings.MEDIA_ROOT) / report.file).resolve()
    if not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve() / REPORTS_DIR):
        return None
    try:
        return path.open("rb")
    except FileNotFoundError:
        return None


def report_download(
    *, actor: Any, report: MonthlyReport, ip: str | None = None
) -> IO[bytes] | None:
    """The report's file for a reader, recorded as an export; None when there is none."""
    opened = report_open(report)
    if opened is not None:
        audit_record(actor=actor, action=AuditEvent.Action.EXPORT, obj=report, ip=ip)
    return opened


def report_request(*, area: Area, month: Month, actor: Any = None) -> tuple[MonthlyReport, bool]:
    """Mark the report queued and send its task; False when the queue is unreachable."""
    with transaction.atomic():
        report, _created = MonthlyReport.objects.select_for_update().get_or_create(
            area=area, month=month.start
        )
        report.status = MonthlyReport.Status.QUEUED
        report.error = ""
        report.requested_by = actor if getattr(actor, "is_authenticated", False) else None
        report.requested_at = timezone.now()
        report.save()
    generate_monthly_report = task("reports.tasks.generate_monthly_report")
    try:
        if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
            broker_ping(timeout=1)  # a stopped Redis answers now, not after Celery's retries
        generate_monthly_report.apply_async(args=[report.pk], retry=False)
    except Exception as error:  # the broker down: say so on the row and to the user
        if generate_monthly_report.app.conf.task_always_eager:  # the task itself failed
            report.refresh_from_db()
            return report, True
        logger.warning("Report %s not queued: %s", report.pk, error)
        MonthlyReport.objects.filter(pk=report.pk).update(
            status=MonthlyReport.Status.FAILED, error=f"queue unavailable: {error}"[:2000]
        )
        report.refresh_from_db()
        return report, False
    report.refresh_from_db()
    return report, True


def report_issuer(area: Area) -> str:
    """The bureau of the district the area lies in issues its reports."""
    codes = area.path.strip("/").split("/")
    district = Area.objects.filter(code__in=codes, level=Area.Level.DISTRICT).first()
    return issuer_name(district or area)


def pdf_chart(labels: list[Any], values: list[Any], **options: Any) -> SafeString:
    """A report's bar chart: its values and labels in table cells under the bars (the
    heights leave the bars as tall as with the text inside the picture)."""
    return bar_chart(labels, values, text_in_svg=False, **{"height": 162, **options})


def report_context(area: Area, month: Month) -> dict[str, Any]:
    board = dashboard_figures(area=area, month=month, viewer_scope=Scope(area=area), exact=True)
    return {
        "board": board,
        "area": area,
        "month": month,
        "generated": timezone.localtime(),
        "issuing": issuing(report_issuer(area), clock.today()),
        "trend_svg": pdf_chart(
            board.trend["months"], board.trend["hours"], line=board.trend["activities"]
        ),
        "children_svg": pdf_chart(
            [row["area"].name for row in board.children],
            [row["cadres"] for row in board.children],
        )
        if board.children
        else "",
        "campaigns_svg": pdf_chart(
            [row["name"] for row in board.campaigns],
            [row["activities"] for row in board.campaigns],
            height=142,
        ),
        "stars_svg": pdf_chart(
            [row["label"] for row in board.stars],
            [row["count"] for row in board.stars],
            height=122,
        ),
    }


def _partial_prefix(final: Path) -> str:
    return f".partial-{final.stem}-"


def remove_partials(relative: str) -> None:
    """Delete what a run killed mid-write (a worker lost) left beside the report."""
    final = Path(settings.MEDIA_ROOT) / relative
    for leftover in final.parent.glob(_partial_prefix(final) + "*"):
        leftover.unlink(missing_ok=True)


def write_atomically(relative: str, content: bytes) -> int:
    """Write ``content`` at MEDIA_ROOT/``relative`` in one step; returns its size."""
    final = Path(settings.MEDIA_ROOT) / relative
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=final.parent, prefix=_partial_prefix(final), suffix=".pdf"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(content)


def report_generate(report_id: int) -> MonthlyReport:
    """Write the report's PDF (the task's body). Raises after recording any error."""
    report = MonthlyReport.objects.select_related("area").get(pk=report_id)
    MonthlyReport.objects.filter(pk=report_id).update(
        status=MonthlyReport.Status.RUNNING,
        attempts=models.F("attempts") + 1,
        started_at=timezone.now(),
    )
    month = Month.of(report.month)
    try:
        relative = report_path(report.area, month)
        remove_partials(relative)
        content = render_pdf("reports/report_pdf.html", report_context(report.area, month))
        size = write_atomically(relative, content)
    except Exception as error:
        MonthlyReport.objects.filter(pk=report_id).update(
            status=MonthlyReport.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    MonthlyReport.objects.filter(pk=report_id).update(
        status=MonthlyReport.Status.DONE,
        file=relative,
        size=size,
        generated_at=timezone.now(),
        error="",
    )
    report.refresh_from_db()
    return report


# A report is written at most this often before it is left failed for a person to look at.
MAX_ATTEMPTS = 5


def reports_recover() -> list[MonthlyReport]:
    """Queue again the reports whose work was lost: "being written" for longer than the
    broker's visibility timeout (the worker died with it), or "queued" for longer than
    REPORT_QUEUED_LIMIT (the message is gone, e.g. Redis restarted without it). A report
    tried MAX_ATTEMPTS times is left failed, saying why. The reports queued again."""
    now = timezone.now()
    lost_worker = now - timedelta(
        seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )
    lost_message = now - timedelta(seconds=settings.REPORT_QUEUED_LIMIT)
    stuck = MonthlyReport.objects.select_related("area").filter(
        models.Q(status=MonthlyReport.Status.RUNNING, started_at__lt=lost_worker)
        | models.Q(status=MonthlyReport.Status.QUEUED, requested_at__lt=lost_message)
    )
    requeued = []
    for report in stuck:
        if report.attempts >= MAX_ATTEMPTS:
            MonthlyReport.objects.filter(pk=report.pk).update(
                status=MonthlyReport.Status.FAILED,
                error=f"interrupted {report.attempts} times; not queued again",
            )
            continue
        logger.warning("Report %s was %s too long: queued again", report.pk, report.status)
        requeued.append(
            report_request(
                area=report.area, month=Month.of(report.month), actor=report.requested_by
            )[0]
        )
    return requeued


def reports_coverage(months: list[Month]) -> int:
    """Before the monthly reports of ``months``: the care plans' coverage of every
    reported area in each month, counted in one pass for the whole tree and every month
    (``count_for_reports``), where each report would count its own subtree's; returns how
    many figures were kept."""
    areas = report_areas(scope=Scope(area=None, unrestricted=True))
    return count_for_reports(areas=areas, days=[month.as_of() or month.end for month in months])


def reports_queue(*, month: Month, areas: models.QuerySet[Area]) -> list[MonthlyReport]:
    """Queue one report per area (the monthly job and the operators' command)."""
    return [report_request(area=area, month=month)[0] for area in areas]
