"""Object makers of workrooms: workrooms, clusters, activities, photos and deliberation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from tests.factories import CadreFactory
from workrooms.models import (
    Activity,
    ActivityPhoto,
    Agreement,
    AgreementItem,
    Cluster,
    FollowUp,
    Mechanism,
    Meeting,
    Workroom,
)

# The smallest valid GIF: a photo for the makers, no image library needed.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def make_workroom(area: Any, **fields: Any) -> Workroom:
    lead = fields.pop("lead", None) or CadreFactory(area=area)
    workroom = Workroom.objects.create(
        area=area,
        name=fields.pop("name", f"老党员工作室{Workroom.objects.count() + 1}"),
        kind=fields.pop("kind", Workroom.Kind.OLD_PARTY_MEMBER),
        lead=lead,
        founded_on=fields.pop("founded_on", date(2024, 7, 1)),
        supervising_branch=fields.pop("supervising_branch", "小区党支部"),
        **fields,
    )
    workroom.members.add(lead)
    return workroom


def make_cluster(area: Any, **fields: Any) -> Cluster:
    return Cluster.objects.create(
        area=area, name=fields.pop("name", f"片区联建{Cluster.objects.count() + 1}"), **fields
    )


def make_activity(area: Any, **fields: Any) -> Activity:
    workroom = fields.pop("workroom", None) or make_workroom(area)
    return Activity.objects.create(
        area=workroom.area,
        workroom=workroom,
        date=fields.pop("date", date(2026, 3, 5)),
        kind=fields.pop("kind", "deliberation"),
        summary=fields.pop("summary", "议事：楼道堆物清理"),
        **fields,
    )


def make_photo(area: Any) -> ActivityPhoto:
    photo = ActivityPhoto(activity=make_activity(area), content_type="image/gif")
    photo.file.save("test.gif", ContentFile(GIF), save=False)
    photo.save()
    return photo


def make_mechanism(area: Any, **fields: Any) -> Mechanism:
    return Mechanism.objects.create(
        area=area,
        name=fields.pop("name", f"周一夜话{Mechanism.objects.count() + 1}"),
        kind=fields.pop("kind", Mechanism.Kind.MONDAY_NIGHT),
        frequency=fields.pop("frequency", "每周一晚"),
        parties=fields.pop("parties", "业委会、物业、居民"),
        **fields,
    )


def make_meeting(area: Any, **fields: Any) -> Meeting:
    mechanism = fields.pop("mechanism", None) or make_mechanism(area)
    return Meeting.objects.create(
        mechanism=mechanism,
        date=fields.pop("date", date(2026, 3, 2)),
        attendee_count=fields.pop("attendee_count", 12),
        issues=fields.pop("issues", "停车难"),
        **fields,
    )


def make_follow_up(area: Any, **fields: Any) -> FollowUp:
    meeting = fields.pop("meeting", None) or make_meeting(area)
    return FollowUp.objects.create(
        meeting=meeting,
        description=fields.pop("description", "划定临时停车位"),
        owner=fields.pop("owner", "物业"),
        **fields,
    )


def make_agreement(area: Any, **fields: Any) -> Agreement:
    return Agreement.objects.create(
        area=area,
        title=fields.pop("title", "小区提升协议"),
        date=fields.pop("date", date(2026, 1, 15)),
        parties=fields.pop("parties", "业委会、物业"),
        item_count=fields.pop("item_count", 82),
        money_recovered=fields.pop("money_recovered", Decimal("500000.00")),
        money_destination=fields.pop("money_destination", "三方共管阳光账户"),
        **fields,
    )


def make_item(area: Any) -> AgreementItem:
    return AgreementItem.objects.create(agreement=make_agreement(area), number=1, text="更换路灯")


MAKERS = {
    Workroom: make_workroom,
    Cluster: make_cluster,
    Activity: make_activity,
    ActivityPhoto: make_photo,
    Mechanism: make_mechanism,
    Meeting: make_meeting,
    FollowUp: make_follow_up,
    Agreement: make_agreement,
    AgreementItem: make_item,
}
