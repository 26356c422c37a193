"""Bookings of the activity centre's rooms never overlap: the service refuses it (on every
database) and on PostgreSQL the exclusion constraint too; the week view."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.urls import reverse

from laoshan_portal.scoping import Scope
from tests.factories.university import BookingFactory, CourseFactory, RoomFactory
from university import services
from university.models import Booking

BEIJING = ZoneInfo("Asia/Shanghai")


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=BEIJING)


def _kwargs(user: Any) -> dict[str, Any]:
    return {"scope": Scope(user.area, user.role), "actor": user}


def test_it_refuses_an_overlapping_booking_with_a_clear_message(tree: Any, roles: Any) -> None:
    room = RoomFactory(area=tree.laoshan, name="多功能厅")
    kwargs = _kwargs(roles.district_admin)
    services.booking_create(
        room=room, starts=_at(1, 14), ends=_at(1, 16), purpose="合唱排练", **kwargs
    )
    with pytest.raises(ValidationError) as refused:
        services.booking_create(
            room=room, starts=_at(1, 15), ends=_at(1, 17), purpose="书法讲座", **kwargs
        )
    assert "合唱排练" in str(refused.value.message_dict["starts"])
    # Back to back is no overlap; another room is free.
    services.booking_create(
        room=room, starts=_at(1, 16), ends=_at(1, 17), purpose="茶话会", **kwargs
    )
    other = RoomFactory(area=tree.laoshan, name="书画室")
    services.booking_create(
        room=other, starts=_at(1, 15), ends=_at(1, 17), purpose="书法", **kwargs
    )
    assert Booking.objects.count() == 3


def test_it_refuses_an_end_before_the_start_and_two_users(tree: Any, roles: Any) -> None:
    room = RoomFactory(area=tree.laoshan)
    course = CourseFactory(area=tree.jinjialing)
    kwargs = _kwargs(roles.district_admin)
    with pytest.raises(ValidationError):
        services.booking_create(room=room, starts=_at(2, 10), ends=_at(2, 9), purpose="x", **kwargs)
    booking = services.booking_create(
        room=room, starts=_at(2, 9), ends=_at(2, 10), purpose="", course=course, **kwargs
    )
    assert booking.purpose == course.title


def test_the_booking_page_shows_the_overlap_in_chinese(tree: Any, clients: Any) -> None:
    room = RoomFactory(area=tree.laoshan)
    BookingFactory(room=room)
    response = clients["district_admin"].post(
        reverse("university:booking_create", args=[room.pk]),
        {"date": "2026-12-01", "start_time": "15:00", "end_time": "15:30", "purpose": "讲座"},
    )
    assert response.status_code == 200
    assert "该活动室" in response.content.decode()
    assert Booking.objects.count() == 1


def test_the_week_view_lists_each_days_bookings(tree: Any, clients: Any) -> None:
    room = RoomFactory(area=tree.laoshan)
    BookingFactory(room=room, purpose="合唱排练")
    BookingFactory(room=room, starts=_at(8, 9), ends=_at(8, 10), purpose="下周的课")
    page = clients["viewer"].get(
        reverse("university:room_week", args=[room.pk]), {"week": "2026-12-02"}
    )
    text = page.content.decode()
    assert "合唱排练" in text and "14:00" in text and "下周的课" not in text
    assert "col-12 col-lg" in text  # one day under another on a phone


def test_another_districts_room_is_a_404(tree: Any, clients: Any) -> None:
    room = RoomFactory(area=tree.shinan)
    url = reverse("university:room_week", args=[room.pk])
    assert clients["district_admin"].get(url).status_code == 404


@pytest.mark.services
@pytest.mark.django_db
def test_the_database_refuses_overlapping_bookings_on_postgresql(tree: Any) -> None:
    assert connection.vendor == "postgresql"
    room = RoomFactory(area=tree.laoshan)
    Booking.objects.create(room=room, starts=_at(1, 14), ends=_at(1, 16), purpose="合唱排练")
    Booking.objects.create(room=room, starts=_at(1, 16), ends=_at(1, 17), purpose="茶话会")
    with pytest.raises(IntegrityError):
        Booking.objects.create(room=room, starts=_at(1, 15), ends=_at(1, 17), purpose="讲座")
