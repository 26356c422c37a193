"""The university's figures per area and month, counted by hand, and the index page."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from laoshan_portal.scoping import Scope
from tests.conftest import client_for
from tests.factories.university import BookingFactory, CourseFactory, EnrolmentFactory, RoomFactory
from tests.reports_world import eager_tasks  # noqa: F401 - a fixture
from university import services
from university.models import Enrolment
from university.selectors import figures

BEIJING = ZoneInfo("Asia/Shanghai")


def _world(tree: Any, roles: Any) -> None:
    """金家岭: two courses; in November the first has two lessons (3 enrolled; 3 and 2
    came), the second one lesson (2 enrolled, 1 came, 1 waiting). 中韩: one lesson in
    October (1 of 1). Rooms: 金家岭 two bookings in November (2 h + 1.5 h)."""
    scope = {"scope": Scope(None, unrestricted=True), "actor": roles.district_admin}
    first = CourseFactory(area=tree.jinjialing)
    second = CourseFactory(area=tree.jinjialing, capacity=2)
    third = CourseFactory(area=tree.zhonghan)
    a = [EnrolmentFactory(course=first) for _ in range(3)]
    b = [EnrolmentFactory(course=second) for _ in range(2)]
    EnrolmentFactory(course=second, status=Enrolment.Status.WAITING)
    c = EnrolmentFactory(course=third)
    services.attendance_record(course=first, date=date(2026, 11, 2), present=a, **scope)
    services.attendance_record(course=first, date=date(2026, 11, 9), present=a[:2], **scope)
    services.attendance_record(course=second, date=date(2026, 11, 3), present=b[:1], **scope)
    services.attendance_record(course=third, date=date(2026, 10, 5), present=[c], **scope)
    room = RoomFactory(area=tree.jinjialing)
    BookingFactory(room=room)
    BookingFactory(
        room=room,
        starts=datetime(2026, 11, 20, 9, tzinfo=BEIJING),
        ends=datetime(2026, 11, 20, 10, 30, tzinfo=BEIJING),
    )


def test_it_counts_courses_enrolments_attendance_and_rooms(tree: Any, roles: Any) -> None:
    _world(tree, roles)
    rows = {
        (row.area, row.month): row
        for row in figures(scope=Scope(None, unrestricted=True), year=2026)
    }
    november = rows[("金家岭街道", "2026-11")]
    assert (november.courses, november.enrolments, november.lessons) == (2, 5, 3)
    assert (november.present, november.expected, november.attendance_rate) == (6, 8, 75)
    assert (november.bookings, november.booked_hours) == (1, 1.5)
    december = rows[("金家岭街道", "2026-12")]
    assert (december.bookings, december.booked_hours, december.courses) == (1, 2.0, 0)
    october = rows[("中韩街道", "2026-10")]
    assert (october.courses, october.enrolments, october.attendance_rate) == (1, 1, 100)


def test_a_street_sees_only_its_own_figures(tree: Any, roles: Any) -> None:
    _world(tree, roles)
    rows = figures(scope=Scope(tree.zhonghan, "street_staff"), year=2026)
    assert {row.area for row in rows} == {"中韩街道"}


def test_the_index_shows_the_figures(tree: Any, roles: Any, clients: Any) -> None:
    _world(tree, roles)
    page = clients["street_staff"].get(reverse("university:index")).content.decode()
    assert "2026-11" in page and "75%" in page and "中韩街道" not in page


@pytest.mark.usefixtures("eager_tasks")
def test_the_dashboard_shows_the_months_figures(tree: Any, roles: Any) -> None:
    """The monthly report prints the same figures (tests/test_reports_dashboard.py)."""
    _world(tree, roles)
    client = client_for(roles.district_admin)
    board = client.get(reverse("reports:dashboard"), {"month": "2026-11"}).context["board"]
    assert board.value("university_courses") == 2
    assert board.value("university_attendance") == 75
    assert board.value("room_bookings") == 1
    street = client_for(roles.secretary_b)
    board = street.get(reverse("reports:dashboard"), {"month": "2026-11"}).context["board"]
    assert board.value("university_courses") == 0
    assert board.value("university_attendance") is None
