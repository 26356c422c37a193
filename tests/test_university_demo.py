"""The university demo: two terms of courses with people from every street, full courses
with a waiting list, attendance, a week of bookings; idempotent."""

from __future__ import annotations

import pytest

from laoshan_portal.accounts.models import Area
from tests.demo_world import Demo, laoshan_demo  # noqa: F401 - a fixture
from university import demo
from university.models import Booking, Course, Enrolment, Lesson, Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(laoshan_demo: Demo) -> dict[str, int]:  # noqa: F811 - the fixture's name
    return laoshan_demo.made["university"]


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Term, Course, Enrolment, Lesson, Booking))


def test_it_seeds_two_terms_from_every_street_and_nothing_the_second_time(
    seeded: dict[str, int],
) -> None:
    assert sorted(Term.objects.values_list("season", flat=True)) == ["autumn", "spring"]
    for term in Term.objects.all():
        assert 10 <= term.courses.count() <= 15
    streets = Area.objects.filter(level=Area.Level.STREET, path__startswith="/370212/")
    enrolled = Enrolment.objects.select_related("cadre__area")
    for street in streets:
        assert enrolled.filter(cadre__area__path__startswith=street.path).exists(), street.name
    full = Course.objects.filter(enrolments__status=Enrolment.Status.WAITING).distinct()
    assert full.count() >= 3
    for course in full:
        assert course.enrolments.filter(status="enrolled").count() == course.capacity
    assert Lesson.objects.filter(present__isnull=False).exists()
    assert Booking.objects.count() >= 10
    before = _counts()
    assert demo.seed()["courses"] == 0
    assert _counts() == before
