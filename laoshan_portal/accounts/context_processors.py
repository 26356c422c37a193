"""Puts the request's scope and the navigation the user may follow into every template."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (label, URL name, permission needed or "")
NAVIGATION = [
    (_("Home"), "home", ""),
    (_("Talent registry"), "cadres:cadre_list", "cadres.view_cadre"),
    (_("Check-ins"), "cadres:checkin_list", "cadres.view_checkin"),
    (_("Posts held"), "cadres:post_list", "cadres.view_post"),
    (_("Party organisation coverage"), "cadres:coverage", "cadres.view_post"),
    (_("Governance needs"), "cadres:need_list", "cadres.view_need"),
    (_("Areas"), "accounts:area_index", "accounts.view_area"),
    (_("Staff"), "accounts:staff_index", "accounts.manage_staff"),
    (_("Audit trail"), "audit:event_list", "accounts.manage_staff"),
]


def scope(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"scope": None, "nav": []}
    nav = [
        {"label": label, "url": reverse(name), "active": False}
        for label, name, permission in NAVIGATION
        if not permission or user.has_perm(permission)
    ]
    # The entry whose address is the longest prefix of this page's is the current one.
    matches = [item for item in nav if request.path.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"scope": request.scope, "nav": nav}  # type: ignore[attr-defined]
