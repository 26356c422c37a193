"""Reads of care work, always through the reader's scope: the care list derived from the
registry, the visits, the plans, and the birthdays of the people in scope."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, partial
from typing import Any, NamedTuple, TypeVar

from django.db import models
from django.utils.translation import get_language

from cadres.models import Cadre
from cadres.selectors import cadre_list, cadres_of_areas
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list, areas_in_scope, scope_areas
from laoshan_portal.bulk import many_rows
from laoshan_portal.kept_parts import (
    MergedHeads,
    asking_a_worker,
    by_area,
    kept_by_area_or_last,
    kept_parts,
    merged_head,
    rows_of_areas,
)
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

P = TypeVar("P")
T = TypeVar("T")
# What the kept plan figures depend on (``kept_plans``), each area's part apart: see the
# app's ``ready``.
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


def visits_to(*, scope: Scope, areas: list[int] | None = None) -> models.QuerySet[Visit]:
    """The visits paid to the people living in scope (in ``areas`` only, when given),
    wherever they were logged: what settles their plans (a person who moved keeps the
    visits paid before)."""
    if areas is None:
        return scope.filter(Visit.objects.all(), "cadre__area")
    # by area key alone, as ``cadres_of_areas``
    return Visit.objects.filter(cadre__area_id__in=areas_in_scope(scope=scope, areas=areas))


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


def living_people(*, scope: Scope, areas: list[int] | None = None) -> models.QuerySet[Cadre]:
    """The active records in scope (living in ``areas`` only, when given): the deceased,
    moved and merged are on no list."""
    people = cadre_list(scope=scope) if areas is None else cadres_of_areas(scope=scope, areas=areas)
    return people.filter(status=Cadre.Status.ACTIVE)


def care_people(
    *, scope: Scope, today: date, areas: list[int] | None = None
) -> models.QuerySet[Cadre]:
    """The care list: people some rule holds for, plus those added by hand, less those
    taken off by hand."""
    added = models.Q(care_entry__included=True)
    removed = models.Q(care_entry__included=False)
    people = living_people(scope=scope, areas=areas)
    people = people.filter(any_rule(today) | added).exclude(removed)
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
def birthdays_between(
    scope: Scope, start: date, end: date, *, areas: list[int] | None = None
) -> list[Birthday]:
    """The living people in scope (in ``areas`` only, when given) whose birthday falls
    from ``start`` to ``end`` (both included), with the age they turn, by date; 29
    February is kept on the 28th."""
    born = living_people(scope=scope, areas=areas).filter(_born_between(start, end))
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
    return sorted(found, key=_birthday_order)


def _birthday_order(birthday: Birthday) -> tuple[date, str, str, int]:
    return birthday.day, birthday.community, birthday.cadre.name_pinyin, birthday.cadre.pk


def birthday_spans(today: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The first and last days of this week (Monday to Sunday) and of this month: the
    birthdays page's two lists."""
    monday = today - timedelta(days=today.weekday())
    month_end = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return (monday, monday + timedelta(days=6)), (today.replace(day=1), month_end)


def kept_birthdays(
    scope: Scope, start: date, end: date, today: date, *, or_last: bool = False
) -> tuple[KeptHeads, bool]:
    """``birthdays_between`` for the birthdays page, a page at a time: the count and the
    first ten pages kept, each area's part apart (``kept_plans``), a page past them
    worked out again; and whether they are current (``or_last``: the last ones while a
    worker works many parts out, ``kept_plans_or_last``)."""
    everything = cache(partial(birthdays_between, scope, start, end))
    of_areas = partial(_birthdays_of_areas, scope, start, end)
    rows = rows_of_areas(everything, of_areas, _area_of_person)

    def work_out(ids: list[int]) -> dict[int, tuple[int, list[Birthday]]]:
        found = by_area(rows(ids), ids, _area_of_person)
        return {pk: (len(part), part[:PART_ROWS]) for pk, part in found.items()}

    def combine(parts: dict[str, tuple[int, list[Birthday]]]) -> tuple[int, list[Birthday]]:
        first = merged_head(parts.values(), _birthday_order, KEPT_MISSING)
        return sum(count for count, _rows in parts.values()), first

    def past_the_first() -> Sequence[Birthday]:
        parts = kept_plan_parts(name, scope, today)
        return everything() if parts is None else MergedHeads(parts, _birthday_order, everything)

    name = f"birthdays-{start}-{end}"
    too_slow = _asking_a_worker(scope, today, "birthdays") if or_last else None
    last = kept_plans_or_last(name, scope, today, work_out, combine, too_slow)
    (count, first), current = or_here(
        last, partial(kept_plans, name, scope, today, work_out, combine)
    )
    return KeptHeads([Head(count, first, past_the_first)]), current


def _birthdays_of_areas(scope: Scope, start: date, end: date, ids: list[int]) -> list[Birthday]:
    return birthdays_between(scope, start, end, areas=ids)


def _area_of_person(row: Birthday) -> int:
    return row.cadre.area.pk


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
# and each area's part of them: enough for the first pages of a scope of many areas (each
# gives a few rows of them), and a page past what the parts hold works them all out
PART_ROWS = 100
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
def _planned(
    *, scope: Scope, today: date, whole_year: bool, areas: list[int] | None = None
) -> list[DueVisit]:
    """Every plan item of the people in scope (living in ``areas`` only, when given) on
    ``today``: the care list, and everyone else whose birthday is a milestone this year
    (five queries), read as plain values."""
    milestone_years = [today.year - age for age in (*MILESTONES, *HALF_DECADES)]
    on_care_list = care_people(scope=scope, today=today, areas=areas)
    cared_for = list(on_care_list.order_by().values_list(*PLANNED_FIELDS))
    turning = living_people(scope=scope, areas=areas)
    turning = turning.filter(birth_date__year__in=milestone_years)
    rows = {row[0]: row for row in turning.order_by().values_list(*PLANNED_FIELDS)}
    on_list = {row[0] for row in cared_for}
    rows.update((row[0], row) for row in cared_for)
    # in no order: each page sorts the items it shows
    people = [(person, person.pk in on_list) for person in _as_people(list(rows.values()))]
    since = today - timedelta(days=LOOK_BACK_DAYS)
    seen: dict[int, list[VisitSeen]] = {}
    visits = visits_to(scope=scope, areas=areas)
    visits = visits.filter(date__gte=since, date__lte=today + timedelta(days=1))
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
def due_visits(scope: Scope, today: date, *, areas: list[int] | None = None) -> list[DueVisit]:
    """The visits due and not yet paid on ``today`` in scope (in ``areas`` only, when
    given), most overdue first: what the to-do list shows (each has ``cadre``,
    ``label``, ``due``, ``overdue_days``)."""
    planned = _planned(scope=scope, today=today, whole_year=False, areas=areas)
    items = [item for item in planned if not item.done]
    return sorted(items, key=lambda item: (-item.overdue_days, item.due, item.cadre.pk))


def plan_status(*, scope: Scope, today: date, areas: list[int] | None = None) -> list[DueVisit]:
    """Every plan item of ``today`` and of this year's closed sweeps, done or not."""
    return _planned(scope=scope, today=today, whole_year=True, areas=areas)


def kept_plans(
    name: str,
    scope: Scope,
    today: date,
    work_out: Callable[[list[int]], dict[int, P]],
    combine: Callable[[dict[str, P]], T],
    *,
    within: Area | None = None,
) -> T:
    """A small figure of what the plans give on ``today`` in scope (a count, the first
    few items), combined from a part per area (``laoshan_portal.kept_parts``), each kept
    until a person, a visit or a care-list entry of that area changes, and all of them
    until a plan or an area changes (topic ``care-plans``, wired in the app's ``ready``):
    after a visit is logged, only its area's part is worked out again. (The items
    themselves are not kept: a district's are megabytes.) ``combine`` is given the
    parts of the areas in scope (below ``within`` only, when given) by path, in tree
    order."""
    value, _current = kept_plans_or_last(name, scope, today, work_out, combine, within=within)
    return value  # type: ignore[return-value]


def kept_plans_or_last(
    name: str,
    scope: Scope,
    today: date,
    work_out: Callable[[list[int]], dict[int, P]],
    combine: Callable[[dict[str, P]], T],
    too_slow: Callable[[list[int]], bool] | None = None,
    *,
    within: Area | None = None,
) -> tuple[T | None, bool]:
    """``kept_plans`` and True; or, when many of its parts are to be worked out and a
    worker does it (``too_slow(their areas)``: ``kept_parts.asking_a_worker``), the
    figure last combined for the same view, of whatever day, and False (None and False
    if none: a page then works it out with ``kept_plans``, the worker working too)."""
    ids, joined = _parts_of(scope, within, combine)
    view = f"{scope.key}-{within.pk if within else ''}"
    return kept_by_area_or_last(
        PLANS_TOPIC,
        _plans_key(name, today),
        ids,
        work_out,
        joined,
        view=view,
        last=f"care-plans-{name}-{view}-{get_language()}",
        too_slow=too_slow,
    )


def or_here(found: tuple[T | None, bool], work_out: Callable[[], T]) -> tuple[T, bool]:
    """``kept_plans_or_last``'s figure, worked out here (``work_out``) when there is no
    last one (True: it is current)."""
    value, current = found
    return (value, current) if value is not None else (work_out(), True)


def kept_plan_parts(
    name: str, scope: Scope, today: date, *, within: Area | None = None
) -> list[Any] | None:
    """The parts ``kept_plans`` combined, in the order it gives them (None when one is
    no longer kept): for a page past the combined first ones."""
    ids = [pk for pk, _path in _areas_of(scope, within)]
    return kept_parts(PLANS_TOPIC, _plans_key(name, today), ids)


def _areas_of(scope: Scope, within: Area | None) -> list[tuple[int, str]]:
    return [
        (pk, path)
        for pk, path in scope_areas(scope=scope)
        if within is None or path.startswith(within.path)
    ]


def _parts_of(
    scope: Scope, within: Area | None, combine: Callable[[dict[str, P]], T]
) -> tuple[list[int], Callable[[list[P]], T]]:
    """The areas whose parts make a figure, and ``combine`` given them by path."""
    areas = _areas_of(scope, within)
    paths = [path for _pk, path in areas]

    def joined(parts: list[P]) -> T:
        return combine(dict(zip(paths, parts, strict=True)))

    return [pk for pk, _path in areas], joined


def _plans_key(name: str, today: date) -> str:
    return f"care-plans-{name}-{today}-{get_language()}"


@many_rows
def plan_coverage(
    *, scope: Scope, today: date, area: Area | None, plan: str = ""
) -> tuple[list[Coverage], list[DueVisit]]:
    """Coverage (paid ÷ due) per child of ``area`` (the scope's top areas when None), the
    area's own people in a row of their own; and the items not yet paid, for drill-down."""
    items = _chosen(plan_status(scope=scope, today=today), area, plan)
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
    return rows, _not_visited(items)


def _chosen(items: list[DueVisit], area: Area | None, plan: str) -> list[DueVisit]:
    """The items of the people of ``area`` (all when None), of ``plan`` (all when "")."""
    return [
        item
        for item in items
        if (area is None or item.cadre.area.path.startswith(area.path))
        and (not plan or item.plan == plan)
    ]


def _not_visited(items: list[DueVisit]) -> list[DueVisit]:
    """The items not yet paid, the most overdue first."""
    return sorted((item for item in items if not item.done), key=_missing_order)


def kept_coverage(
    *, scope: Scope, today: date, area: Area | None, plan: str = "", or_last: bool = False
) -> tuple[list[Coverage], KeptHeads, bool]:
    """``plan_coverage`` for the plans page, from each area's part kept
    (``kept_plans``): its people's visits due and paid, and the first pages of those not
    yet visited, a page past them worked out again; and whether they are current
    (``or_last``: the last ones while a worker works many parts out)."""
    # every item of the scope, worked out at most once: for many areas' parts, or for a
    # page past the kept ones
    whole = cache(partial(plan_status, scope=scope, today=today))
    rows = rows_of_areas(whole, partial(_status_of_areas, scope, today), _area_of)

    def work_out(ids: list[int]) -> dict[int, _CoveragePart]:
        items = (item for item in rows(ids) if not plan or item.plan == plan)
        return {pk: _coverage_part(found) for pk, found in by_area(items, ids, _area_of).items()}

    def combine(parts: dict[str, _CoveragePart]) -> tuple[list[Coverage], int, list[DueVisit]]:
        heads = ((part.missing_count, part.missing) for part in parts.values())
        first = merged_head(heads, _missing_order, KEPT_MISSING)
        count = sum(part.missing_count for part in parts.values())
        return _coverage_rows(parts, scope, area), count, first

    def everything() -> list[DueVisit]:
        return _not_visited(_chosen(whole(), area, plan))

    def past_the_first() -> Sequence[DueVisit]:
        parts = kept_plan_parts(name, scope, today, within=area)
        if parts is None:
            return everything()
        heads = ((part.missing_count, part.missing) for part in parts)
        return MergedHeads(heads, _missing_order, everything)

    name = f"coverage-{plan}"
    too_slow = _asking_a_worker(scope, today, "coverage", area, plan) if or_last else None
    last = kept_plans_or_last(name, scope, today, work_out, combine, too_slow, within=area)
    here = partial(kept_plans, name, scope, today, work_out, combine, within=area)
    (found, count, first), current = or_here(last, here)
    return found, KeptHeads([Head(count, first, past_the_first)]), current


def _asking_a_worker(
    scope: Scope, today: date, figure: str, within: Area | None = None, plan: str = ""
) -> Callable[[list[int]], bool]:
    """The ``too_slow`` of a page that would rather show its last figures than wait:
    the worker keeps them (``tasks.keep_plan_figures``)."""
    where = [scope.area.pk if scope.area else None, scope.unrestricted, today.isoformat()]
    args = [*where, figure, within.pk if within else None, plan, get_language()]
    return asking_a_worker("care.tasks.keep_plan_figures", args, lock=keeping_lock(args))


def keeping_lock(args: list[Any]) -> str:
    """Held while a worker is asked to keep a page's figures (one task at a time)."""
    return "care-keep-" + "-".join(map(str, args))


def _status_of_areas(scope: Scope, today: date, ids: list[int]) -> list[DueVisit]:
    return plan_status(scope=scope, today=today, areas=ids)


class _CoveragePart(NamedTuple):
    """The plans' figures of the people of one area (not below it)."""

    due: int
    done: int
    missing_count: int
    missing: list[DueVisit]  # the first PART_ROWS not yet visited


def _coverage_part(items: list[DueVisit]) -> _CoveragePart:
    missing = _not_visited(items)
    done = sum(1 for item in items if item.done)
    return _CoveragePart(len(items), done, len(missing), missing[:PART_ROWS])


def _coverage_rows(
    parts: dict[str, _CoveragePart], scope: Scope, area: Area | None
) -> list[Coverage]:
    """The coverage rows of ``plan_coverage`` summed from the areas' parts (by path)."""
    rows = []
    for child in child_areas(scope=scope, area=area):
        below = [part for path, part in parts.items() if path.startswith(child.path)]
        rows.append(
            Coverage(child.pk, child.name, sum(p.due for p in below), sum(p.done for p in below))
        )
    own = parts.get(area.path) if area is not None else None
    if area is not None and own is not None and own.due:
        rows.append(Coverage(area.pk, area.name, own.due, own.done))
    return rows


def _missing_order(item: DueVisit) -> tuple[int, date, str, int]:
    return -item.overdue_days, item.due, item.cadre.name_pinyin, item.cadre.pk


def _area_of(item: DueVisit) -> int:
    return item.cadre.area.pk


def child_areas(*, scope: Scope, area: Area | None) -> models.QuerySet[Area]:
    areas = area_list(scope=scope).order_by("path")
    if area is not None:
        return areas.filter(parent=area)
    if scope.area is not None:
        return areas.filter(parent=scope.area)
    return areas.filter(parent__isnull=True)
