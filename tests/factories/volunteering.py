"""Volunteer teams, their members, service activities, hours and certificates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory

from tests.factories import ChildFactory, parent_in_area
from tests.factories.accounts import AreaFactory
from tests.factories.cadres import CadreFactory
from volunteering.models import Certificate, ServiceActivity, ServiceRecord, Team, TeamMember


class TeamFactory(factory.django.DjangoModelFactory):
    """A volunteer team in ``area``. ``cadre_members=n`` adds n cadres living there,
    ``residents=n`` n residents (居民0 … ; the first with a phone)."""

    class Meta:
        model = Team
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"志愿服务队{n}")
    kind = Team.Kind.VOLUNTEER

    @factory.post_generation
    def cadre_members(self, create: bool, extracted: int | None, **kwargs: Any) -> None:
        for _ in range(extracted or 0):
            TeamMember.objects.create(team=self, cadre=CadreFactory(area=self.area))

    @factory.post_generation
    def residents(self, create: bool, extracted: int | None, **kwargs: Any) -> None:
        for index in range(extracted or 0):
            TeamMember.objects.create(
                team=self,
                resident_name=f"居民{index}",
                resident_phone="13912345678" if index == 0 else "",
            )


class MediationTeamFactory(TeamFactory):
    """A 和事佬 team: the team a mediation case is handled by."""

    name = factory.Sequence(lambda n: f"测试和事佬{n}")
    kind = Team.Kind.MEDIATION


class TeamMemberFactory(ChildFactory):
    """A cadre member of a team, living in the team's area; given a ``resident_name``, a
    resident."""

    class Meta:
        model = TeamMember

    team = parent_in_area(TeamFactory)
    resident_name = ""
    cadre = factory.Maybe(
        "resident_name",
        None,
        factory.SubFactory(CadreFactory, area=factory.SelfAttribute("..team.area")),
    )


class ServiceActivityFactory(ChildFactory):
    class Meta:
        model = ServiceActivity

    team = parent_in_area(TeamFactory)
    date = date(2026, 3, 5)
    title = "清扫楼道"


class ServiceRecordFactory(ChildFactory):
    """Two accepted hours of a cadre living in the team's area, on the activity's day;
    ``cadre=None, member=…`` records a resident's."""

    class Meta:
        model = ServiceRecord

    activity = parent_in_area(ServiceActivityFactory)
    member = None
    cadre = factory.Maybe(
        "member",
        None,
        factory.SubFactory(CadreFactory, area=factory.SelfAttribute("..activity.team.area")),
    )
    date = factory.SelfAttribute("activity.date")
    hours = Decimal(2)


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate of two hours in 2026's first quarter, numbered after its row."""

    class Meta:
        model = Certificate
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    member = None
    cadre = factory.Maybe(
        "member", None, factory.SubFactory(CadreFactory, area=factory.SelfAttribute("..area"))
    )
    holder_name = factory.LazyAttribute(lambda o: o.cadre.name if o.cadre else str(o.member))
    period_start = date(2026, 1, 1)
    period_end = date(2026, 3, 31)
    total_hours = Decimal(2)
    activity_count = 1
    issuer_name = "崂山区委老干部局"
    issued_on = date(2026, 4, 1)

    @factory.post_generation
    def number(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        if create:
            self.number = extracted or f"LS-2026-{self.pk:06d}"
            self.save(update_fields=["number"])
