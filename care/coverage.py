"""The coverage of the visit plans (paid ÷ due) counted in the database: the same
figures as walking every plan item (``care.selectors.plan_coverage``), from one grouped
query whatever the size of the tree or the number of people.

Each plan becomes a pair of counts per area (the people it asks a visit of, and those
of them already visited); the area's own plan (``CarePlan``, or the nearest above, or
the defaults) then says which pairs its people owe. A birthday visit's window moves with
each person's birthday, so dates are compared as day numbers (days since 1970-01-01).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

from django.core.cache import cache
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import LessThanOrEqual
from django.db.models.sql.compiler import SQLCompiler

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area, path_prefixes
from laoshan_portal.celery import has_worker, queue_once
from laoshan_portal.scoping import Scope

from .models import CarePlan, Visit
from .plans import (
    BIRTHDAY_WINDOW,
    FESTIVAL_AFTER,
    FESTIVAL_BEFORE,
    HALF_DECADES,
    MILESTONES,
    MONTHLY,
    SWEEP_OPENS,
    Coverage,
    Rules,
    festivals_in_view,
    rules_for,
)
from .rules import any_rule, months_before, years_before
from .selectors import LOOK_BACK_DAYS, child_areas, living_people, visits_to

EPOCH = date(1970, 1, 1)
# The coverage figure of an area on a day, kept until a change to what it counts.
COVERAGE_SECONDS = 600
COVERAGE_VERSION = "care-coverage-version"
# The last coverage counted, shown (as not up to date) while a worker counts it again.
LAST_SECONDS = 7 * 24 * 3600
# The figures counted for the monthly reports: kept while they are written (a large tree's
# take longer than COVERAGE_SECONDS), as long as nothing they count changes.
REPORTS_SECONDS = 24 * 3600


class DayNumber(models.Func):
    """The days from 1970-01-01 to a date column, as an integer."""

    template = "(%(expressions)s - DATE '1970-01-01')"
    output_field = models.IntegerField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        template = "CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)"
        sql, params = self.as_sql(compiler, connection, template=template, **extra)
        return sql, list(params)


def day_number(day: date) -> int:
    return (day - EPOCH).days


@dataclass(frozen=True)
class Column:
    """One plan as counts: who owes it, whether it was paid, and which areas' plans ask it."""

    plan: str
    owed: models.Q
    paid: models.Exists
    asked: Callable[[Rules], bool]


def on_the_list(today: date) -> models.Q:
    """The care list as a condition: added by hand, or some rule holds and nobody took
    them off by hand (``care.selectors.care_people``)."""
    return models.Q(care_entry__included=True) | (
        any_rule(today) & models.Q(care_entry__isnull=True)
    )


def _visits(scope: Scope, today: date, start: date, end: date) -> models.QuerySet[Visit]:
    """A person's visits from ``start`` to ``end``, within what the plans read, wherever
    they were logged (``visits_to``)."""
    since, until = today - timedelta(days=LOOK_BACK_DAYS), today + timedelta(days=1)
    return visits_to(scope=scope).filter(
        cadre=models.OuterRef("pk"), date__gte=max(start, since), date__lte=min(end, until)
    )


def _born_in(today: date, ages: Sequence[int]) -> models.Q:
    """Born in a year that makes them one of ``ages`` this year (a range each: indexed)."""
    found = models.Q(pk__in=[])
    for year in (today.year - age for age in ages):
        found |= models.Q(birth_date__range=(date(year, 1, 1), date(year, 12, 31)))
    return found


def _shifts(year: int, age: int) -> list[tuple[date, date, int]]:
    """(first, last, days) runs of birth dates in ``year`` whose birthday at ``age`` falls
    the same number of days later (29 February kept on the 28th)."""
    runs: list[tuple[date, date, int]] = []
    day = date(year, 1, 1)
    while day.year == year:
        shift = (years_before(day, -age) - day).days
        if runs and runs[-1][2] == shift:
            runs[-1] = (runs[-1][0], day, shift)
        else:
            runs.append((day, day, shift))
        day += timedelta(days=1)
    return runs


def birthday_this_year(today: date, born: str = "birth_date") -> models.Expression:
    """The day number of this year's birthday of everyone of a milestone age (else null),
    from the birth date ``born`` names."""
    whens = [
        models.When(**{f"{born}__range": (first, last)}, then=models.Value(shift))
        for age in (*MILESTONES, *HALF_DECADES)
        for first, last, shift in _shifts(today.year - age, age)
    ]
    shift = models.Case(*whens, default=None, output_field=models.IntegerField())
    return models.ExpressionWrapper(DayNumber(born) + shift, output_field=models.IntegerField())


def columns(scope: Scope, today: date) -> list[Column]:
    """Every plan of ``today`` and of this year's closed sweeps (``plan_status``), as counts."""
    cared = on_the_list(today)
    recent = _visits(scope, today, months_before(today, 1) + timedelta(days=1), today)
    alone = cared & models.Q(living_arrangement=Cadre.Living.ALONE)
    found = [Column(MONTHLY, alone, models.Exists(recent), _monthly)]
    for kind, _label, day in festivals_in_view(today, whole_year=True):
        visits = _visits(scope, today, day - FESTIVAL_BEFORE, day + FESTIVAL_AFTER)
        found.append(Column(kind, cared, models.Exists(visits.filter(kind=kind)), _festivals))
    return found + _birthday_columns(scope, today)


def _birthday_columns(scope: Scope, today: date) -> list[Column]:
    """The birthdays at 80, 90 and 100, and at 85 and 95, whose sweep has opened."""
    window = BIRTHDAY_WINDOW.days
    near = _visits(scope, today, date.min, date.max).filter(kind=Visit.Kind.BIRTHDAY)
    near = near.annotate(gap=DayNumber("date") - birthday_this_year(today, "cadre__birth_date"))
    paid = models.Exists(near.filter(gap__gte=-window, gap__lte=window))
    last_open = models.Value(day_number(today + SWEEP_OPENS))
    opened = models.Q(LessThanOrEqual(birthday_this_year(today), last_open))
    return [
        Column(Visit.Kind.BIRTHDAY, _born_in(today, ages) & opened, paid, asked)
        for ages, asked in ((MILESTONES, _always), (HALF_DECADES, _half_decades))
    ]


def _monthly(rules: Rules) -> bool:
    return rules.monthly_alone


def _festivals(rules: Rules) -> bool:
    return rules.festivals


def _always(rules: Rules) -> bool:
    return True


def _half_decades(rules: Rules) -> bool:
    return rules.half_decades


@dataclass(frozen=True)
class AreaCount:
    """The visits due and paid of the people living in one area (not below it)."""

    path: str
    area_id: int
    due: int
    paid: int


def counted_by_area(
    *, scope: Scope, today: date, area: Area | None, plan: str = ""
) -> list[AreaCount]:
    """The visits due and paid in each area of the subtree where someone owes one: one
    grouped query, then each area's plan says which of its counts it asks for."""
    return counted_on_days(scope=scope, days=[today], area=area, plan=plan)[today]


def counted_on_days(
    *, scope: Scope, days: Iterable[date], area: Area | None, plan: str = ""
) -> dict[date, list[AreaCount]]:
    """``counted_by_area`` on each of ``days`` (the monthly job's months), from one
    grouped query for them all: each person of the subtree is read once."""
    wanted = {
        day: [column for column in columns(scope, day) if not plan or column.plan == plan]
        for day in days
    }
    people = living_people(scope=scope)
    if area is not None:
        people = people.filter(area__path__startswith=area.path)
    owing = models.Q(pk__in=[])
    aggregates: dict[str, models.Count] = {}
    for number, day_columns in enumerate(wanted.values()):
        for index, column in enumerate(day_columns):
            owing |= column.owed
            aggregates[f"due{number}_{index}"] = models.Count("pk", filter=column.owed)
            aggregates[f"paid{number}_{index}"] = models.Count(
                "pk", filter=column.owed & column.paid
            )
    rows = people.filter(owing).order_by().values("area_id", "area__path").annotate(**aggregates)
    plans = list(CarePlan.objects.select_related("area"))
    found: dict[date, list[AreaCount]] = {day: [] for day in wanted}
    for row in rows:
        rules = rules_for(row["area__path"], plans)
        for number, (day, day_columns) in enumerate(wanted.items()):
            asked = [index for index, column in enumerate(day_columns) if column.asked(rules)]
            due = sum(row[f"due{number}_{index}"] for index in asked)
            paid = sum(row[f"paid{number}_{index}"] for index in asked)
            found[day].append(AreaCount(row["area__path"], row["area_id"], due, paid))
    return found


def coverage_rows(
    *, scope: Scope, today: date, area: Area | None, plan: str = ""
) -> list[Coverage]:
    """Coverage per child of ``area`` (the scope's top areas when None), the area's own
    people in a row of their own: the rows of ``plan_coverage``, counted."""
    counted = counted_by_area(scope=scope, today=today, area=area, plan=plan)
    if area is not None:
        counted = [count for count in counted if count.path.startswith(area.path)]
    rows = []
    for child in child_areas(scope=scope, area=area):
        rows.append(_row(child, [count for count in counted if count.path.startswith(child.path)]))
    if area is not None:
        own = _row(area, [count for count in counted if count.area_id == area.pk])
        if own.due:
            rows.append(own)
    return rows


def _row(area: Area, counts: Sequence[AreaCount]) -> Coverage:
    return Coverage(area.pk, area.name, sum(c.due for c in counts), sum(c.paid for c in counts))


def area_coverage(*, scope: Scope, area: Area, day: date) -> Coverage:
    """The coverage of ``area``'s visit plans on ``day`` (paid ÷ due, everyone in its
    subtree): the figure of the monthly report and the plans page's total.

    Kept in the cache until anything it counts changes (``coverage_changed``, wired in
    the app's ``ready``); counted now when not kept.
    """
    where = _where(scope, area, day)
    found: Coverage | None = cache.get(_current_key(where))
    if found is None:
        found = Coverage.total(coverage_rows(scope=scope, today=day, area=area), area)
        cache.set(_current_key(where), found, COVERAGE_SECONDS)
        cache.set(f"care-coverage-last-{where}", found, LAST_SECONDS)
    return found


def page_coverage(*, scope: Scope, area: Area, day: date) -> tuple[Coverage | None, bool]:
    """``area_coverage`` for a page, and whether it is up to date. Counting it reads every
    person of the subtree (seconds for a district of a million records): with a worker,
    a page does not wait for it; the worker counts it (``care.tasks.count_coverage``)
    and the page shows the last one counted, if any, as not up to date."""
    where = _where(scope, area, day)
    found: Coverage | None = cache.get(_current_key(where))
    if found is not None:
        return found, True
    if not has_worker():
        return area_coverage(scope=scope, area=area, day=day), True
    lock = f"care-coverage-counting-{where}"
    queue_once("care.tasks.count_coverage", [area.pk, day.isoformat()], lock=lock)
    return cache.get(f"care-coverage-last-{where}"), False


def count_for_reports(*, areas: Iterable[Area], days: Iterable[date]) -> int:
    """Before the monthly reports: ``area_coverage`` of each of ``areas`` on each of
    ``days`` (as its report reads it), from one grouped query for the whole tree and every
    day, each area's own counts added to every area above it; kept as ``area_coverage``
    keeps it, so no report counts its subtree again. Returns how many figures were kept."""
    version = _version()  # before counting: a change while counting makes them old
    everyone = Scope(area=None, unrestricted=True)
    areas = list(areas)
    current, last = {}, {}
    for day, counts in counted_on_days(scope=everyone, days=days, area=None).items():
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for count in counts:
            for path in path_prefixes(count.path):
                total = totals[path]
                total[0], total[1] = total[0] + count.due, total[1] + count.paid
        for area in areas:
            due, paid = totals.get(area.path, (0, 0))
            where = _where(Scope(area=area), area, day)
            found = Coverage(area.pk, area.name, due, paid)
            current[_current_key(where, version)] = found
            last[f"care-coverage-last-{where}"] = found
    cache.set_many(current, REPORTS_SECONDS)
    cache.set_many(last, LAST_SECONDS)
    return len(current)


def _where(scope: Scope, area: Area, day: date) -> str:
    return f"{scope.area.pk if scope.area else 0}-{area.pk}-{day}"


def _version() -> str:
    return str(cache.get_or_set(COVERAGE_VERSION, uuid4().hex, None))


def _current_key(where: str, version: str | None = None) -> str:
    return f"care-coverage-{version or _version()}-{where}"


def coverage_changed(**kwargs: object) -> None:
    """A person, visit, care-list entry or plan changed: every kept coverage is old."""
    cache.set(COVERAGE_VERSION, uuid4().hex, None)
