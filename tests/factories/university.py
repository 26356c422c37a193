"""Terms, courses, enrolments, lessons and certificates of the senior university, and the
activity centre's rooms and bookings."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from tests.factories import ChildFactory, parent_in_area
from tests.factories.accounts import AreaFactory
from tests.factories.cadres import CadreFactory
from university.models import Booking, Course, CourseCertificate, Enrolment, Lesson, Room, Term

BEIJING = ZoneInfo("Asia/Shanghai")


class TermFactory(factory.django.DjangoModelFactory):
    """The autumn term of 2026 of the school of ``area``."""

    class Meta:
        model = Term
        django_get_or_create = ("area", "year", "season")

    area = factory.SubFactory(AreaFactory)
    year = 2026
    season = Term.Season.AUTUMN
    starts = date(2026, 9, 1)
    ends = date(2027, 1, 15)


class CourseFactory(factory.django.DjangoModelFactory):
    """A calligraphy course of ``area``'s branch on Monday mornings, 20 places, free."""

    class Meta:
        model = Course

    area = factory.SubFactory(AreaFactory)
    term = factory.SubFactory(TermFactory, area=factory.SelfAttribute("..area"))
    title = factory.Sequence(lambda n: f"书法班{n}")
    subject = Course.Subject.CALLIGRAPHY
    teacher_name = "王老师"
    venue = "活动中心二楼"
    weekday = Course.Weekday.MONDAY
    starts_at = time(9)
    ends_at = time(11)
    capacity = 20
    fee = Decimal("0.00")


class EnrolmentFactory(ChildFactory):
    """A cadre of the course's area, enrolled."""

    class Meta:
        model = Enrolment

    course = parent_in_area(CourseFactory)
    cadre = factory.SubFactory(CadreFactory, area=factory.SelfAttribute("..course.area"))
    status = Enrolment.Status.ENROLLED


class LessonFactory(ChildFactory):
    class Meta:
        model = Lesson

    course = parent_in_area(CourseFactory)
    date = date(2026, 11, 2)
    expected = 0


class CourseCertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseCertificate

    area = factory.SubFactory(AreaFactory)
    enrolment = factory.SubFactory(EnrolmentFactory, area=factory.SelfAttribute("..area"))
    number = factory.Sequence(lambda n: f"LU-2026-{n:06d}")
    holder_name = "于通海"
    course_title = "书法班"
    term_name = "2026 秋季学期"
    lessons = 10
    attended = 9
    issuer_name = "崂山区委老干部局"
    issued_on = date(2026, 12, 1)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"活动室{n}")
    capacity = 40
    equipment = "投影仪、音响"


class BookingFactory(ChildFactory):
    """Tuesday 1 December 2026, 14:00–16:00 Beijing time."""

    class Meta:
        model = Booking

    room = parent_in_area(RoomFactory)
    starts = datetime(2026, 12, 1, 14, tzinfo=BEIJING)
    ends = datetime(2026, 12, 1, 16, tzinfo=BEIJING)
    purpose = "合唱排练"
