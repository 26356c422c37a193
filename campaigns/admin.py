"""Admin pages of the campaigns: readonly (``ScopedModelAdmin``), since every write goes
through the portal's services (which check the kind's figures and write the audit
trail)."""

from __future__ import annotations

from django.contrib import admin

from laoshan_portal.admin import ReferenceListAdmin, ScopedModelAdmin

from .models import Campaign, CampaignActivity


@admin.register(Campaign)
class CampaignAdmin(ReferenceListAdmin):
    """The five campaigns are fixed rows made by a migration."""

    editable = False

    list_display = ["__str__", "code", "sort_order"]


@admin.register(CampaignActivity)
class CampaignActivityAdmin(ScopedModelAdmin):
    list_display = ["date", "title", "campaign", "area", "people_reached"]
    list_filter = ["campaign", "venue_type", "area"]
    list_select_related = ["campaign", "area"]
    search_fields = ["title", "topic", "unit"]
    date_hierarchy = "date"
    exclude = ["participants"]
    show_full_result_count = False
