"""Puts the request's scope and the navigation the user may follow into every template."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (label, URL name, permission needed or "")
NAVIGATION = [
    (_("Home"), "home", ""),
    (_("Areas"), "accounts:area_index", "accounts.view_area"),
    (_("Staff"), "accounts:staff_index", "accounts.manage_staff"),
]


def scope(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"scope": None, "nav": []}
    current = request.path
    nav = []
    for label, name, permission in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        url = reverse(name)
        active = current == url if url == "/" else current.startswith(url)
        nav.append({"label": label, "url": url, "active": active})
    return {"scope": request.scope, "nav": nav}  # type: ignore[attr-defined]
