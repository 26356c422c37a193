"""Workrooms, clusters, their activities and photos, and deliberation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory

from tests.factories import ChildFactory, parent_in_area
from tests.factories.accounts import AreaFactory
from tests.factories.cadres import CadreFactory, ParticipantFactory
from workrooms.models import (
    Activity,
    ActivityParticipant,
    ActivityPhoto,
    Agreement,
    AgreementItem,
    Cluster,
    FollowUp,
    Mechanism,
    Meeting,
    Workroom,
)

# The smallest valid GIF: a photo, no image library needed.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


class WorkroomFactory(factory.django.DjangoModelFactory):
    """An old party member's workroom whose lead, living in ``area``, is its member."""

    class Meta:
        model = Workroom
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"老党员工作室{n}")
    kind = Workroom.Kind.OLD_PARTY_MEMBER
    lead = factory.SubFactory(CadreFactory, area=factory.SelfAttribute("..area"))
    founded_on = date(2024, 7, 1)
    supervising_branch = "小区党支部"

    @factory.post_generation
    def members(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.members.add(self.lead, *(extracted or ()))


class ClusterFactory(factory.django.DjangoModelFactory):
    """A co-building cluster of ``area``; ``workrooms`` are the workrooms it groups."""

    class Meta:
        model = Cluster
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"片区联建{n}")

    @factory.post_generation
    def workrooms(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.workrooms.add(*extracted)


class WorkroomActivityFactory(ChildFactory):
    """A deliberation of a workroom made in ``area``; the activity's area is always its
    workroom's, or its cluster's for a joint activity (``cluster=…, workroom=None``)."""

    class Meta:
        model = Activity

    workroom = parent_in_area(WorkroomFactory)
    cluster = None
    date = date(2026, 3, 5)
    kind = "deliberation"
    summary = "议事：楼道堆物清理"

    @classmethod
    def _create(cls, model_class: type[Activity], *args: Any, **kwargs: Any) -> Activity:
        kwargs["area"] = (kwargs["workroom"] or kwargs["cluster"]).area
        return super()._create(model_class, *args, **kwargs)


class WorkroomParticipantFactory(ParticipantFactory):
    class Meta:
        model = ActivityParticipant

    activity = parent_in_area(WorkroomActivityFactory)


class WorkroomPhotoFactory(ChildFactory):
    class Meta:
        model = ActivityPhoto

    activity = parent_in_area(WorkroomActivityFactory)
    file = factory.django.FileField(filename="test.gif", data=GIF)
    content_type = "image/gif"


class MechanismFactory(factory.django.DjangoModelFactory):
    """A Monday night talk (周一夜话) in ``area``."""

    class Meta:
        model = Mechanism

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"周一夜话{n}")
    kind = Mechanism.Kind.MONDAY_NIGHT
    frequency = "每周一晚"
    parties = "业委会、物业、居民"


class MeetingFactory(ChildFactory):
    class Meta:
        model = Meeting

    mechanism = parent_in_area(MechanismFactory)
    date = date(2026, 3, 2)
    attendee_count = 12
    issues = "停车难"


class WorkroomFollowUpFactory(ChildFactory):
    """An open follow-up of a meeting."""

    class Meta:
        model = FollowUp

    meeting = parent_in_area(MeetingFactory)
    description = "划定临时停车位"
    owner = "物业"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    area = factory.SubFactory(AreaFactory)
    title = "小区提升协议"
    date = date(2026, 1, 15)
    parties = "业委会、物业"
    item_count = 82
    money_recovered = Decimal("500000.00")
    money_destination = "三方共管阳光账户"


class WorkroomAgreementItemFactory(ChildFactory):
    class Meta:
        model = AgreementItem

    agreement = parent_in_area(AgreementFactory)
    number = 1
    text = "更换路灯"
