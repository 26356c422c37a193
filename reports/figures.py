"""The figures of one area and month: what the dashboard shows and the report prints.

One function, ``dashboard_figures``, gathers them, so the page and the PDF can never
disagree. Month-bounded volunteering, registry and check-in figures come from the
month × area summary (``summary``); the small tables (mediation, campaigns, needs,
posts, care visit plans) are aggregated live through their apps' figure selectors. Every
figure carries the link to the list that shows the same number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.models import Campaign
from care.coverage import area_coverage, page_coverage
from care.plans import Coverage
from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope
from volunteering.mediation.models import MediationCase as Case
from volunteering.selectors import volunteer_ranking
from volunteering.stars import star_thresholds

from .kept_figures import area_figures
from .models import AreaMonth
from .periods import Month
from .summary import area_months, children_months, stretch, with_stars, with_volunteers

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TREND_MONTHS = 12
# Areas that have a dashboard (and a monthly report): compounds and buildings roll up.
DASHBOARD_LEVELS = (Area.Level.PROVINCE, Area.Level.CITY, Area.Level.DISTRICT,
                    Area.Level.STREET, Area.Level.COMMUNITY)  # fmt: skip


@dataclass
class Figure:
    key: str
    label: StrOrPromise  # translated when shown, in the reader's language
    value: Any
    unit: StrOrPromise = ""
    link: str = ""
    # Last month's value, for month-bounded figures: of its same days while ``month`` runs.
    previous: Any = None

    @property
    def change(self) -> Any:
        if self.previous is None or self.value is None:
            return None
        return self.value - self.previous


@dataclass
class Dashboard:
    area: Area
    month: Month
    figures: list[Figure]
    trend: dict[str, list[Any]]
    children: list[dict[str, Any]]
    campaigns: list[dict[str, Any]]
    mediation: dict[str, Any]
    stars: list[dict[str, Any]]
    deliberation: dict[str, Any]
    lecturers: list[dict[str, Any]]
    as_of: date | None = None  # today, while the month is running; None once complete
    refreshed_at: Any = None
    updating: bool = False  # some figures are from before a change a worker is counting
    by_key: dict[str, Figure] = field(default_factory=dict)
    # Reads the month's top volunteers when first asked for (``top_volunteers``).
    ranking: Callable[[], list[Any]] = field(default=list, repr=False)

    def __post_init__(self) -> None:
        self.by_key = {figure.key: figure for figure in self.figures}

    @cached_property
    def top_volunteers(self) -> list[Any]:
        """The report prints them and the page does not, so only the report pays for them:
        a ranking groups all the month's records of the subtree (about a second for a
        district with two million records)."""
        return self.ranking()

    def value(self, key: str) -> Any:
        return self.by_key[key].value


def _link(name: str, **params: Any) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def _area_param(area: Area, viewer_scope: Scope) -> Any:
    """The ``area`` filter value of a list link: none when it is the reader's own area."""
    return None if viewer_scope.area is not None and viewer_scope.area.pk == area.pk else area.pk


def _cadre_area_params(area: Area, viewer_scope: Scope) -> dict[str, Any]:
    if _area_param(area, viewer_scope) is None:
        return {}
    if area.level == Area.Level.STREET:
        return {"street": area.pk}
    return {"community": area.pk}


def dashboard_figures(
    *, area: Area, month: Month, viewer_scope: Scope, exact: bool = False
) -> Dashboard:
    """Everything the dashboard and the report of ``area`` show for ``month``.

    ``viewer_scope`` only shapes the links (a reader's own area needs no filter); the
    figures are those of ``area``'s whole subtree. The caller has checked that the
    reader may see ``area``.
    """
    scope = Scope(area=area)
    months = month.trailing(TREND_MONTHS)
    rows = area_months(area, [*months, *month.year_so_far()], exact=exact, shown=month)
    row = with_stars(area, rows[month])
    as_of = month.as_of()
    before_start, before_end = _compared_days(month, as_of)
    before = _before(area, month, rows, as_of, exact=exact)
    child_rows = children_months(area, month, exact=exact)
    with_volunteers(area, month, [row, *(child_row for _child, child_row in child_rows)])
    if as_of is None:  # the previous month's stored row, not a stretch counted now
        with_volunteers(area, month.previous(), [before])
    start, end = month.start, month.end
    year_start = Month(month.year, 1).start
    at = _area_param(area, viewer_scope)
    period = {"date_from": start, "date_to": end, "area": at}

    others = area_figures(area=area, month=month, previous=(before_start, before_end), exact=exact)
    mediation, campaigns, needs = others["mediation"], others["campaigns"], others["needs"]
    university, coverage, funds = others["university"], others["coverage"], others["funds"]
    hours_year = _total_hours([rows.get(m) for m in month.year_so_far()])
    funds_link = _link("funds:overview", area=area.pk, month=str(month))
    care: Coverage | None
    if exact:
        care, care_counted = area_coverage(scope=scope, area=area, day=as_of or end), True
    else:
        care, care_counted = page_coverage(scope=scope, area=area, day=as_of or end)

    figures = [
        Figure(
            "cadres", _("Retired cadres registered"), row.cadres_active, _("people"),
            _link("cadres:cadre_list", status="active", registered_to=end,
                  **_cadre_area_params(area, viewer_scope)),
            before.cadres_active,
        ),
        Figure(
            "checkins", _("Checked in this month"), row.checkins, _("people"),
            _link("cadres:checkin_list", status="confirmed", decided_from=start,
                  decided_to=end, area=at),
            before.checkins,
        ),
        Figure(
            "volunteers", _("Active volunteers"), row.volunteers, _("people"),
            _link("volunteering:ranking", **period), before.volunteers,
        ),
        Figure(
            "hours_month", _("Service hours this month"), row.hours, _("hours of service"),
            _link("volunteering:ranking", **period), before.hours,
        ),
        Figure(
            "hours_year", _("Service hours this year"), hours_year, _("hours of service"),
            _link("volunteering:ranking", date_from=year_start, date_to=end, area=at),
        ),
        Figure(
            "service_activities", _("Volunteer activities"), row.service_activities,
            _("times"),
            _link("volunteering:activity_list", **period), before.service_activities,
        ),
        Figure(
            "cases_received", _("Mediation cases received"), mediation["received"], _("cases"),
            _link("mediation:case_list", received_from=start, received_to=end, area=at),
            mediation["previous"]["received"],
        ),
        Figure(
            "cases_resolved", _("Mediation cases resolved"), mediation["resolved"], _("cases"),
            _link("mediation:case_list", status="closed", closed_from=start, closed_to=end,
                  area=at),
            mediation["previous"]["resolved"],
        ),
        Figure(
            "success_rate", _("Mediation success rate"), mediation["success_rate"], "%",
            _link("mediation:case_list", outcome="success", closed_from=start,
                  closed_to=end, area=at),
        ),
        Figure(
            "lectures", _("Lectures"), campaigns["lectures"], _("times"),
            _link("campaigns:activity_list", campaign=Campaign.Code.RED_HERITAGE,
                  start=start, end=end, area=at),
        ),
        Figure(
            "audience", _("Lecture audience"), campaigns["audience"], _("people"),
            _link("campaigns:activity_list", campaign=Campaign.Code.RED_HERITAGE,
                  start=start, end=end, area=at),
        ),
        Figure(
            "needs_open", _("Needs open"), needs["open"], _("needs"),
            _link("cadres:need_list", status="open", area=at),
        ),
        Figure(
            "needs_matched", _("Needs matched"), needs["matched"], _("needs"),
            _link("cadres:need_list", status="matched", area=at),
        ),
        Figure(
            "university_courses", _("Senior university courses held"), university["courses"],
            pgettext_lazy("unit", "courses"), _link("university:index"),
        ),
        Figure(
            "university_attendance", _("Senior university attendance"),
            university["attendance_rate"], "%", _link("university:index"),
        ),
        Figure(
            "room_bookings", _("Activity centre bookings"), university["bookings"], _("times"),
            _link("university:index"),
        ),
        Figure(
            "coverage", _("Party organisations led by retired cadres"), coverage.share, "%",
            reverse("cadres:coverage_area", args=[area.code]),
        ),
        Figure(
            "care_coverage", _("Care visit plan coverage"), care.percent if care else None, "%",
            _link("care:coverage", area=area.pk, on=None if as_of else end),
        ),
        Figure(
            "funds_spent", _("Funds spent this month"), funds["spent_month"], _("yuan"),
            funds_link,
        ),
        Figure(
            "funds_remaining", _("Funds allocated, not yet spent"), funds["remaining"],
            _("yuan"), funds_link,
        ),
    ]  # fmt: skip

    children = [
        {
            "area": child,
            "cadres": child_row.cadres_active,
            "volunteers": child_row.volunteers,
            "hours": child_row.hours,
            "activities": child_row.service_activities,
            "link": reverse("reports:dashboard_area", args=[child.pk]) + f"?month={month}"
            if child.level in DASHBOARD_LEVELS
            else "",
        }
        for child, child_row in child_rows
    ]
    used = [*rows.values(), before, *(child_row for _child, child_row in child_rows)]
    thresholds = star_thresholds()
    stars = [
        {"level": level, "label": _star_label(level, thresholds), "count": count}
        for level, count in enumerate(row.stars)
    ]
    return Dashboard(
        area=area,
        month=month,
        as_of=as_of,
        figures=figures,
        trend=_trend(months, rows),
        children=children,
        campaigns=campaigns["campaigns"],
        mediation={
            **mediation,
            "categories": [
                {"name": str(label), "count": mediation["by_category"][value]}
                for value, label in Case.Category.choices
            ],
            "outcomes": [
                {"name": str(label), "count": mediation["by_outcome"][value]}
                for value, label in Case.Outcome.choices
            ],
        },
        stars=stars,
        ranking=partial(volunteer_ranking, scope=scope, start=start, end=end, limit=10),
        deliberation=others["deliberation"],
        lecturers=campaigns["lecturers"][:5],
        refreshed_at=min(used_row.refreshed_at for used_row in used),
        updating=not care_counted
        or any(used_row.stale for used_row in used)
        or any(m not in rows for m in months),
    )


def _total_hours(rows: list[AreaMonth | None]) -> Decimal | None:
    """The hours of ``rows``; None (being counted) while any of them is not there yet."""
    if None in rows:
        return None
    return sum((row.hours for row in rows if row is not None), Decimal("0.0"))


def _trend(months: list[Month], rows: dict[Month, AreaMonth]) -> dict[str, list[Any]]:
    """The trend's series; a month whose row a worker is still counting is a gap."""
    found = [rows.get(month) for month in months]
    return {
        "months": [month.label for month in months],
        "hours": [float(row.hours) if row else None for row in found],
        "activities": [row.service_activities if row else None for row in found],
    }


def _compared_days(month: Month, as_of: date | None) -> tuple[date, date]:
    """The days of the previous month a figure is compared with: all of them for a
    complete month, the same days so far for a running one."""
    if as_of is None:
        return month.previous().start, month.previous().end
    return month.same_days_before(as_of)


def _before(
    area: Area, month: Month, rows: dict[Month, AreaMonth], as_of: date | None, *, exact: bool
) -> AreaMonth:
    """The previous month's row to compare with: the stored whole month, or, while
    ``month`` runs, its same days counted now."""
    if as_of is not None:
        return stretch(area, *month.same_days_before(as_of))
    previous = month.previous()
    return rows.get(previous) or area_months(area, [previous], exact=exact)[previous]


def _star_label(level: int, thresholds: tuple[Decimal, ...]) -> str:
    if level == 0:
        return str(_("Below one star"))
    return str(
        _("%(stars)s-star (%(hours)sh+)") % {"stars": level, "hours": f"{thresholds[level - 1]:g}"}
    )
