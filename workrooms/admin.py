"""Admin pages of the workrooms: readonly (``ScopedModelAdmin``), since every write goes
through the portal's services (which check the scope and the people chosen, and write the
audit trail)."""

from __future__ import annotations

from django.contrib import admin

from laoshan_portal.admin import ScopedModelAdmin

from .models import Activity, Agreement, Cluster, Mechanism, Meeting, Workroom


@admin.register(Workroom)
class WorkroomAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "area", "lead", "founded_on", "is_demonstration"]
    list_filter = ["kind", "is_demonstration"]
    list_select_related = ["area", "lead"]
    search_fields = ["name", "supervising_branch"]
    exclude = ["members"]


@admin.register(Cluster)
class ClusterAdmin(ScopedModelAdmin):
    list_display = ["name", "area"]
    list_select_related = ["area"]
    search_fields = ["name"]
    exclude = ["workrooms"]


@admin.register(Activity)
class ActivityAdmin(ScopedModelAdmin):
    list_display = ["date", "kind", "workroom", "cluster", "area", "people_served"]
    list_filter = ["kind"]
    list_select_related = ["workroom", "cluster", "area"]
    date_hierarchy = "date"
    exclude = ["participants", "joint_workrooms"]


@admin.register(Mechanism)
class MechanismAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "area", "host_workroom", "frequency"]
    list_filter = ["kind"]
    list_select_related = ["area", "host_workroom"]
    search_fields = ["name"]


@admin.register(Meeting)
class MeetingAdmin(ScopedModelAdmin):
    list_display = ["date", "mechanism", "attendee_count"]
    list_select_related = ["mechanism"]
    date_hierarchy = "date"


@admin.register(Agreement)
class AgreementAdmin(ScopedModelAdmin):
    list_display = ["date", "title", "area", "item_count", "money_recovered"]
    list_select_related = ["area"]
    search_fields = ["title", "parties"]
    date_hierarchy = "date"
