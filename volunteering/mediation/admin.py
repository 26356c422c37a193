"""Admin of mediation cases: read-only, because every change goes through the audited
services of the portal's pages; the parties' contacts are not shown here at all."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from laoshan_portal.admin import ScopedModelAdmin

from .models import MediationCase, Party


class PartyInline(admin.TabularInline):
    model = Party
    fields = ["name", "role"]
    readonly_fields = ["name", "role"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MediationCase)
class MediationCaseAdmin(ScopedModelAdmin):
    list_display = ["number", "received_on", "area", "category", "team", "status", "outcome"]
    list_filter = ["status", "outcome", "category", "area"]
    list_select_related = ["area", "team"]
    search_fields = ["number"]
    exclude = ["mediators"]
    inlines = [PartyInline]
