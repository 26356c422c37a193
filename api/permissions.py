"""Who may call what: staff endpoints need a staff account with the page's permission;
the retiree's own endpoints need a retiree with an account."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from laoshan_portal.accounts.models import Role


class StaffPermission(BasePermission):
    """A staff account (not a retiree) holding every permission of ``required``."""

    required: tuple[str, ...] = ()

    def has_permission(self, request: Request, view: Any) -> bool:
        user: Any = request.user
        if not user or not user.is_authenticated or user.role == Role.RETIREE:
            return False
        return all(user.has_perm(name) for name in self.required)


def staff_with(*permissions: str) -> type[StaffPermission]:
    """The permission class of a staff endpoint that needs ``permissions``."""
    return type("StaffWith", (StaffPermission,), {"required": permissions})


class IsRetiree(BasePermission):
    """A signed-in retiree (their account is looked up by the view)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user: Any = request.user
        return bool(user and user.is_authenticated and user.role == Role.RETIREE)
