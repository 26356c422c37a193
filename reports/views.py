"""Dashboards per area and the monthly reports page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.audit.services import client_ip
from laoshan_portal.pages import paged
from laoshan_portal.scoping import ScopedRequest, get_in_scope_or_404, staff_view

from . import services
from .figures import DASHBOARD_LEVELS, dashboard_figures
from .models import MonthlyReport
from .periods import Month
from .selectors import report_list

app_name = "reports"
MONTH_CHOICES = 24
REPORTS_PER_PAGE = 50


def chosen_month(request: ScopedRequest) -> Month:
    """``?month=YYYY-MM`` when it is a month up to this one; otherwise the month a
    dashboard opens on (the last complete one until this one has a week behind it)."""
    try:
        month = Month.parse(request.GET.get("month", ""))
    except ValueError:
        return Month.opening()
    return month if month <= Month.current() else Month.opening()


def month_choices() -> list[Month]:
    return list(reversed(Month.current().trailing(MONTH_CHOICES)))


@staff_view(methods=("GET",))
def dashboard(request: ScopedRequest) -> HttpResponse:
    """The reader's own area; a reader without an area has no dashboard."""
    scope = request.scope
    if scope.area is None:
        return render(request, "reports/no_dashboard.html", status=200)
    return _dashboard(request, scope.area)


@staff_view(scoped=Area, kwarg="pk", methods=("GET",))
def dashboard_area(request: ScopedRequest, area: Area) -> HttpResponse:
    if area.level not in DASHBOARD_LEVELS:
        raise Http404
    return _dashboard(request, area)


def _dashboard(request: ScopedRequest, area: Area) -> HttpResponse:
    scope = request.scope
    month = chosen_month(request)
    figures = dashboard_figures(area=area, month=month, viewer_scope=scope)
    ancestors = area_list(scope=scope).filter(path__in=area.ancestor_paths()).order_by("depth")
    report = (
        report_list(scope=scope).filter(area=area, month=month.start).first()
        if request.user.has_perm("reports.view_monthlyreport")
        else None
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "board": figures,
            "month": month,
            "months": month_choices(),
            "ancestors": ancestors,
            "report": report,
            "charts": _charts(figures),
        },
    )


def _charts(board: Any) -> dict[str, Any]:
    children = board.children
    return {
        "trend": {
            "labels": board.trend["months"],
            "series": [
                {"name": _("Service hours"), "type": "bar", "values": board.trend["hours"]},
                {
                    "name": _("Volunteer activities"),
                    "type": "line",
                    "values": board.trend["activities"],
                },
            ],
        },  # fmt: skip
        "children": {
            "labels": [row["area"].name for row in children],
            "values": [row["cadres"] for row in children],
            "links": [row["link"] for row in children],
        },
        "campaigns": {
            "labels": [row["name"] for row in board.campaigns],
            "values": [row["activities"] for row in board.campaigns],
        },
        "mediation": {
            "labels": [row["name"] for row in board.mediation["categories"]],
            "series": [
                {
                    "name": pgettext("mediation cases", "Received"),
                    "type": "bar",
                    "values": [row["count"] for row in board.mediation["categories"]],
                },
            ],
        },  # fmt: skip
        "stars": {
            "labels": [row["label"] for row in board.stars],
            "values": [row["count"] for row in board.stars],
        },
    }


# ----------------------------------------------------------------------------- reports


@staff_view("reports.view_monthlyreport", methods=("GET",))
def report_index(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    month = chosen_month(request) if request.GET.get("month") else None
    reports = report_list(scope=scope).select_related("area")
    if month is not None:
        reports = reports.filter(month=month.start)
    return render(
        request,
        "reports/report_list.html",
        {
            "page": paged(request, reports, REPORTS_PER_PAGE),
            "month": month,
            "months": month_choices(),
            "can_generate": request.user.has_perm("reports.add_monthlyreport"),
            "generate_month": month or Month.current().previous(),
            "areas": services.report_areas(scope=scope),
        },
    )


@staff_view("reports.view_monthlyreport", scoped=MonthlyReport, methods=("GET",))
def report_status(request: ScopedRequest, report: MonthlyReport) -> HttpResponse:
    """One report's row; htmx polls it while the report is being written."""
    return render(
        request,
        "reports/_report_row.html",
        {"report": report, "can_generate": request.user.has_perm("reports.add_monthlyreport")},
    )


@staff_view("reports.view_monthlyreport", scoped=MonthlyReport, methods=("GET",))
def report_file(request: ScopedRequest, report: MonthlyReport) -> FileResponse:
    """The PDF, inline (``?download=1``: as an attachment); only through this view."""
    opened = services.report_download(actor=request.user, report=report, ip=client_ip(request))
    if opened is None:
        raise Http404
    download = request.GET.get("download") == "1"
    response = FileResponse(
        opened,
        content_type="application/pdf",
        as_attachment=download,
        filename=services.report_filename(report),
    )
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view("reports.add_monthlyreport", methods=("POST",))
def report_generate(request: ScopedRequest) -> HttpResponse:
    """Queue the report of an area in scope and a month; answers with its live row."""
    scope = request.scope
    try:
        month = Month.parse(request.POST.get("month", ""))
    except ValueError:
        month = None
    area = get_in_scope_or_404(Area, scope, pk=request.POST.get("area") or 0)
    if month is None or month > Month.current() or area.level not in DASHBOARD_LEVELS:
        messages.error(request, _("Choose an area and a month up to this one."))
        return redirect("reports:report_list")
    report, queued = services.report_request(area=area, month=month, actor=request.user)
    if not queued:
        messages.error(request, _("The report queue is unavailable; please try again later."))
    if request.headers.get("HX-Request"):
        return render(request, "reports/_report_row.html", {"report": report, "can_generate": True})
    return redirect(reverse("reports:report_list") + f"?month={month}")


urlpatterns = [
    path("dashboard/", dashboard, name="dashboard"),
    path("dashboard/<int:pk>/", dashboard_area, name="dashboard_area"),
    path("reports/", report_index, name="report_list"),
    path("reports/generate/", report_generate, name="report_generate"),
    path("reports/<int:pk>/", report_status, name="report_status"),
    path("reports/<int:pk>/pdf/", report_file, name="report_file"),
]
