"""Writes of the activity centre: rooms and their bookings, which never overlap."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import CampaignActivity
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.scoping import Scope
from volunteering.models import ServiceActivity, Team
from workrooms.models import Activity as WorkroomActivity
from workrooms.models import Workroom

from ..models import Booking, Course, Room


@transaction.atomic
def room_create(
    *,
    scope: Scope,
    actor: Any,
    area: Area,
    name: str,
    capacity: int,
    equipment: str = "",
    ip: str | None = None,
) -> Room:
    scope.require(area)
    room = Room(area=area, name=name.strip(), capacity=capacity, equipment=equipment.strip())
    if Room.objects.filter(area=area, name=room.name).exists():
        raise ValidationError({"name": _("This area has a room of this name already.")})
    room.full_clean()
    room.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=room, ip=ip)
    return room


def overlap_message(other: Booking) -> str:
    local = timezone.localtime
    return _("The room is booked from %(start)s to %(end)s for %(purpose)s.") % {
        "start": f"{local(other.starts):%Y-%m-%d %H:%M}",
        "end": f"{local(other.ends):%H:%M}",
        "purpose": other.purpose,
    }


def _area_of(
    user: Workroom | Team | Course | CampaignActivity | WorkroomActivity | ServiceActivity,
) -> Area:
    """The area of what a booking is for (a volunteer activity's is its team's)."""
    return user.team.area if isinstance(user, ServiceActivity) else user.area


@transaction.atomic
def booking_create(
    *,
    scope: Scope,
    actor: Any,
    room: Room,
    starts: datetime,
    ends: datetime,
    purpose: str,
    workroom: Workroom | None = None,
    team: Team | None = None,
    course: Course | None = None,
    campaign_activity: CampaignActivity | None = None,
    workroom_activity: WorkroomActivity | None = None,
    service_activity: ServiceActivity | None = None,
    ip: str | None = None,
) -> Booking:
    """Book a room; refused when it overlaps another booking of the room. The room row is
    locked first, so two bookings of one room are checked one after the other; on
    PostgreSQL the exclusion constraint holds the same rule."""
    scope.require(room.area, "room")
    users = {"workroom": workroom, "team": team, "course": course,
             "campaign_activity": campaign_activity, "workroom_activity": workroom_activity,
             "service_activity": service_activity}  # fmt: skip
    chosen = {name: obj for name, obj in users.items() if obj is not None}
    if len(chosen) > 1:
        raise ValidationError(_("A booking is for one workroom, team, course or activity."))
    for name, obj in chosen.items():
        scope.require(_area_of(obj), name)
    if ends <= starts:
        raise ValidationError({"ends": _("A booking must end after it starts.")})
    purpose = (purpose or "").strip()
    if not purpose and chosen:
        purpose = str(next(iter(chosen.values())))[:100]
    room = Room.objects.select_for_update().get(pk=room.pk)
    other = room.bookings.filter(starts__lt=ends, ends__gt=starts).first()
    if other is not None:
        raise ValidationError({"starts": overlap_message(other)})
    booking = Booking(
        room=room, starts=starts, ends=ends, purpose=purpose, **chosen,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    booking.full_clean()
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:  # the exclusion constraint, for a booking that slipped past
        raise ValidationError({"starts": _("The room is booked at this time.")}) from None
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=booking, area=room.area, ip=ip)
    return booking


@transaction.atomic
def booking_cancel(*, scope: Scope, actor: Any, booking: Booking, ip: str | None = None) -> None:
    scope.require(booking.room.area)
    audit_record(
        actor=actor, action=AuditEvent.Action.DELETE, obj=booking, area=booking.room.area, ip=ip
    )
    booking.delete()
