"""Demo data of the senior university: the district school's spring and autumn terms of
twelve courses, cadres of every street enrolled (some courses full, with a waiting list),
the lessons held so far with their attendance, and a week of bookings of the district
activity centre's rooms.

Deterministic (a seeded random generator per course) and idempotent: a term, course or
room found by its name is left as it is, and a room with bookings gets none added.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadres.models import Cadre
from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope
from volunteering.models import Team
from workrooms.models import Workroom

from . import services
from .models import Course, Room, Term

EVERYTHING = Scope(area=None, unrestricted=True)
DISTRICT = "370212"
S = Course.Subject
# Title, subject, teacher, weekday, start hour, capacity, fee, extra people (waiting list).
COURSES = [
    ("书法基础班", S.CALLIGRAPHY, "王守义", 1, 9, 30, "0", 0),
    ("书法提高班", S.CALLIGRAPHY, "王守义", 3, 9, 20, "0", 4),
    ("国画花鸟班", S.PAINTING, "李秀芳", 2, 9, 25, "100", 0),
    ("山水画班", S.PAINTING, "李秀芳", 4, 14, 20, "100", 3),
    ("合唱班", S.SINGING, "赵丽华", 1, 14, 40, "0", 0),
    ("民族声乐班", S.SINGING, "赵丽华", 5, 9, 25, "0", 0),
    ("中医养生班", S.HEALTH, "孙德民", 2, 14, 40, "0", 0),
    ("太极拳班", S.HEALTH, "周振国", 3, 14, 30, "0", 0),
    ("智能手机入门班", S.SMARTPHONE, "崂山区老干部局志愿者", 4, 9, 20, "0", 6),
    ("手机摄影班", S.SMARTPHONE, "刘建军", 5, 14, 25, "50", 0),
    ("党史学习班", S.PARTY_HISTORY, "", 2, 9, 50, "0", 0),
    ("崂山地方史讲堂", S.PARTY_HISTORY, "", 4, 14, 50, "0", 0),
]  # fmt: skip
ROOMS = [
    ("多功能厅", 120, "投影仪、音响、舞台"),
    ("书画室", 30, "书画案、毛毡、展示墙"),
    ("合唱排练室", 50, "钢琴、音响"),
    ("电脑教室", 25, "电脑25台、投影仪"),
    ("阅览室", 40, "报刊、图书"),
]
# Lessons of a course kept in the demo (the latest ones up to today).
LESSONS_KEPT = 8
ATTENDING = 0.88  # how often an enrolled person comes


def _terms(area: Area, today: date) -> list[Term]:
    """This year's spring term and the autumn term that has begun (last year's if not yet)."""
    autumn_year = today.year if today >= date(today.year, 9, 7) else today.year - 1
    spring_year = today.year if today >= date(today.year, 3, 2) else today.year - 1
    plans = [
        (spring_year, Term.Season.SPRING, date(spring_year, 3, 2), date(spring_year, 7, 10)),
        (autumn_year, Term.Season.AUTUMN, date(autumn_year, 9, 7), date(autumn_year + 1, 1, 15)),
    ]
    terms = []
    for year, season, starts, ends in plans:
        term = Term.objects.filter(area=area, year=year, season=season).first()
        if term is None:
            term = services.term_create(
                scope=EVERYTHING, actor=None, area=area, year=year, season=season,
                starts=starts, ends=ends,
            )  # fmt: skip
        terms.append(term)
    return terms


def _people_by_street(district: Area) -> list[Cadre]:
    """Active cadres, taking one from each street in turn: every street is on the courses."""
    streets = Area.objects.filter(parent=district, level=Area.Level.STREET).order_by("code")
    pools = [
        list(
            Cadre.objects.filter(area__path__startswith=street.path, status=Cadre.Status.ACTIVE)
            .select_related("area")
            .order_by("pk")[:150]
        )
        for street in streets
    ]
    mixed: list[Cadre] = []
    for index in range(max((len(pool) for pool in pools), default=0)):
        mixed.extend(pool[index] for pool in pools if index < len(pool))
    return mixed


def _lesson_days(course: Course, today: date) -> list[date]:
    first = course.term.starts + timedelta((course.weekday - 1 - course.term.starts.weekday()) % 7)
    last = min(course.term.ends, today)
    days = []
    while first <= last:
        days.append(first)
        first += timedelta(7)
    return days[-LESSONS_KEPT:]


def _course(
    term: Term, district: Area, plan: tuple[Any, ...], people: list[Cadre], start: int
) -> int:
    title, subject, teacher, weekday, hour, capacity, fee, extra = plan
    if Course.objects.filter(term=term, area=district, title=title).exists():
        return 0
    teacher_cadre = people[start % len(people)] if not teacher and people else None
    course = services.course_create(
        scope=EVERYTHING, actor=None, term=term, area=district, title=title, subject=subject,
        venue="崂山区老干部活动中心", weekday=weekday, starts_at=time(hour),
        ends_at=time(hour + 2), capacity=capacity, fee=Decimal(fee),
        teacher_cadre=teacher_cadre, teacher_name=teacher,
    )  # fmt: skip
    rng = random.Random(f"{term}{title}")  # noqa: S311 - demo data  # nosec B311
    wanted = capacity + extra if extra else rng.randrange(capacity * 2 // 3, capacity + 1)
    chosen = [people[(start + i * 7) % len(people)] for i in range(wanted)] if people else []
    services.enrol_cadres(scope=EVERYTHING, actor=None, course=course, cadres=chosen)
    enrolled = list(course.enrolments.filter(status="enrolled").order_by("pk"))
    for day in _lesson_days(course, clock.today()):
        present = [e for e in enrolled if rng.random() < ATTENDING]
        services.attendance_record(
            scope=EVERYTHING, actor=None, course=course, date=day, present=present
        )
    return 1


def _rooms(district: Area) -> list[Room]:
    rooms = []
    for name, capacity, equipment in ROOMS:
        room = Room.objects.filter(area=district, name=name).first()
        if room is None:
            room = services.room_create(
                scope=EVERYTHING, actor=None, area=district, name=name, capacity=capacity,
                equipment=equipment,
            )  # fmt: skip
        rooms.append(room)
    return rooms


def _week_of_bookings(rooms: list[Room], term: Term, today: date) -> int:
    """This week's lessons of the autumn term in the rooms, and a few other users."""
    if any(room.bookings.exists() for room in rooms):
        return 0
    monday = today - timedelta(today.weekday())
    by_subject: dict[str, Room] = {
        S.CALLIGRAPHY: rooms[1], S.PAINTING: rooms[1], S.SINGING: rooms[2],
        S.SMARTPHONE: rooms[3], S.HEALTH: rooms[0], S.PARTY_HISTORY: rooms[0],
    }  # fmt: skip
    made = 0

    def book(room: Room, day: date, hour: int, hours: int, **users: object) -> None:
        nonlocal made
        starts = timezone.make_aware(datetime.combine(day, time(hour)))
        if room.bookings.filter(starts__lt=starts + timedelta(hours=hours), ends__gt=starts):
            return
        services.booking_create(
            scope=EVERYTHING, actor=None, room=room, starts=starts,
            ends=starts + timedelta(hours=hours), purpose="", **users,  # type: ignore[arg-type]
        )  # fmt: skip
        made += 1

    for course in term.courses.order_by("weekday", "starts_at"):
        day = monday + timedelta(course.weekday - 1)
        book(by_subject[course.subject], day, course.starts_at.hour, 2, course=course)
    workroom = Workroom.objects.filter(area__path__startswith=rooms[0].area.path).first()
    team = Team.objects.filter(area__path__startswith=rooms[0].area.path).first()
    if workroom is not None:
        book(rooms[4], monday + timedelta(2), 9, 3, workroom=workroom)
    if team is not None:
        book(rooms[0], monday + timedelta(5), 9, 3, team=team)
    return made


@transaction.atomic
def seed() -> dict[str, int]:
    district = Area.objects.filter(code=DISTRICT).first()
    if district is None:
        return {"courses": 0, "rooms": 0, "bookings": 0}
    today = clock.today()
    terms = _terms(district, today)
    people = _people_by_street(district)
    made = 0
    for term in terms:
        for index, plan in enumerate(COURSES):
            made += _course(term, district, plan, people, start=index * 11)
    rooms = _rooms(district)
    return {
        "courses": made,
        "rooms": len(rooms),
        "bookings": _week_of_bookings(rooms, terms[-1], today),
    }
