"""A booking of the activity centre names the activity that used it, and that activity's
page shows where it was held ("地点：<room> (<time>)"), through the university's template
tag (the activity apps sit below the university and do not import it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from laoshan_portal.scoping import Scope
from tests.factories.campaigns import CampaignActivityFactory
from tests.factories.university import CourseFactory, RoomFactory
from tests.factories.volunteering import ServiceActivityFactory
from tests.factories.workrooms import WorkroomActivityFactory
from university import services
from university.models import Booking

BEIJING = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.clock("2026-12-04T10:00+08:00")


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=BEIJING)


def _book(user: Any, room: Any, day: int, **link: Any) -> Booking:
    return services.booking_create(
        scope=Scope(user.area, user.role), actor=user, room=room,
        starts=_at(day, 9), ends=_at(day, 11), purpose="", **link,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("field", "make", "page"),
    [
        ("workroom_activity", WorkroomActivityFactory, "workrooms:activity_detail"),
        ("service_activity", ServiceActivityFactory, "volunteering:activity_detail"),
        ("campaign_activity", CampaignActivityFactory, "campaigns:activity_detail"),
    ],
)
def test_the_activity_page_shows_its_venue(
    tree: Any, roles: Any, clients: Any, field: str, make: Any, page: str
) -> None:
    room = RoomFactory(area=tree.laoshan, name="多功能厅")
    activity = make(area=tree.ruidu)
    booking = _book(roles.district_admin, room, 3, **{field: activity})
    assert getattr(booking, field) == activity and booking.purpose == str(activity)[:100]
    other = make(area=tree.ruidu)  # not booked: no venue
    html = clients["secretary_a"].get(reverse(page, args=[activity.pk])).content.decode()
    assert "地点：多功能厅（2026-12-03 09:00–11:00）" in html
    plain = clients["secretary_a"].get(reverse(page, args=[other.pk])).content.decode()
    assert 'data-testid="venue"' not in plain


def test_the_course_page_shows_its_bookings(tree: Any, clients: Any, roles: Any) -> None:
    room = RoomFactory(area=tree.laoshan, name="书画室")
    course = CourseFactory(area=tree.laoshan)
    _book(roles.district_admin, room, 2, course=course)
    html = (
        clients["district_admin"]
        .get(reverse("university:course_detail", args=[course.pk]))
        .content.decode()
    )
    assert "地点：书画室（2026-12-02 09:00–11:00）" in html


def test_the_booking_form_offers_the_activity_and_one_link_at_most(
    tree: Any, roles: Any, clients: Any
) -> None:
    room = RoomFactory(area=tree.laoshan)
    activity = ServiceActivityFactory(area=tree.ruidu)
    response = clients["district_admin"].post(
        reverse("university:booking_create", args=[room.pk]),
        {"date": "2026-12-01", "start_time": "15:00", "end_time": "16:00",
         "service_activity": activity.pk},
    )  # fmt: skip
    assert response.status_code == 302
    assert Booking.objects.get().service_activity == activity
    with pytest.raises(ValidationError):
        _book(roles.district_admin, room, 4, service_activity=activity,
              workroom_activity=WorkroomActivityFactory(area=tree.ruidu))  # fmt: skip


def test_a_street_cannot_book_for_another_street_s_activity(tree: Any, roles: Any) -> None:
    room = RoomFactory(area=tree.jinjialing)
    elsewhere = CampaignActivityFactory(area=tree.wushan)
    with pytest.raises(ValidationError):
        _book(roles.street_staff, room, 3, campaign_activity=elsewhere)
