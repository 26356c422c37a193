"""Reads of the funds, always through the reader's scope, and their figures per area and
month.

A street or community sees the budget lines of its own areas and the allocations made to
them (with their spending); the district sees everything below it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope, selector_for

from .filters import SpendingFilter
from .models import Allocation, BudgetLine, PurposeKind, Source, Spending, to_fen

ZERO = Decimal("0.00")


@selector_for(BudgetLine)
def line_list(*, scope: Scope) -> models.QuerySet[BudgetLine]:
    return scope.filter(BudgetLine.objects.all(), "area")


@selector_for(Allocation)
def allocation_list(*, scope: Scope) -> models.QuerySet[Allocation]:
    """Allocations reach their scope through the area the money went to."""
    return scope.filter(Allocation.objects.all(), "area")


@selector_for(Spending)
def spending_list(*, scope: Scope) -> models.QuerySet[Spending]:
    return scope.filter(Spending.objects.all(), "allocation__area")


def spending_filtered(*, scope: Scope, params: Any = None) -> SpendingFilter:
    """The spending list and its export: filters applied to the scoped records."""
    queryset = spending_list(scope=scope).select_related(
        "allocation__line", "allocation__area", "created_by", "approved_by"
    )
    return SpendingFilter(params or {}, queryset=queryset, scope=scope)


def _sum(queryset: models.QuerySet[Any], field: str = "amount") -> Decimal:
    return to_fen(queryset.aggregate(total=Sum(field))["total"] or ZERO)


def line_allocated(line: BudgetLine) -> Decimal:
    return _sum(line.allocations.all())


def line_remaining(line: BudgetLine) -> Decimal:
    """What is left of a line to allocate."""
    return to_fen(line.amount - line_allocated(line))


def allocation_committed(allocation: Allocation) -> Decimal:
    """What an allocation may no longer give: every payment entered, approved or not, less
    the reversals once approved (a reversal waiting for approval frees nothing yet)."""
    entered = allocation.spendings.filter(
        Q(amount__gt=0) | Q(amount__lt=0, approved_by__isnull=False)
    )
    return _sum(entered)


def allocation_spent(allocation: Allocation) -> Decimal:
    return _sum(allocation.spendings.filter(approved_by__isnull=False))


@dataclass(frozen=True)
class Window:
    """A Beijing calendar month and the year it lies in."""

    year: int
    month: int

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])


def _by(rows: Any, key: str, choices: Any) -> list[dict[str, Any]]:
    found = {row[key]: to_fen(row["total"] or ZERO) for row in rows}
    return [
        {"code": str(code), "name": str(code.label), "amount": found.get(code, ZERO)}
        for code in choices
    ]


def _cost_per(spent: Decimal, count: int) -> Decimal | None:
    return to_fen(spent / count) if count else None


def _year_rows(
    *, scope: Scope, area: Area, year: int
) -> tuple[models.QuerySet[BudgetLine], models.QuerySet[Allocation], models.QuerySet[Spending]]:
    """The budget lines, allocations and approved spending of ``area``'s subtree for the
    budget ``year``, in the reader's scope."""
    lines = line_list(scope=scope).filter(area__path__startswith=area.path, year=year)
    allocations = allocation_list(scope=scope).filter(
        area__path__startswith=area.path, line__year=year
    )
    approved = spending_list(scope=scope).filter(
        allocation__area__path__startswith=area.path,
        allocation__line__year=year,
        approved_by__isnull=False,
    )
    return lines, allocations, approved


def _spent(approved: models.QuerySet[Spending], window: Window) -> tuple[Decimal, Decimal]:
    """What was spent in the window's month and in its year up to the month's end, in one
    query."""
    row = approved.filter(date__lte=window.end).aggregate(
        month=Sum("amount", filter=Q(date__gte=window.start)), to_date=Sum("amount")
    )
    return to_fen(row["month"] or ZERO), to_fen(row["to_date"] or ZERO)


def funds_headline(*, scope: Scope, area: Area, year: int, month: int) -> dict[str, Decimal]:
    """The two funds figures of the dashboard, as ``funds_figures`` gives them, in two
    queries: ``spent_month`` (approved spending in the month) and ``remaining`` (what was
    allocated in the year and not spent up to the month's end)."""
    _lines, allocations, approved = _year_rows(scope=scope, area=area, year=year)
    spent_month, spent_to_date = _spent(approved, Window(year, month))
    return {
        "spent_month": spent_month,
        "remaining": to_fen(_sum(allocations) - spent_to_date),
    }


def funds_figures(*, scope: Scope, area: Area, year: int, month: int) -> dict[str, Any]:
    """Per area and month: the year's budget and allocations, what was spent (approved)
    in the month and in the year up to its end, what remains, by source and by purpose,
    and the cost per activity and per person served of the spending tied to activities.

    ``area`` is in the reader's scope (the caller fetched it so); the figures are of its
    whole subtree.
    """
    window = Window(year, month)
    lines, allocations, approved = _year_rows(scope=scope, area=area, year=year)
    to_date = approved.filter(date__lte=window.end)
    budget = _sum(lines)
    allocated = _sum(allocations)
    spent_month, spent_to_date = _spent(approved, window)
    return {
        "area": area,
        "year": year,
        "month": month,
        "budget": budget,
        "allocated": allocated,
        "unallocated": to_fen(budget - allocated) if budget else ZERO,
        "spent_month": spent_month,
        "spent_to_date": spent_to_date,
        "remaining": to_fen(allocated - spent_to_date),
        "budget_by_source": _by(
            lines.values("source").annotate(total=Sum("amount")), "source", Source
        ),
        "allocated_by_source": _by(
            allocations.values("line__source").annotate(total=Sum("amount")),
            "line__source",
            Source,
        ),
        "spent_by_source": _by(
            to_date.values("allocation__line__source").annotate(total=Sum("amount")),
            "allocation__line__source",
            Source,
        ),
        "allocated_by_purpose": _by(
            allocations.values("purpose_kind").annotate(total=Sum("amount")),
            "purpose_kind",
            PurposeKind,
        ),
        "spent_by_purpose": _by(
            to_date.values("allocation__purpose_kind").annotate(total=Sum("amount")),
            "allocation__purpose_kind",
            PurposeKind,
        ),
        "activity_costs": activity_costs(to_date),
    }


# The activity a spending record paid for, and the column of people it served.
ACTIVITY_LINKS: list[tuple[str, Any, str | None]] = [
    ("workroom_activity", _("Workroom activities"), "people_served"),
    ("service_activity", _("Volunteer activities"), None),
    ("campaign_activity", _("Campaign activities"), "people_reached"),
]


def activity_costs(spendings: models.QuerySet[Spending]) -> list[dict[str, Any]]:
    """Per kind of activity: what the spending tied to such activities came to, over how
    many activities, and over how many people they served where the activity counts them.
    """
    rows = []
    for link, label, people_field in ACTIVITY_LINKS:
        tied = spendings.filter(**{f"{link}__isnull": False})
        spent = _sum(tied)
        activities = tied.aggregate(n=Count(link, distinct=True))["n"]
        people = 0
        if people_field is not None:
            ids = tied.values_list(link, flat=True).distinct()
            model = Spending._meta.get_field(link).related_model
            people = (
                model._default_manager.filter(pk__in=ids).aggregate(  # type: ignore[union-attr]
                    n=Sum(people_field)
                )["n"]
                or 0
            )
        rows.append(
            {
                "link": link,
                "label": label,
                "spent": spent,
                "activities": activities,
                "per_activity": _cost_per(spent, activities),
                "people": people if people_field else None,
                "per_person": _cost_per(spent, people) if people_field else None,
            }
        )
    return rows


def ledger_rows(spendings: models.QuerySet[Spending]) -> list[tuple[Spending, Decimal]]:
    """Approved spending in date order with the balance of the allocations they draw on,
    running: the 经费使用明细表's last column. The balance starts at what was allocated to
    the allocations that appear."""
    rows = list(
        spendings.filter(approved_by__isnull=False)
        .select_related("allocation__line", "created_by", "approved_by")
        .order_by("date", "pk")
    )
    allocation_ids = {row.allocation_id for row in rows}
    balance = _sum(Allocation.objects.filter(pk__in=allocation_ids))
    out = []
    for row in rows:
        balance = to_fen(balance - row.amount)
        out.append((row, balance))
    return out
