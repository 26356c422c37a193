"""Pages of the budget: the figures of an area and month with their chart, a budget line,
entering a line and allocating from it."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.pages import can, form_page, service_kwargs
from laoshan_portal.scoping import ScopedRequest, get_in_scope_or_404, staff_view

from .. import services
from ..forms import AllocationForm, BudgetLineChangeForm, BudgetLineForm
from ..models import BudgetLine
from ..selectors import funds_figures, line_allocated, line_list

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(text: str) -> tuple[int, int]:
    """``YYYY-MM`` from the query string; this Beijing month otherwise."""
    found = MONTH.match(text or "")
    if found and 2000 <= int(found[1]) <= 2100 and 1 <= int(found[2]) <= 12:
        return int(found[1]), int(found[2])
    today = clock.today()
    return today.year, today.month


def _area(request: ScopedRequest) -> Area | None:
    """The area asked for (``?area=``, in scope or a 404), else the reader's own."""
    wanted = request.GET.get("area")
    if wanted:
        return get_in_scope_or_404(Area, request.scope, pk=wanted)
    if request.scope.area is not None:
        return request.scope.area
    return area_list(scope=request.scope).order_by("depth", "path").first()


def _chart(figures: dict[str, Any]) -> dict[str, Any]:
    """Budget, allocated and spent (to date) by source, for ``charts.js``."""
    return {
        "labels": [row["name"] for row in figures["budget_by_source"]],
        "series": [
            {"name": label, "type": "bar", "values": [str(r["amount"]) for r in rows]}
            for label, rows in (
                (_("Budget"), figures["budget_by_source"]),
                (_("Allocated"), figures["allocated_by_source"]),
                (_("Spent"), figures["spent_by_source"]),
            )
        ],
    }


@staff_view("funds.view_allocation")
def funds_overview(request: ScopedRequest) -> HttpResponse:
    area = _area(request)
    year, month = _month(request.GET.get("month", ""))
    figures = (
        funds_figures(scope=request.scope, area=area, year=year, month=month) if area else None
    )
    lines = line_list(scope=request.scope).filter(year=year).select_related("area")
    if area is not None:
        lines = lines.filter(area__path__startswith=area.path)
    children = area_list(scope=request.scope).filter(parent=area) if area else Area.objects.none()
    return render(
        request,
        "funds/overview.html",
        {
            "figures": figures,
            "chart": _chart(figures) if figures else None,
            "month_value": f"{year:04d}-{month:02d}",
            "lines": lines,
            "children": children.order_by("path"),
            **can(
                request,
                "funds.add_budgetline",
                "funds.view_spending",
                "accounts.export_data",
            ),
        },
    )


@staff_view("funds.add_budgetline", methods=("GET", "POST"))
def line_create(request: ScopedRequest) -> HttpResponse:
    form = BudgetLineForm(request.POST or None, scope=request.scope)
    return form_page(
        request,
        form,
        save=lambda: services.budget_line_create(
            area=form.cleaned_data["area"],
            year=form.cleaned_data["year"],
            source=form.cleaned_data["source"],
            amount=form.cleaned_data["amount"],
            notes=form.cleaned_data["notes"],
            **service_kwargs(request),
        ),
        done=lambda line: reverse("funds:line_detail", args=[line.pk]),
        message=_("Budget line %(name)s saved."),
        context={"title": _("Enter a budget line"), "cancel": reverse("funds:overview")},
    )


@staff_view("funds.change_budgetline", scoped=BudgetLine, methods=("GET", "POST"))
def line_edit(request: ScopedRequest, line: BudgetLine) -> HttpResponse:
    """Correct a line's amount or notes (district staff; audited with old and new)."""
    form = BudgetLineChangeForm(
        request.POST or None, initial={"amount": line.amount, "notes": line.notes}
    )
    back = reverse("funds:line_detail", args=[line.pk])
    return form_page(
        request,
        form,
        save=lambda: services.budget_line_update(
            line=line,
            amount=form.cleaned_data["amount"],
            notes=form.cleaned_data["notes"],
            **service_kwargs(request),
        ),
        done=back,
        message=_("Budget line %(name)s saved."),
        context={"title": _("Change %(name)s") % {"name": line}, "cancel": back},
    )


@staff_view("funds.view_budgetline", scoped=BudgetLine)
def line_detail(request: ScopedRequest, line: BudgetLine) -> HttpResponse:
    allocated = line_allocated(line)
    return render(
        request,
        "funds/line_detail.html",
        {
            "line": line,
            "allocated": allocated,
            "remaining": line.amount - allocated,
            "allocations": line.allocations.select_related("area").order_by("-date", "-pk"),
            **can(request, "funds.add_allocation", "funds.change_budgetline"),
        },
    )


@staff_view("funds.add_allocation", scoped=BudgetLine, methods=("GET", "POST"))
def allocation_create(request: ScopedRequest, line: BudgetLine) -> HttpResponse:
    form = AllocationForm(request.POST or None, scope=request.scope, line=line)
    back = reverse("funds:line_detail", args=[line.pk])
    return form_page(
        request,
        form,
        save=lambda: services.allocation_create(
            line=line,
            area=form.cleaned_data["area"],
            day=form.cleaned_data["date"],
            purpose_kind=form.cleaned_data["purpose_kind"],
            purpose=form.cleaned_data["purpose"],
            amount=form.cleaned_data["amount"],
            workroom=form.cleaned_data["workroom"],
            team=form.cleaned_data["team"],
            campaign_activity=form.cleaned_data["campaign_activity"],
            **service_kwargs(request),
        ),
        done=back,
        message=_("Allocation %(name)s saved."),
        context={"title": _("Allocate from %(line)s") % {"line": line}, "cancel": back},
    )


urlpatterns: list[URLPattern] = [
    path("funds/", funds_overview, name="overview"),
    path("funds/lines/new/", line_create, name="line_create"),
    path("funds/lines/<int:pk>/", line_detail, name="line_detail"),
    path("funds/lines/<int:pk>/edit/", line_edit, name="line_edit"),
    path("funds/lines/<int:pk>/allocate/", allocation_create, name="allocation_create"),
]
