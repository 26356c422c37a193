"""Reads of dashboards' and reports' rows, always through the scope."""

from __future__ import annotations

from django.db import models

from laoshan_portal.scoping import Scope, selector_for

from .models import AreaMonth, MonthlyReport


@selector_for(MonthlyReport)
def report_list(*, scope: Scope) -> models.QuerySet[MonthlyReport]:
    return scope.filter(MonthlyReport.objects.all(), "area")


@selector_for(AreaMonth)
def area_month_list(*, scope: Scope) -> models.QuerySet[AreaMonth]:
    return scope.filter(AreaMonth.objects.all(), "area")
