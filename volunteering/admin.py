"""Admin pages of volunteering, scoped and readonly (``ScopedModelAdmin`` offers no add,
change or delete unless a service does the write).

Teams, members, hours and certificates change on the portal's pages: they decline and
correct entries (keeping their history) and issue or revoke certificates, with the audit
trail.
"""

from __future__ import annotations

from django.contrib import admin

from laoshan_portal.admin import ScopedModelAdmin

from .models import Certificate, ServiceActivity, ServiceRecord, Team, TeamMember


@admin.register(Team)
class TeamAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "brand", "area", "leader", "active"]
    list_filter = ["kind", "active", "area"]
    list_select_related = ["area", "leader"]
    search_fields = ["name", "brand"]
    raw_id_fields = ["leader"]


@admin.register(TeamMember)
class TeamMemberAdmin(ScopedModelAdmin):
    list_display = ["__str__", "team", "joined", "left"]
    list_select_related = ["team", "cadre"]
    raw_id_fields = ["cadre", "team"]
    exclude = ["resident_phone"]  # shown on the team page, where a reveal is audited


@admin.register(ServiceActivity)
class ServiceActivityAdmin(ScopedModelAdmin):
    list_display = ["date", "title", "team"]
    list_select_related = ["team"]
    date_hierarchy = "date"


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ScopedModelAdmin):
    list_display = ["date", "person_name", "hours", "status", "activity"]
    list_filter = ["status"]
    list_select_related = ["cadre", "member", "activity"]


@admin.register(Certificate)
class CertificateAdmin(ScopedModelAdmin):
    list_display = ["number", "holder_name", "total_hours", "issued_on", "revoked_at"]
    list_select_related = ["area"]
    exclude = ["activities"]
