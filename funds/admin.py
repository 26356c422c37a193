"""Admin pages of the funds: read-only (``ScopedModelAdmin``); every write goes through the
services, which check what is left, the second person and the scope, and audit."""

from __future__ import annotations

from django.contrib import admin

from laoshan_portal.admin import ScopedModelAdmin

from .models import Allocation, BudgetLine, Spending


@admin.register(BudgetLine)
class BudgetLineAdmin(ScopedModelAdmin):
    list_display = ["year", "area", "source", "amount"]
    list_filter = ["year", "source", "area"]
    list_select_related = ["area"]


@admin.register(Allocation)
class AllocationAdmin(ScopedModelAdmin):
    list_display = ["date", "purpose", "purpose_kind", "area", "amount"]
    list_filter = ["purpose_kind", "area"]
    list_select_related = ["area"]
    search_fields = ["purpose"]


@admin.register(Spending)
class SpendingAdmin(ScopedModelAdmin):
    list_display = ["date", "payee", "amount", "allocation", "approved_by"]
    list_select_related = ["allocation", "approved_by"]
    search_fields = ["payee", "description"]
    date_hierarchy = "date"
    exclude = ["receipt"]
