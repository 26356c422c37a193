"""The navigation of every signed-in page: the menu entries an account may follow.

The menu depends only on which of its permissions the account holds, the language and
the page (its current entry), so it is drawn once per such set in each process and the
HTML reused: a page pays a few set lookups and one dictionary look-up instead of a
permission check and a rendered entry per menu item. The key is the set of permissions
itself (read from ``laoshan_portal.kept`` on every request), so a new role or a changed
permission shows on the very next page, with nothing to forget.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

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

# Every permission some entry needs.
MENU_PERMISSIONS = frozenset(
    permission
    for entry in NAVIGATION
    for _label, _name, permission in (entry[1] if isinstance(entry[1], list) else [entry])
    if permission
)
# Menus drawn: a few roles times the pages' current entries, in one language.
DRAWN_MENUS = 1024


class Place(NamedTuple):
    """Where a menu is drawn: the mount point and URL set its addresses come from."""

    prefix: str
    urlconf: str
    language: str


def menu_html(user: Any, path: str) -> SafeString:
    """The menu ``user`` may follow, with the entry of the page at ``path`` marked."""
    granted = granted_permissions(user)
    place = Place(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, get_language())
    addresses = _addresses(granted, place.prefix, place.urlconf)
    return _drawn(granted, place, current_entry(addresses, path))


def granted_permissions(user: Any) -> frozenset[str]:
    """Which of the menu's permissions ``user`` holds (``user.has_perm`` for each)."""
    if user.is_active and user.is_superuser:
        return MENU_PERMISSIONS
    return MENU_PERMISSIONS.intersection(user.get_all_permissions())


def current_entry(addresses: tuple[str, ...], path: str) -> int | None:
    """The entry whose address is the longest prefix of ``path`` (the first of equals)."""
    matches = [(len(url), -index) for index, url in enumerate(addresses) if path.startswith(url)]
    return -max(matches)[1] if matches else None


def menu(granted: frozenset[str], prefix: str, urlconf: str) -> list[dict[str, Any]]:
    """The entries and headings of the menu for ``granted``, none marked current."""
    nav: list[dict[str, Any]] = []
    for entry in NAVIGATION:
        if isinstance(entry[1], list):
            children = [_item(child, prefix, urlconf) for child in entry[1] if _may(granted, child)]
            if children:
                nav.append({"label": entry[0], "children": children, "active": False})
        elif _may(granted, entry):
            nav.append(_item(entry, prefix, urlconf))
    return nav


def _leaves(nav: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [leaf for item in nav for leaf in item.get("children", [item])]


def _may(granted: frozenset[str], entry: Entry) -> bool:
    permission = entry[2]
    return not permission or permission in granted


def _item(entry: Entry, prefix: str, urlconf: str) -> dict[str, Any]:
    label, name, _permission = entry
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


@lru_cache(maxsize=256)
def _addresses(granted: frozenset[str], prefix: str, urlconf: str) -> tuple[str, ...]:
    """The addresses of the menu's entries (not its headings), in order."""
    return tuple(leaf["url"] for leaf in _leaves(menu(granted, prefix, urlconf)))


@lru_cache(maxsize=DRAWN_MENUS)
def _drawn(granted: frozenset[str], place: Place, current: int | None) -> SafeString:
    """The menu's HTML, its ``current``-th entry (and that entry's heading) marked."""
    nav = menu(granted, place.prefix, place.urlconf)
    if current is not None:
        for item in nav:
            leaves = item.get("children", [item])
            if current < len(leaves):
                leaves[current]["active"] = True
                item["active"] = True
                break
            current -= len(leaves)
    drawn = render_to_string("includes/navigation.html", {"nav": nav})
    return SafeString(drawn)  # a template's output, escaped as it was drawn  # nosec B703
