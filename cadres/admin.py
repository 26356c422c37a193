"""Admin pages of the registry, scoped by ``ScopedModelAdmin``.

Sensitive fields are not in the admin forms: they are edited on the portal's pages, where
showing them is audited.
"""

from __future__ import annotations

from django.contrib import admin

from laoshan_portal.admin import ReferenceListAdmin, ScopedModelAdmin

from .models import Cadre, CheckIn, Need, Post, ServiceKind, SpecialtyTag
from .services import SENSITIVE_FIELDS


@admin.register(Cadre)
class CadreAdmin(ScopedModelAdmin):
    list_display = ["name", "gender", "birth_date", "area", "political_status", "status"]
    list_filter = ["status", "political_status", "area"]
    list_select_related = ["area"]
    search_fields = ["name", "name_pinyin", "name_initials"]
    exclude = [*SENSITIVE_FIELDS, "merged_into"]
    readonly_fields = ["status"]
    autocomplete_fields = ["specialties", "service_kinds"]


@admin.register(CheckIn)
class CheckInAdmin(ScopedModelAdmin):
    list_display = ["name", "area", "source", "status", "created_at"]
    list_filter = ["status", "source", "area"]
    list_select_related = ["area"]
    exclude = ["mobile", "id_number"]
    readonly_fields = ["cadre", "registered_by", "decided_by", "decided_at"]


@admin.register(Post)
class PostAdmin(ScopedModelAdmin):
    list_display = ["cadre", "kind", "area", "start_date", "end_date"]
    list_filter = ["kind", "area"]
    list_select_related = ["cadre", "area"]
    raw_id_fields = ["cadre"]


@admin.register(Need)
class NeedAdmin(ScopedModelAdmin):
    list_display = ["title", "area", "status", "people_needed", "created_at"]
    list_filter = ["status", "area"]
    list_select_related = ["area"]
    exclude = ["cadres"]


@admin.register(SpecialtyTag)
class SpecialtyTagAdmin(ReferenceListAdmin):
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


@admin.register(ServiceKind)
class ServiceKindAdmin(ReferenceListAdmin):
    list_display = ["name", "sort_order"]
    search_fields = ["name"]
