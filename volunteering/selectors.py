"""Reads of teams, activities, service hours and certificates, always through a scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from cadres.models import Cadre
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.kept import kept
from laoshan_portal.scoping import Scope, selector_for

from .filters import ActivityFilter, TeamFilter
from .models import Certificate, ServiceActivity, ServiceRecord, Team, TeamMember
from .stars import star_level

ACCEPTED = ServiceRecord.Status.ACCEPTED
# Kept values read from the service records (forgotten on every change: apps.py).
HOURS_TOPIC = "volunteer-hours"


@selector_for(Team)
def team_list(*, scope: Scope) -> models.QuerySet[Team]:
    # Area and leader come along: every page that shows a team names both.
    return scope.filter(Team.objects.select_related("area", "leader"), "area")


@selector_for(TeamMember)
def team_member_list(*, scope: Scope) -> models.QuerySet[TeamMember]:
    return scope.filter(TeamMember.objects.all(), "team__area")


@selector_for(ServiceActivity)
def activity_list(*, scope: Scope) -> models.QuerySet[ServiceActivity]:
    # The team and its area come along: every page of an activity names them.
    return scope.filter(ServiceActivity.objects.select_related("team", "team__area"), "team__area")


@selector_for(ServiceRecord)
def service_record_list(*, scope: Scope) -> models.QuerySet[ServiceRecord]:
    records = ServiceRecord.objects.select_related("activity", "activity__team", "cadre", "member")
    return scope.filter(records, "activity__team__area")


@selector_for(Certificate)
def certificate_list(*, scope: Scope) -> models.QuerySet[Certificate]:
    return scope.filter(Certificate.objects.all(), "area")


def team_filtered(*, scope: Scope, params: Any = None) -> TeamFilter:
    """The team list: filtered, with its area, leader and current member count."""
    teams = (
        team_list(scope=scope)
        .select_related("area", "leader")
        .annotate(member_count=Count("members", filter=Q(members__left__isnull=True)))
        .order_by("area__path", "name")
    )
    return TeamFilter(params or {}, queryset=teams, areas=area_list(scope=scope))


def activity_filtered(*, scope: Scope, params: Any = None) -> ActivityFilter:
    """The activity list: filtered, with its team, people and accepted hours."""
    # Per-row subqueries rather than a join and GROUP BY: with a page's LIMIT the database
    # totals only the rows shown, not every activity in scope.
    accepted = (
        ServiceRecord.objects.filter(activity=OuterRef("pk"), status=ACCEPTED)
        .order_by()
        .values("activity")
    )
    activities = (
        activity_list(scope=scope)
        .select_related("team", "team__area")
        .annotate(
            people=Coalesce(Subquery(accepted.annotate(n=Count("pk")).values("n")), 0),
            total_hours=Subquery(
                accepted.annotate(total=Sum("hours")).values("total"),
                output_field=models.DecimalField(max_digits=8, decimal_places=1),
            ),
        )
        .order_by("-date", "-pk")
    )
    return ActivityFilter(
        params or {},
        queryset=activities,
        areas=area_list(scope=scope),
        teams=team_list(scope=scope).order_by("name"),
    )


def team_members(*, team: Team) -> models.QuerySet[TeamMember]:
    """A team's members (the team was fetched in scope), current ones first."""
    return team.members.select_related("cadre", "cadre__area").order_by(
        models.F("left").desc(nulls_first=True), "cadre__name_pinyin", "resident_name", "pk"
    )


def activity_records(*, activity: ServiceActivity) -> models.QuerySet[ServiceRecord]:
    """Every record of an activity, declined ones included: corrections keep history."""
    return activity.records.select_related(
        "cadre", "member", "entered_by", "declined_by", "corrects"
    ).order_by("pk")


@dataclass(frozen=True)
class VolunteerHours:
    total: Decimal
    this_year: Decimal
    stars: int


def _person_q(*, cadre: Cadre | None, member: TeamMember | None) -> Q:
    return Q(cadre=cadre) if cadre is not None else Q(member=member)


def volunteer_hours(
    *, cadre: Cadre | None = None, member: TeamMember | None = None, today: date
) -> VolunteerHours:
    """A person's accepted hours in all teams: star levels belong to the person."""
    figures = ServiceRecord.objects.filter(
        _person_q(cadre=cadre, member=member), status=ACCEPTED
    ).aggregate(
        total=Sum("hours"),
        this_year=Sum("hours", filter=Q(date__year=today.year)),
    )
    total = figures["total"] or Decimal(0)
    return VolunteerHours(total, figures["this_year"] or Decimal(0), star_level(total))


@dataclass(frozen=True)
class MonthHours:
    year: int
    month: int
    hours: Decimal


def volunteer_hours_by_month(
    *, cadre: Cadre | None = None, member: TeamMember | None = None
) -> list[MonthHours]:
    """A person's accepted hours per calendar month, newest first: the records that
    ``volunteer_hours`` totals, in all teams."""
    rows = (
        ServiceRecord.objects.filter(_person_q(cadre=cadre, member=member), status=ACCEPTED)
        .values("date__year", "date__month")
        .annotate(hours=Sum("hours"))
        .order_by("-date__year", "-date__month")
    )
    return [MonthHours(row["date__year"], row["date__month"], row["hours"]) for row in rows]


def volunteer_records(
    *, scope: Scope, cadre: Cadre | None = None, member: TeamMember | None = None
) -> models.QuerySet[ServiceRecord]:
    """A person's records that the reader may see (teams in scope), newest first."""
    return (
        service_record_list(scope=scope)
        .filter(_person_q(cadre=cadre, member=member))
        .select_related("activity", "activity__team", "declined_by")
        .order_by("-date", "-pk")
    )


def records_for_certificate(
    *,
    scope: Scope,
    cadre: Cadre | None,
    member: TeamMember | None,
    start: date,
    end: date,
) -> list[ServiceRecord]:
    """Accepted records of a person in a period that the issuer holds (in its scope)."""
    return list(
        service_record_list(scope=scope)
        .filter(_person_q(cadre=cadre, member=member), status=ACCEPTED)
        .filter(date__gte=start, date__lte=end)
        .select_related("activity", "activity__team")
        .order_by("date", "pk")
    )


@dataclass(frozen=True)
class RankingRow:
    rank: int
    name: str
    area: str
    cadre_id: int | None
    member_id: int | None
    hours: Decimal
    activities: int
    total_hours: Decimal
    stars: int


def period_totals(*, scope: Scope, start: date, end: date, area: Any = None) -> dict[str, Any]:
    """Volunteers who served in the period (cadres and residents) and their accepted hours."""
    records = service_record_list(scope=scope).filter(
        status=ACCEPTED, date__gte=start, date__lte=end
    )
    if area is not None:
        records = records.filter(activity__team__area__path__startswith=area.path)
    totals = records.aggregate(
        hours=Sum("hours"),
        cadres=Count("cadre", distinct=True),
        residents=Count("member", distinct=True, filter=Q(cadre__isnull=True)),
    )
    return {
        "volunteers": totals["cadres"] + totals["residents"],
        "hours": totals["hours"] or Decimal("0.0"),
    }


def ranking_page(
    *, scope: Scope, start: date, end: date, area: Any = None
) -> tuple[list[RankingRow], dict[str, Any]]:
    """The ranking page's rows and the period's totals, kept until a record, an activity,
    a team, a member, a cadre or an area changes: the page is read far more often than
    hours are entered, and counting them groups every record of the period."""
    key = f"ranking:{scope.key}:{start}:{end}:{getattr(area, 'pk', '')}"
    return kept(
        [HOURS_TOPIC],
        key,
        lambda: (
            volunteer_ranking(scope=scope, start=start, end=end, area=area),
            period_totals(scope=scope, start=start, end=end, area=area),
        ),
    )


def volunteer_ranking(
    *, scope: Scope, start: date, end: date, area: Any = None, limit: int = 50
) -> list[RankingRow]:
    """The top volunteers by accepted hours in the period, among the records in scope.

    Four queries whatever the size: the period's hours of the leading cadres and of the
    leading resident members, grouped by person alone, then the names, places and
    all-time totals (for the stars) of just the people listed.
    """
    records = service_record_list(scope=scope).filter(
        status=ACCEPTED, date__gte=start, date__lte=end
    )
    # The same bounds on the activity (a record's date is its activity's): the join then
    # reads only the period's activities, not every one there is.
    records = records.filter(activity__date__gte=start, activity__date__lte=end)
    if area is not None:
        records = records.filter(activity__team__area__path__startswith=area.path)
    leaders = {key: _period_leaders(records, key, limit) for key in ("cadre_id", "member_id")}
    people = {
        "cadre_id": _people(
            Cadre.objects.all(),
            [row["cadre_id"] for row in leaders["cadre_id"]],
            name="name",
            place="area__name",
        ),
        "member_id": _people(
            TeamMember.objects.all(),
            [row["member_id"] for row in leaders["member_id"]],
            name="resident_name",
            place="team__area__name",
        ),
    }
    rows: list[dict[str, Any]] = [
        {
            "name": people[key][found[key]]["name"],
            "area": people[key][found[key]]["place"],
            "cadre_id": found[key] if key == "cadre_id" else None,
            "member_id": found[key] if key == "member_id" else None,
            "hours": found["hours"],
            "activities": found["activities"],
            "total_hours": people[key][found[key]]["total"] or Decimal(0),
        }
        for key, found_rows in leaders.items()
        for found in found_rows
    ]
    rows.sort(key=lambda row: (-row["hours"], row["name"]))
    return [
        RankingRow(rank=index, stars=star_level(row["total_hours"]), **row)
        for index, row in enumerate(rows[:limit], start=1)
    ]


def _period_leaders(
    records: models.QuerySet[ServiceRecord], key: str, limit: int
) -> list[dict[str, Any]]:
    """The ``limit`` people (``cadre_id`` or ``member_id``) with most hours in ``records``
    (accepted ones: a person has at most one per activity, ``record_cadre_once_per_activity``
    and ``record_member_once_per_activity``, so their records are their activities)."""
    return list(
        records.filter(**{f"{key}__isnull": False})
        .values(key)
        .annotate(hours=Sum("hours"), activities=Count("pk"))
        .order_by("-hours", key)[:limit]
    )


def _people(
    people: models.QuerySet[Any], ids: list[int], *, name: str, place: str
) -> dict[int, dict[str, Any]]:
    """Name, place and all-time accepted hours of the people with these ids, by id."""
    if not ids:
        return {}
    found = (
        people.filter(pk__in=ids)
        .values("pk", name, place)
        .annotate(total=Sum("service_records__hours", filter=Q(service_records__status=ACCEPTED)))
    )
    return {
        row["pk"]: {"name": row[name], "place": row[place], "total": row["total"]} for row in found
    }
