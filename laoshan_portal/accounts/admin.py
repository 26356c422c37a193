"""Admin pages of areas and staff accounts, scoped by ``ScopedModelAdmin``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from laoshan_portal.admin import ScopedModelAdmin
from laoshan_portal.audit.services import client_ip
from laoshan_portal.scoping import request_scope

from . import services
from .models import Area, User

# Groups are the roles, derived from roles.py after every migration; editing them by hand
# would be undone, so they are not offered.
admin.site.unregister(Group)
# Second-step devices hold secrets and have no area: they are managed in the portal only.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
admin.site.site_header = _("Laoshan Retired Cadres Portal administration")
admin.site.site_title = _("Laoshan Retired Cadres Portal")


@admin.register(Area)
class AreaAdmin(ScopedModelAdmin):
    service_writes = frozenset({"add", "change"})  # services.area_create, area_update
    list_display = ["name", "code", "level", "parent", "depth"]
    list_filter = ["level", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]
    fields = ["parent", "code", "name", "level"]
    ordering = ["path"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._below_own_area(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._below_own_area(request, obj)

    @staticmethod
    def _below_own_area(request: HttpRequest, obj: Area | None) -> bool:
        scope = request_scope(request)
        return obj is None or scope.unrestricted or obj.pk != getattr(scope.area, "pk", None)

    def save_model(self, request: HttpRequest, obj: Area, form: Any, change: bool) -> None:
        scope = request_scope(request)
        data = form.cleaned_data
        try:
            if change:
                services.area_update(
                    scope=scope,
                    actor=request.user,
                    ip=client_ip(request),
                    area=Area.objects.get(pk=obj.pk),
                    name=data["name"],
                    code=data["code"],
                    parent=data["parent"],
                )
            else:
                created = services.area_create(
                    scope=scope,
                    actor=request.user,
                    ip=client_ip(request),
                    parent=data["parent"],
                    code=data["code"],
                    name=data["name"],
                    level=data["level"],
                )
                obj.pk = created.pk
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from error


@admin.register(User)
class UserAdmin(ScopedModelAdmin, DjangoUserAdmin[User]):
    """Accounts in the admin are for superusers to read; accounts are made, assigned and
    deactivated on the portal's staff pages (``services.staff_*``, audited)."""

    list_display = ["username", "name", "area", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "area"]
    list_select_related = ["area"]
    search_fields = ["username", "name"]
    ordering = ["username"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Assignment"), {"fields": ("name", "area", "role")}),
        (_("Status"), {"fields": ("is_active", "is_staff", "is_superuser", "last_login")}),
    )
    readonly_fields = ["last_login"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        # Out of scope is a 404 before the permission check can answer 403.
        self.get_object(request, unquote(id))
        return super().user_change_password(request, id, form_url)
