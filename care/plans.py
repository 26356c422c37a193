"""The visit plans worked out for a day: who is due a visit, by when, and whether it was
paid. Plain computation over rows the selectors read (``care.selectors.due_visits`` and
``plan_coverage``): no query here.

The plans, per area (``CarePlan``, or the defaults):

- everyone on the care list who lives alone, every month: due a month after their last
  visit (from the first of this month if never visited), done when visited in the last
  month;
- everyone on the care list, before 春节 and 重阳节 (the lunar calendar's dates): a
  festival visit from 45 days before to 15 days after the festival;
- everyone turning 80, 90 or 100 this year (85 and 95 where the area wants it): a birthday
  visit within 30 days of the birthday.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.utils.translation import gettext as _

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area

from .festivals import double_ninth, spring_festival
from .models import CarePlan, Visit
from .rules import months_before, years_before

MONTHLY = "monthly"
FESTIVAL_BEFORE = timedelta(days=45)  # a festival visit counts this long before …
FESTIVAL_AFTER = timedelta(days=15)  # … and after the festival
SWEEP_OPENS = timedelta(days=30)  # a festival or birthday shows as due this long before
STAYS_OPEN = timedelta(days=30)  # and stays on the to-do list this long after
BIRTHDAY_WINDOW = timedelta(days=30)
MILESTONES = (80, 90, 100)
HALF_DECADES = (85, 95)


@dataclass(frozen=True)
class Rules:
    """The plan that applies to a person: their area's, the nearest above, or defaults."""

    monthly_alone: bool = True
    festivals: bool = True
    half_decades: bool = False


class Person(NamedTuple):
    """What the plans and their pages need of a person, read as plain values: model
    instances (or frozen dataclasses) of a district's hundred thousand cost more than the
    plans themselves."""

    pk: int
    name: str
    name_pinyin: str
    birth_date: date
    living_arrangement: str
    area: Area

    @property
    def area_id(self) -> int:
        return self.area.pk


class DueVisit(NamedTuple):
    """One visit a plan asks for: whom, which plan, by when, and whether it was paid."""

    cadre: Person
    plan: str  # MONTHLY, a festival's Visit.Kind, or Visit.Kind.BIRTHDAY
    label: str
    due: date
    done: bool
    visited_on: date | None
    overdue_days: int

    @property
    def kind(self) -> str:
        """The kind of visit that settles it."""
        return Visit.Kind.ROUTINE if self.plan == MONTHLY else self.plan


class VisitSeen(NamedTuple):
    """What the plans need of a visit."""

    cadre_id: int
    date: date
    kind: str


def rules_for(path: str, plans: Sequence[CarePlan]) -> Rules:
    """The plan of the nearest area at or above ``path`` that has one."""
    found = [plan for plan in plans if path.startswith(plan.area.path)]
    if not found:
        return Rules()
    plan = max(found, key=lambda plan: len(plan.area.path))
    return Rules(plan.monthly_alone, plan.festivals, plan.half_decades)


def festivals_in_view(today: date, *, whole_year: bool) -> list[tuple[str, str, date]]:
    """(kind, label, date) of the festivals whose sweep is open on ``today``; with
    ``whole_year`` also this year's that closed, for coverage."""
    found = []
    for year in (today.year - 1, today.year, today.year + 1):
        for kind, day in (
            (Visit.Kind.SPRING_FESTIVAL, spring_festival(year)),
            (Visit.Kind.DOUBLE_NINTH, double_ninth(year)),
        ):
            opened = day - SWEEP_OPENS <= today
            still_open = today <= day + STAYS_OPEN
            this_year = day.year == today.year
            if opened and (still_open or (whole_year and this_year)):
                label = f"{day.year} {Visit.Kind(kind).label}"
                found.append((str(kind), label, day))
    return sorted(found, key=lambda item: item[2])


def _item(
    cadre: Person, plan: str, label: str, due: date, paid: date | None, today: date
) -> DueVisit:
    overdue = 0 if paid is not None else max(0, (today - due).days)
    return DueVisit(cadre, plan, label, due, paid is not None, paid, overdue)


def _paid(
    visits: Iterable[VisitSeen], kinds: set[str] | None, start: date, end: date
) -> date | None:
    days = [v.date for v in visits if start <= v.date <= end and (kinds is None or v.kind in kinds)]
    return max(days) if days else None


def plan_items(
    *,
    people: Iterable[tuple[Person, bool]],
    visits: dict[int, list[VisitSeen]],
    plans: Sequence[CarePlan],
    today: date,
    whole_year: bool = False,
) -> list[DueVisit]:
    """The visits due on ``today`` for ``people`` ((person, on the care list)),
    each with what was paid; with ``whole_year`` also this year's closed festival and
    birthday visits (for coverage), else only those still open (the to-do list)."""
    festivals = festivals_in_view(today, whole_year=whole_year)
    # the labels translated once, not for each of a district's thousands of items
    monthly = _("Monthly visit")
    birthday_labels = {
        age: _("Birthday visit at %(age)d") % {"age": age} for age in (*MILESTONES, *HALF_DECADES)
    }
    items = []
    rules_of: dict[str, Rules] = {}  # per area: a district has hundreds, and 100,000 people
    for cadre, cared_for in people:
        path = cadre.area.path
        rules = rules_of.get(path)
        if rules is None:
            rules = rules_of[path] = rules_for(path, plans)
        seen = visits.get(cadre.pk, [])
        if cared_for and rules.monthly_alone and cadre.living_arrangement == Cadre.Living.ALONE:
            last = _paid(seen, None, date.min, today)
            due = months_before(last, -1) if last else today.replace(day=1)
            recent = last if last and last > months_before(today, 1) else None
            items.append(_item(cadre, MONTHLY, monthly, due, recent, today))
        if cared_for and rules.festivals:
            for kind, label, day in festivals:
                paid = _paid(seen, {kind}, day - FESTIVAL_BEFORE, day + FESTIVAL_AFTER)
                items.append(_item(cadre, kind, label, day, paid, today))
        milestones = MILESTONES + (HALF_DECADES if rules.half_decades else ())
        age = today.year - cadre.birth_date.year
        if age in milestones:
            birthday = years_before(cadre.birth_date, -age)
            opened = birthday - SWEEP_OPENS <= today
            if opened and (whole_year or today <= birthday + STAYS_OPEN):
                window = (birthday - BIRTHDAY_WINDOW, birthday + BIRTHDAY_WINDOW)
                paid = _paid(seen, {Visit.Kind.BIRTHDAY}, *window)
                label = birthday_labels[age]
                items.append(_item(cadre, Visit.Kind.BIRTHDAY, label, birthday, paid, today))
    return items


@dataclass(frozen=True)
class Coverage:
    """Visits paid ÷ visits due, for an area."""

    area_id: int | None
    name: str
    due: int
    done: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.done / self.due, 1) if self.due else None

    @classmethod
    def total(cls, rows: Iterable[Coverage], area: Area | None) -> Coverage:
        """The rows summed: the coverage of the area they divide."""
        rows = list(rows)
        return cls(
            area.pk if area else None,
            area.name if area else "",
            sum(row.due for row in rows),
            sum(row.done for row in rows),
        )
