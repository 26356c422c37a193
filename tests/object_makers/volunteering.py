"""Object makers of volunteering: teams, members, activities, hours and certificates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.factories import CadreFactory
from volunteering.models import Certificate, ServiceActivity, ServiceRecord, Team, TeamMember


def make_team(area: object, **fields: object) -> Team:
    return Team.objects.create(
        area=area, name=fields.pop("name", f"志愿服务队{Team.objects.count() + 1}"),
        kind=fields.pop("kind", Team.Kind.VOLUNTEER), **fields,
    )  # fmt: skip


def make_member(area: object) -> TeamMember:
    return TeamMember.objects.create(team=make_team(area), cadre=CadreFactory(area=area))


def make_activity(area: object) -> ServiceActivity:
    return ServiceActivity.objects.create(
        team=make_team(area), date=date(2026, 3, 5), title="清扫楼道"
    )


def make_record(area: object) -> ServiceRecord:
    activity = make_activity(area)
    return ServiceRecord.objects.create(
        activity=activity, cadre=CadreFactory(area=area), date=activity.date, hours=Decimal(2)
    )


def make_certificate(area: object) -> Certificate:
    cadre = CadreFactory(area=area)
    certificate = Certificate.objects.create(
        area=area,
        cadre=cadre,
        holder_name=cadre.name,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        total_hours=Decimal(2),
        activity_count=1,
        issuer_name="崂山区委老干部局",
        issued_on=date(2026, 4, 1),
    )
    certificate.number = f"LS-2026-{certificate.pk:06d}"
    certificate.save(update_fields=["number"])
    return certificate


MAKERS = {
    Team: make_team,
    TeamMember: make_member,
    ServiceActivity: make_activity,
    ServiceRecord: make_record,
    Certificate: make_certificate,
}


# --- helpers of the volunteering tests (not makers) ---------------------------------


def team_with_members(area: object, *, cadres: int = 2, residents: int = 1, **fields: object):  # type: ignore[no-untyped-def]
    """A team in ``area`` with some cadres of that area and residents (one with a phone)."""
    team = make_team(area, **fields)
    for _ in range(cadres):
        TeamMember.objects.create(team=team, cadre=CadreFactory(area=area))
    for index in range(residents):
        TeamMember.objects.create(
            team=team,
            resident_name=f"居民{index}",
            resident_phone="13912345678" if index == 0 else "",
        )
    return team


def record(activity: ServiceActivity, cadre: object, hours: str = "2") -> ServiceRecord:
    return ServiceRecord.objects.create(
        activity=activity, cadre=cadre, date=activity.date, hours=Decimal(hours)
    )
