"""Reads of the senior university and the activity centre, always given a scope (but
``venue_bookings``, read by an activity already in scope), and the figures per area and
month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone

from campaigns.models import CampaignActivity
from laoshan_portal.counts import counts
from laoshan_portal.scoping import Scope, selector_for
from volunteering.models import ServiceActivity
from workrooms.models import Activity as WorkroomActivity

from .filters import CourseFilter
from .models import Booking, Course, CourseCertificate, Enrolment, Lesson, Room, Term

# The booking field that names an activity of each kind.
BOOKED_BY: dict[type[models.Model], str] = {
    CampaignActivity: "campaign_activity",
    WorkroomActivity: "workroom_activity",
    ServiceActivity: "service_activity",
    Course: "course",
}
ENROLLED = Enrolment.Status.ENROLLED
WAITING = Enrolment.Status.WAITING


@selector_for(Term)
def term_list(*, scope: Scope) -> models.QuerySet[Term]:
    return scope.filter(Term.objects.all(), "area")


@selector_for(Course)
def course_list(*, scope: Scope) -> models.QuerySet[Course]:
    return scope.filter(Course.objects.all(), "area")


@selector_for(Enrolment)
def enrolment_list(*, scope: Scope) -> models.QuerySet[Enrolment]:
    return scope.filter(Enrolment.objects.all(), "course__area")


@selector_for(Lesson)
def lesson_list(*, scope: Scope) -> models.QuerySet[Lesson]:
    return scope.filter(Lesson.objects.all(), "course__area")


@selector_for(CourseCertificate)
def certificate_list(*, scope: Scope) -> models.QuerySet[CourseCertificate]:
    return scope.filter(CourseCertificate.objects.all(), "area")


@selector_for(Room)
def room_list(*, scope: Scope) -> models.QuerySet[Room]:
    return scope.filter(Room.objects.all(), "area")


@selector_for(Booking)
def booking_list(*, scope: Scope) -> models.QuerySet[Booking]:
    return scope.filter(Booking.objects.all(), "room__area")


VENUE_SHOWN = 10  # a weekly course shows its next few bookings, not a term's worth


def venue_bookings(activity: models.Model) -> list[Booking]:
    """The bookings that name ``activity`` (a campaign, workroom or volunteer activity, or
    a course): where it was held. The reader was given the activity in their scope, and
    its venue is part of it, so the bookings are read by the activity, not by the room's
    area (the district's centre hosts the activities of every community)."""
    field = BOOKED_BY.get(type(activity))
    if field is None:
        return []
    bookings = Booking.objects.filter(**{field: activity}).select_related("room")
    return list(bookings.order_by("starts", "pk")[:VENUE_SHOWN])


def course_rows(*, scope: Scope) -> models.QuerySet[Course]:
    """Courses in scope with how many are enrolled and waiting, newest term first."""
    rows: models.QuerySet[Course] = (
        course_list(scope=scope)
        .select_related("term", "area", "teacher_cadre")
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__status=ENROLLED)),
            waiting=Count("enrolments", filter=Q(enrolments__status=WAITING)),
        )
    )
    return rows


def course_enrolments(*, course: Course) -> models.QuerySet[Enrolment]:
    """A course's people (the course was fetched in scope): enrolled, then waiting in turn."""
    return (
        course.enrolments.exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("cadre", "certificate")
        .annotate(attended=Count("lessons_attended"))
        .order_by(models.Case(models.When(status=ENROLLED, then=0), default=1), "created_at", "pk")
    )


@dataclass(frozen=True)
class Attendance:
    lessons: int
    attended: int

    @property
    def rate(self) -> int:
        """Whole per cent of the course's lessons attended."""
        return round(100 * self.attended / self.lessons) if self.lessons else 0


def enrolment_attendance(*, enrolment: Enrolment) -> Attendance:
    return Attendance(
        lessons=enrolment.course.lessons.count(),
        attended=enrolment.lessons_attended.count(),
    )


@dataclass(frozen=True)
class Day:
    date: date
    bookings: list[Booking]


def room_week(*, room: Room, monday: date) -> list[Day]:
    """The seven days from ``monday`` with the room's bookings that start on each."""
    bookings = list(
        room.bookings.filter(starts__date__gte=monday, starts__date__lt=monday + timedelta(7))
        .select_related("workroom", "team", "course", "campaign_activity")
        .order_by("starts")
    )
    days = [monday + timedelta(offset) for offset in range(7)]
    return [Day(day, [b for b in bookings if _local_date(b.starts) == day]) for day in days]


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


@dataclass(frozen=True)
class AreaMonth:
    area: str
    month: str
    courses: int
    enrolments: int
    lessons: int
    present: int
    expected: int
    bookings: int
    booked_hours: float

    @property
    def attendance_rate(self) -> int:
        return round(100 * self.present / self.expected) if self.expected else 0


def figures(*, scope: Scope, year: int) -> list[AreaMonth]:
    """Per area and month of ``year``: courses held (with a lesson that month), people
    enrolled in them, lessons, attendance (present of expected) and room bookings."""
    lessons = (
        lesson_list(scope=scope)
        .filter(date__year=year)
        .values("course__area__name", "date__month")
        .annotate(
            courses=Count("course", distinct=True),
            lessons=Count("pk", distinct=True),
            expected=Sum("expected"),
        )
    )
    present = (
        lesson_list(scope=scope)
        .filter(date__year=year)
        .values("course__area__name", "date__month")
        .annotate(present=Count("present"))
    )
    enrolled = (
        lesson_list(scope=scope)
        .filter(date__year=year, course__enrolments__status=ENROLLED)
        .values("course__area__name", "date__month")
        .annotate(people=Count("course__enrolments", distinct=True))
    )
    bookings = (
        booking_list(scope=scope)
        .filter(starts__year=year)
        .values("room__area__name", "starts__month")
        .annotate(
            count=Count("pk"),
            span=Sum(
                models.ExpressionWrapper(
                    models.F("ends") - models.F("starts"), output_field=models.DurationField()
                )
            ),
        )
    )
    rows: dict[tuple[str, int], dict[str, Any]] = {}

    def row(area: str, month: int) -> dict[str, Any]:
        return rows.setdefault((area, month), {"area": area, "month": f"{year}-{month:02d}"})

    for found in lessons:
        row(found["course__area__name"], found["date__month"]).update(
            courses=found["courses"], lessons=found["lessons"], expected=found["expected"] or 0
        )
    for found in present:
        row(found["course__area__name"], found["date__month"])["present"] = found["present"]
    for found in enrolled:
        row(found["course__area__name"], found["date__month"])["enrolments"] = found["people"]
    for found in bookings:
        span = found["span"]
        hours = span.total_seconds() / 3600 if isinstance(span, timedelta) else 0.0
        target = row(found["room__area__name"], found["starts__month"])
        target.update(bookings=found["count"], booked_hours=round(hours, 1))
    defaults = dict.fromkeys(
        ("courses", "enrolments", "lessons", "present", "expected", "bookings"), 0
    )
    return [
        AreaMonth(**{**defaults, "booked_hours": 0.0, **values})
        for _, values in sorted(rows.items(), key=lambda item: (item[0][1], item[0][0]))
    ]


def course_filtered(*, scope: Scope, params: Any = None) -> CourseFilter:
    """The course list: its filters applied to the courses in scope."""
    return CourseFilter(
        params or {},
        queryset=course_rows(scope=scope).order_by("-term__starts", "area__path", "weekday"),
        scope=scope,
        terms=term_list(scope=scope),
    )


def month_figures(*, scope: Scope, start: date, end: date) -> dict[str, int | None]:
    """Courses that held a lesson in the period, their attendance rate (present of
    enrolled, in whole per cent; None without lessons) and the room bookings begun in it:
    two queries whatever the size."""
    lessons = lesson_list(scope=scope).filter(date__gte=start, date__lte=end)
    totals = lessons.aggregate(courses=Count("course", distinct=True), expected=Sum("expected"))
    counted = counts(
        present=Lesson.present.through.objects.filter(lesson__in=lessons),
        bookings=booking_list(scope=scope).filter(starts__date__gte=start, starts__date__lte=end),
    )
    expected = totals["expected"] or 0
    return {
        "courses": totals["courses"],
        "attendance_rate": round(100 * counted["present"] / expected) if expected else None,
        "bookings": counted["bookings"],
    }
