"""Admin pages of care work: read-only (``ScopedModelAdmin``), since every write goes
through the portal's services (which check the scope and write the audit trail)."""

from __future__ import annotations

from django.contrib import admin

from laoshan_portal.admin import ScopedModelAdmin

from .models import CareListEntry, CarePlan, Referral, Visit


@admin.register(Visit)
class VisitAdmin(ScopedModelAdmin):
    list_display = ["date", "kind", "cadre", "area", "amount"]
    list_filter = ["kind", "follow_up"]
    list_select_related = ["cadre", "area"]
    date_hierarchy = "date"
    exclude = ["health_findings", "staff", "cadre_visitors"]
    show_full_result_count = False


@admin.register(CareListEntry)
class CareListEntryAdmin(ScopedModelAdmin):
    list_display = ["cadre", "included", "reason", "at"]
    list_select_related = ["cadre"]


@admin.register(CarePlan)
class CarePlanAdmin(ScopedModelAdmin):
    list_display = ["area", "monthly_alone", "festivals", "half_decades"]
    list_select_related = ["area"]


@admin.register(Referral)
class ReferralAdmin(ScopedModelAdmin):
    list_display = ["visit", "body", "follow_up_by", "answered_on"]
    list_filter = ["body"]
    list_select_related = ["visit__cadre"]
