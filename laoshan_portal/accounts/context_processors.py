"""Puts the request's scope and the navigation the user may follow into every template."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from laoshan_portal.scoping import ScopedRequest

# (label, URL name, permission needed or ""), grouped under a menu heading where useful.
Entry = tuple[Any, str, str]
NAVIGATION: list[Entry | tuple[Any, list[Entry]]] = [
    (_("Home"), "home", ""),
    (_("To-do"), "todo:todo_list", ""),
    (
        _("Dashboard"),
        [
            (_("Dashboard"), "reports:dashboard", ""),
            (_("Monthly reports"), "reports:report_list", "reports.view_monthlyreport"),
        ],
    ),
    (
        _("Talent registry"),
        [
            (_("Talent registry"), "cadres:cadre_list", "cadres.view_cadre"),
            (_("Check-ins"), "cadres:checkin_list", "cadres.view_checkin"),
            (_("Posts held"), "cadres:post_list", "cadres.view_post"),
            (_("Party organisation coverage"), "cadres:coverage", "cadres.view_post"),
            (_("Governance needs"), "cadres:need_list", "cadres.view_need"),
            (
                _("Corrections asked by retirees"),
                "retirees:correction_list",
                "retirees.view_correctionrequest",
            ),
            (_("Proposals of retirees"), "retirees:proposal_list", "retirees.view_proposal"),
            (_("Concerns raised by retirees"), "retirees:concern_list", "retirees.view_concern"),
            (_("Planned activities"), "retirees:planned_list", "retirees.view_plannedactivity"),
        ],
    ),
    (
        _("Activity logs"),
        [
            (_("Log an activity"), "campaigns:log", "campaigns.add_campaignactivity"),
            (_("Five campaigns"), "campaigns:activity_list", "campaigns.view_campaignactivity"),
            (_("Funds"), "funds:overview", "funds.view_allocation"),
            (_("Workrooms"), "workrooms:workroom_list", "workrooms.view_workroom"),
            (_("Workroom activities"), "workrooms:activity_list", "workrooms.view_activity"),
            (_("Co-building clusters"), "workrooms:cluster_list", "workrooms.view_cluster"),
            (_("Deliberation"), "workrooms:mechanism_list", "workrooms.view_mechanism"),
            (_("Agreements"), "workrooms:agreement_list", "workrooms.view_agreement"),
            (_("Teams"), "volunteering:team_list", "volunteering.view_team"),
            (
                _("Volunteer activities"),
                "volunteering:activity_list",
                "volunteering.view_serviceactivity",
            ),
            (_("Volunteer ranking"), "volunteering:ranking", "volunteering.view_servicerecord"),
            (_("Certificates"), "volunteering:certificate_list", "volunteering.view_certificate"),
            (_("Mediation cases"), "mediation:case_list", "mediation.view_mediationcase"),
        ],
    ),
    (
        _("Care work"),
        [
            (_("Care list"), "care:care_list", "care.view_visit"),
            (_("Care visits"), "care:visit_list", "care.view_visit"),
            (_("Visit plans"), "care:coverage", "care.view_visit"),
            (_("Birthdays"), "care:birthdays", "care.view_visit"),
        ],
    ),
    (
        _("Senior university"),
        [
            (_("Senior university"), "university:index", "university.view_course"),
            (_("Courses"), "university:course_list", "university.view_course"),
            (_("Activity centre rooms"), "university:room_list", "university.view_room"),
        ],
    ),
    (_("Areas"), "accounts:area_index", "accounts.view_area"),
    (_("Staff"), "accounts:staff_index", "accounts.manage_staff"),
    (_("Audit trail"), "audit:event_list", "accounts.manage_staff"),
]


# Entries that show a count, fetched by htmx from this address after the page is drawn.
BADGES = {"todo:todo_list": "todo:todo_badge"}


def _item(user: Any, entry: Entry) -> dict[str, Any] | None:
    label, name, permission = entry
    if permission and not user.has_perm(permission):
        return None
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    badge = BADGES.get(name)
    return {
        "label": label,
        "url": _url(name, prefix, urlconf),
        "badge": _url(badge, prefix, urlconf) if badge else "",
        "active": False,
    }


@lru_cache(maxsize=256)
def _url(name: str, prefix: str, urlconf: str) -> str:
    """The address of a menu entry, worked out once per mount point and URL set."""
    return reverse(name, urlconf=urlconf)


def scope(request: ScopedRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"scope": None, "nav": []}
    nav: list[dict[str, Any]] = []
    leaves: list[dict[str, Any]] = []
    for entry in NAVIGATION:
        if isinstance(entry[1], list):
            children = [c for c in (_item(user, child) for child in entry[1]) if c]
            if children:
                nav.append({"label": entry[0], "children": children, "active": False})
                leaves.extend(children)
        else:
            item = _item(user, entry)
            if item:
                nav.append(item)
                leaves.append(item)
    # The entry whose address is the longest prefix of this page's is the current one.
    matches = [item for item in leaves if request.path.startswith(item["url"])]
    if matches:
        current = max(matches, key=lambda item: len(item["url"]))
        current["active"] = True
        for group in nav:
            if current in group.get("children", []):
                group["active"] = True
    return {"scope": request.scope, "nav": nav}
