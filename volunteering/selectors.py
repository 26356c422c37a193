"""Reads of teams, activities, service hours and certificates, always through a scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Q, Sum

from cadres.models import Cadre
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.scoping import Scope, selector_for

from .filters import ActivityFilter, TeamFilter
from .models import Certificate, ServiceActivity, ServiceRecord, Team, TeamMember
from .stars import star_level

ACCEPTED = ServiceRecord.Status.ACCEPTED


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
    activities = (
        activity_list(scope=scope)
        .select_related("team", "team__area")
        .annotate(
            people=Count("records", filter=Q(records__status=ACCEPTED)),
            total_hours=Sum("records__hours", filter=Q(records__status=ACCEPTED)),
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


def volunteer_ranking(
    *, scope: Scope, start: date, end: date, area: Any = None, limit: int = 50
) -> list[RankingRow]:
    """The top volunteers by accepted hours in the period, among the records in scope.

    Four queries whatever the size: period hours per cadre, per resident member, then the
    all-time totals (for the stars) of the cadres and of the residents listed.
    """
    records = service_record_list(scope=scope).filter(
        status=ACCEPTED, date__gte=start, date__lte=end
    )
    if area is not None:
        records = records.filter(activity__team__area__path__startswith=area.path)
    by_cadre = list(
        records.filter(cadre__isnull=False)
        .values("cadre_id", "cadre__name", "cadre__area__name")
        .annotate(hours=Sum("hours"), activities=Count("activity", distinct=True))
        .order_by("-hours", "cadre_id")[:limit]
    )
    by_member = list(
        records.filter(member__isnull=False)
        .values("member_id", "member__resident_name", "member__team__area__name")
        .annotate(hours=Sum("hours"), activities=Count("activity", distinct=True))
        .order_by("-hours", "member_id")[:limit]
    )
    rows: list[dict[str, Any]] = [
        {
            "name": r["cadre__name"],
            "area": r["cadre__area__name"],
            "cadre_id": r["cadre_id"],
            "member_id": None,
            "hours": r["hours"],
            "activities": r["activities"],
        }
        for r in by_cadre
    ] + [
        {
            "name": r["member__resident_name"],
            "area": r["member__team__area__name"],
            "cadre_id": None,
            "member_id": r["member_id"],
            "hours": r["hours"],
            "activities": r["activities"],
        }
        for r in by_member
    ]
    rows.sort(key=lambda row: (-row["hours"], row["name"]))
    rows = rows[:limit]
    totals = _all_time_totals(rows)
    return [
        RankingRow(
            rank=index,
            total_hours=totals[(row["cadre_id"], row["member_id"])],
            stars=star_level(totals[(row["cadre_id"], row["member_id"])]),
            **row,
        )
        for index, row in enumerate(rows, start=1)
    ]


def _all_time_totals(rows: list[dict[str, Any]]) -> dict[tuple[int | None, int | None], Decimal]:
    cadre_ids = [row["cadre_id"] for row in rows if row["cadre_id"]]
    member_ids = [row["member_id"] for row in rows if row["member_id"]]
    accepted = ServiceRecord.objects.filter(status=ACCEPTED)
    totals: dict[tuple[int | None, int | None], Decimal] = {}
    for found in (
        accepted.filter(cadre_id__in=cadre_ids).values("cadre_id").annotate(total=Sum("hours"))
    ):
        totals[(found["cadre_id"], None)] = found["total"]
    for found in (
        accepted.filter(member_id__in=member_ids).values("member_id").annotate(total=Sum("hours"))
    ):
        totals[(None, found["member_id"])] = found["total"]
    return totals
