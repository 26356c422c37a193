"""The Django admin's site: open to superusers and district administrators only.

Secretaries, street staff and the leader do everything on the portal's own pages; for a
signed-in account that may not use the admin, every admin page is a 404 (as an object out
of its area is), and the navigation does not offer the link (``User.may_use_admin``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404, HttpRequest, HttpResponseBase

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def may_use_admin(user: Any) -> bool:
    return bool(user.is_active and getattr(user, "may_use_admin", False))


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)

    def admin_view(self, view: View, cacheable: bool = False) -> View:
        guarded = super().admin_view(view, cacheable)

        def refuse_portal_staff(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.user.is_authenticated and not may_use_admin(request.user):
                raise Http404
            return guarded(request, *args, **kwargs)

        return cast(View, update_wrapper(refuse_portal_staff, view))


class PortalAdminConfig(AdminConfig):
    default_site = "laoshan_portal.admin_site.PortalAdminSite"
