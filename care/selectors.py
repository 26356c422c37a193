"""Reads of care work, always through the reader's scope: the care list derived from the
registry, the visits, the plans, and the birthdays of the people in scope."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, partial
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import get_language

from cadres.models import Cadre
from cadres.selectors import cadre_list
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.bulk import many_rows
from laoshan_portal.kept import kept, kept_or_last
from laoshan_portal.pages import Head, KeptHeads, url_by_pk
from laoshan_portal.scoping import Scope, selector_for

from .filters import CareListFilter, VisitFilter
from .models import CareListEntry, CarePlan, Referral, Visit, VisitPhoto
from .plans import (
    HALF_DECADES,
    MILESTONES,
    Coverage,
    DueVisit,
    Person,
    VisitSeen,
    plan_items,
)
from .rules import REASON_LABELS, age_on, any_rule, reasons_for, years_before

T = TypeVar("T")
# What the kept plan items depend on (``kept_plans``): see the app's ``ready``.
PLANS_TOPIC = "care-plans"


@selector_for(CareListEntry)
def care_entry_list(*, scope: Scope) -> models.QuerySet[CareListEntry]:
    return scope.filter(CareListEntry.objects.all(), "cadre__area")


@selector_for(Visit)
def visit_list(*, scope: Scope) -> models.QuerySet[Visit]:
    return scope.filter(Visit.objects.all(), "area")


@selector_for(VisitPhoto)
def visit_photo_list(*, scope: Scope) -> models.QuerySet[VisitPhoto]:
    """Photos reach their scope through their visit's area."""
    return scope.filter(VisitPhoto.objects.all(), "activity__area")


@selector_for(CarePlan)
def care_plan_list(*, scope: Scope) -> models.QuerySet[CarePlan]:
    return scope.filter(CarePlan.objects.all(), "area")


@selector_for(Referral)
def referral_list(*, scope: Scope) -> models.QuerySet[Referral]:
    """Referrals reach their scope through their visit's area."""
    return scope.filter(Referral.objects.all(), "visit__area")


def referrals_to_follow_up(*, scope: Scope) -> models.QuerySet[Referral]:
    """Referrals with a follow-up date, not yet answered: the to-do list's."""
    return (
        referral_list(scope=scope)
        .filter(follow_up_by__isnull=False, answered_on__isnull=True)
        .select_related("visit__cadre", "visit__area")
        .order_by("follow_up_by", "pk")
    )


# --- the care list ---------------------------------------------------------------------


def living_people(*, scope: Scope) -> models.QuerySet[Cadre]:
    """The active records in scope: the deceased, moved and merged are on no list."""
    return cadre_list(scope=scope).filter(status=Cadre.Status.ACTIVE)


def care_people(*, scope: Scope, today: date) -> models.QuerySet[Cadre]:
    """The care list: people some rule holds for, plus those added by hand, less those
    taken off by hand."""
    added = models.Q(care_entry__included=True)
    removed = models.Q(care_entry__included=False)
    people = living_people(scope=scope).filter(any_rule(today) | added).exclude(removed)
    return people.select_related("area", "area__parent", "care_entry").order_by(
        "area__path", "name_pinyin", "pk"
    )


def care_filtered(*, scope: Scope, today: date, params: Any = None) -> CareListFilter:
    """The care list page and its export: reason, area, age band and name applied."""
    return CareListFilter(
        params or {}, queryset=care_people(scope=scope, today=today), scope=scope, today=today
    )


@dataclass(frozen=True)
class CareRow:
    """A person of the care list and why they are on it."""

    cadre: Cadre
    reasons: list[str]
    age: int

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASON_LABELS[code]) for code in self.reasons]


def manual_entry(cadre: Cadre) -> CareListEntry | None:
    """The decision by hand on ``cadre``, if any (read with the person where selected)."""
    # A missing one-to-one row raises a subclass of AttributeError.
    entry = getattr(cadre, "care_entry", None)
    return entry if isinstance(entry, CareListEntry) else None


def care_rows(people: Iterable[Cadre], today: date) -> list[CareRow]:
    """Each person with the reasons that put them on the list today."""
    rows = []
    for cadre in people:
        entry = manual_entry(cadre)
        manual = entry is not None and entry.included
        rows.append(
            CareRow(
                cadre, reasons_for(cadre, today, manual=manual), age_on(cadre.birth_date, today)
            )
        )
    return rows


def care_status(*, cadre: Cadre, today: date) -> CareRow | None:
    """A person's place on the care list: their reasons, or None when not on it."""
    if cadre.status != Cadre.Status.ACTIVE:
        return None
    entry = manual_entry(cadre)
    if entry is not None and not entry.included:
        return None
    row = care_rows([cadre], today)[0]
    return row if row.reasons else None


def visit_filtered(*, scope: Scope, params: Any = None) -> VisitFilter:
    visits = visit_list(scope=scope).select_related("cadre", "area").order_by("-date", "-pk")
    return VisitFilter(params or {}, queryset=visits, scope=scope)


# --- birthdays ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Birthday:
    cadre: Person
    day: date
    age: int
    community: str = field(default="")
    url: str = ""  # the person's care page
    visit_url: str = ""  # where a birthday visit to them is logged


@many_rows
def birthdays_between(scope: Scope, start: date, end: date) -> list[Birthday]:
    """The living people in scope whose birthday falls from ``start`` to ``end`` (both
    included), with the age they turn, by date; 29 February is kept on the 28th."""
    born = living_people(scope=scope).filter(_born_between(start, end))
    people = _as_people(list(born.order_by().values_list(*PLANNED_FIELDS)))
    # each URL resolved once: a district's week is thousands of rows
    person_url, visit_url = url_by_pk("care:person"), url_by_pk("care:visit_create")
    found = []
    for cadre in people:
        for year in range(start.year, end.year + 1):
            birthday = years_before(cadre.birth_date, -(year - cadre.birth_date.year))
            if start <= birthday <= end:
                age = year - cadre.birth_date.year
                found.append(
                    Birthday(
                        cadre,
                        birthday,
                        age,
                        _community(cadre),
                        person_url(cadre.pk),
                        f"{visit_url(cadre.pk)}?kind=birthday",
                    )
                )
    return sorted(found, key=lambda b: (b.day, b.community, b.cadre.name_pinyin))


def kept_birthdays(scope: Scope, start: date, end: date, today: date) -> KeptHeads:
    """``birthdays_between`` for the birthdays page, a page at a time: the count and the
    first ten pages kept (``kept_plans``), a page past them worked out again."""
    everything = cache(partial(birthdays_between, scope, start, end))

    def work_out() -> tuple[int, list[Birthday]]:
        found = everything()
        return len(found), found[:KEPT_MISSING]

    count, first = kept_plans(f"birthdays-{start}-{end}", scope, today, work_out)
    return KeptHeads([Head(count, first, everything)])


def _born_between(start: date, end: date) -> models.Q:
    """Born on a day of the year from ``start`` to ``end``: more than the birthdays there
    (a day-of-month range for each month), never fewer; 29 February with the 28th."""
    if (end - start).days >= 365:
        return models.Q()
    days: dict[int, set[int]] = {}
    day = start
    while day <= end:
        days.setdefault(day.month, set()).add(day.day)
        day += timedelta(days=1)
    if 28 in days.get(2, set()):
        days[2].add(29)
    condition = models.Q(pk__in=[])
    for month, numbers in days.items():
        condition |= models.Q(
            birth_date__month=month,
            birth_date__day__gte=min(numbers),
            birth_date__day__lte=max(numbers),
        )
    return condition


def _community(cadre: Person) -> str:
    """The name of the community a person lives in (their area or the one above it)."""
    area: Area | None = cadre.area
    while area is not None and area.level not in {Area.Level.COMMUNITY, Area.Level.STREET}:
        area = area.parent
    return area.name if area is not None else cadre.area.name


# --- the visit plans ---------------------------------------------------------------------

LOOK_BACK_DAYS = 400  # visits older than this settle no plan of today
# The people not yet visited, and the birthdays, kept for their pages: the first ten.
KEPT_MISSING = 250
# What the plans and their pages read of a person: none of the encrypted fields, whose
# decryption would cost more than all the rest for a district's tens of thousands.
PLANNED_FIELDS = ("pk", "name", "name_pinyin", "birth_date", "living_arrangement", "area_id")


def _as_people(rows: list[tuple[Any, ...]]) -> list[Person]:
    """``PLANNED_FIELDS`` rows as people, their areas (and the two levels above, for the
    community's name) read in one query."""
    areas = Area.objects.select_related("parent", "parent__parent").in_bulk(
        {row[-1] for row in rows}
    )
    return [
        Person(pk, name, pinyin, born, living, areas[area_id])
        for pk, name, pinyin, born, living, area_id in rows
    ]


@many_rows
def _planned(*, scope: Scope, today: date, whole_year: bool) -> list[DueVisit]:
    """Every plan item of the people in scope on ``today``: the care list, and everyone
    else whose birthday is a milestone this year (five queries), read as plain values."""
    milestone_years = [today.year - age for age in (*MILESTONES, *HALF_DECADES)]
    cared_for = list(care_people(scope=scope, today=today).order_by().values_list(*PLANNED_FIELDS))
    turning = living_people(scope=scope).filter(birth_date__year__in=milestone_years)
    rows = {row[0]: row for row in turning.order_by().values_list(*PLANNED_FIELDS)}
    on_list = {row[0] for row in cared_for}
    rows.update((row[0], row) for row in cared_for)
    # in no order: each page sorts the items it shows
    people = [(person, person.pk in on_list) for person in _as_people(list(rows.values()))]
    since = today - timedelta(days=LOOK_BACK_DAYS)
    seen: dict[int, list[VisitSeen]] = {}
    visits = visit_list(scope=scope).filter(date__gte=since, date__lte=today + timedelta(days=1))
    for cadre_id, day, kind in visits.values_list("cadre_id", "date", "kind"):
        seen.setdefault(cadre_id, []).append(VisitSeen(cadre_id, day, kind))
    return plan_items(
        people=people,
        visits=seen,
        plans=list(CarePlan.objects.select_related("area")),
        today=today,
        whole_year=whole_year,
    )


@many_rows
def due_visits(scope: Scope, today: date) -> list[DueVisit]:
    """The visits due and not yet paid on ``today`` in scope, most overdue first: what
    the to-do list shows (each has ``cadre``, ``label``, ``due``, ``overdue_days``)."""
    items = [item for item in _planned(scope=scope, today=today, whole_year=False) if not item.done]
    return sorted(items, key=lambda item: (-item.overdue_days, item.due, item.cadre.pk))


def plan_status(*, scope: Scope, today: date) -> list[DueVisit]:
    """Every plan item of ``today`` and of this year's closed sweeps, done or not."""
    return _planned(scope=scope, today=today, whole_year=True)


def kept_plans(
    name: str, scope: Scope, today: date, work_out: Callable[[], T], *, keep_last: bool = False
) -> T:
    """A small figure of what the plans give on ``today`` in scope (a count, the first
    few items), kept in the cache until a person, a visit, a care-list entry, a plan or
    an area changes (topic ``care-plans``, wired in the app's ``ready``): the to-do badge
    on every page reads it, and working it out reads everyone on the care list. (The
    items themselves are not kept: a district's are megabytes.) With ``keep_last``, what
    is worked out is also the last one for ``kept_plans_or_last``."""
    last = _last(name, scope) if keep_last else ""
    return kept([PLANS_TOPIC], _plans_key(name, scope, today), work_out, last=last)


def kept_plans_or_last(
    name: str, scope: Scope, today: date, work_out: Callable[[], T], ask_worker: Callable[[], bool]
) -> tuple[T | None, bool]:
    """``kept_plans``, or when it is not kept and a worker works it out
    (``ask_worker()``, then ``kept_plans`` with ``keep_last``), the last one worked out
    (None if none) and False."""
    key = _plans_key(name, scope, today)
    return kept_or_last(
        [PLANS_TOPIC], key, work_out, last=_last(name, scope), ask_worker=ask_worker
    )


def _plans_key(name: str, scope: Scope, today: date) -> str:
    return f"care-plans-{name}-{scope.key}-{today}-{get_language()}"


def _last(name: str, scope: Scope) -> str:
    """The key of the last one worked out, of any day."""
    return f"care-plans-{name}-{scope.key}-{get_language()}"


@many_rows
def plan_coverage(
    *, scope: Scope, today: date, area: Area | None, plan: str = ""
) -> tuple[list[Coverage], list[DueVisit]]:
    """Coverage (paid ÷ due) per child of ``area`` (the scope's top areas when None), the
    area's own people in a row of their own; and the items not yet paid, for drill-down."""
    items = [
        item
        for item in plan_status(scope=scope, today=today)
        if (area is None or item.cadre.area.path.startswith(area.path))
        and (not plan or item.plan == plan)
    ]
    children = list(child_areas(scope=scope, area=area))
    # due and done per row: the children, then the area's own people (the last row)
    counts = [[0, 0] for _row in range(len(children) + 1)]
    row_of: dict[str, int | None] = {}  # each area's row, found once for all its people
    for item in items:
        path = item.cadre.area.path
        if path not in row_of:
            row_of[path] = next(
                (index for index, child in enumerate(children) if path.startswith(child.path)),
                len(children) if area is not None and item.cadre.area_id == area.pk else None,
            )
        index = row_of[path]
        if index is not None:
            counts[index][0] += 1
            counts[index][1] += item.done
    rows = [
        Coverage(child.pk, child.name, due, done)
        for child, (due, done) in zip(children, counts, strict=False)
    ]
    if area is not None and counts[-1][0]:
        rows.append(Coverage(area.pk, area.name, *counts[-1]))
    missing = sorted(
        (item for item in items if not item.done),
        key=lambda item: (-item.overdue_days, item.due, item.cadre.name_pinyin, item.cadre.pk),
    )
    return rows, missing


def kept_coverage(
    *, scope: Scope, today: date, area: Area | None, plan: str = ""
) -> tuple[list[Coverage], KeptHeads]:
    """``plan_coverage`` for the plans page: the rows and the first pages of the people
    not yet visited kept (``kept_plans``), a page past them worked out again."""

    # worked out at most once: to keep the first pages, or for a page past them
    worked_out = cache(partial(plan_coverage, scope=scope, today=today, area=area, plan=plan))

    def work_out() -> tuple[list[Coverage], int, list[DueVisit]]:
        rows, missing = worked_out()
        return rows, len(missing), missing[:KEPT_MISSING]

    def everything() -> list[DueVisit]:
        return worked_out()[1]

    name = f"coverage-{area.pk if area else 0}-{plan}"
    rows, count, first = kept_plans(name, scope, today, work_out)
    return rows, KeptHeads([Head(count, first, everything)])


def child_areas(*, scope: Scope, area: Area | None) -> models.QuerySet[Area]:
    areas = area_list(scope=scope).order_by("path")
    if area is not None:
        return areas.filter(parent=area)
    if scope.area is not None:
        return areas.filter(parent=scope.area)
    return areas.filter(parent__isnull=True)
