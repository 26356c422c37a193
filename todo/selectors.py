"""Reads of the to-do list and its daily snapshots, always through the reader's scope."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import cache, partial
from typing import Any

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import models
from django.utils import translation

from care.selectors import birthday_spans, kept_birthdays, kept_coverage, or_here
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import scope_areas
from laoshan_portal.bulk import many_rows
from laoshan_portal.kept_parts import asking_a_worker
from laoshan_portal.pages import Head, KeptHeads
from laoshan_portal.scoping import Scope, selector_for

from .items import TodoItem, most_pressing
from .models import TodoSnapshot
from .sources import KEPT, KEPT_PRESSING, SOURCES, Kept, sorted_items


@many_rows
def todo_items(*, scope: Scope, today: date) -> list[TodoItem]:
    """Every item in scope, grouped by kind, the latest first within a kind."""
    if scope.is_empty:
        return []
    found = [item for source in SOURCES for item in source(scope, today)]
    found.sort(key=lambda item: item.sort_key)
    return found


def todo_summary(*, scope: Scope, today: date, top: int) -> tuple[int, list[TodoItem]]:
    """How many items there are in scope and the ``top`` most pressing, most overdue
    first: what the navigation's badge and the home page's block show. The same as
    counting and sorting ``todo_items``, but a source kept in the cache (``KEPT``) does
    not work out its every item."""
    if scope.is_empty:
        return 0, []
    count, pressing, _current = _summary(scope, today, top, None)
    return count, pressing


def todo_glance(*, scope: Scope, today: date, top: int) -> tuple[int, list[TodoItem], bool]:
    """``todo_summary`` for the badge and the home block, which every staff page fetches,
    and whether it is up to date. A change to a person, a visit or a care-list entry
    forgets the care sources' part of its area only, worked out at once, here. After a
    change to many areas' parts (a plan, an area, a bulk change, a new day before the
    morning task) working them out takes seconds for a district: with a worker, it works
    them out (``tasks.keep_todo_summaries``) and this gives the figures last worked out
    with False (the page asks again a moment later)."""
    if scope.is_empty:
        return 0, [], True
    return _summary(scope, today, top, _asking_a_worker(scope, today))


def _asking_a_worker(scope: Scope, today: date) -> Callable[[list[int]], bool]:
    """The ``too_slow`` of the badge, the home block and the list: the worker keeps the
    scope's figures (``tasks.keep_todo_summaries``) while they show the last ones."""
    where = [scope.area.pk if scope.area else None, scope.unrestricted, today.isoformat()]
    lock = keeping_lock(scope, today)
    return asking_a_worker("todo.tasks.keep_todo_summaries", where, lock=lock)


def _summary(
    scope: Scope, today: date, top: int, too_slow: Callable[[list[int]], bool] | None
) -> tuple[int, list[TodoItem], bool]:
    count = 0
    candidates: list[TodoItem] = []
    current = True
    for source in SOURCES:
        kept_source = KEPT.get(source)
        if kept_source is None or top > KEPT_PRESSING:
            items = source(scope, today)
            count += len(items)
            candidates += most_pressing(items, top)
            continue
        if too_slow is None:
            kept: Kept | None = kept_source.read(scope, today)
        else:
            kept, fresh = kept_source.read_or_last(scope, today, too_slow)
            current = current and fresh
        if kept is not None:  # else being worked out, and never worked out before
            count += kept.total
            candidates += kept.pressing[:top]
    return count, most_pressing(candidates, top), current


def keep_summaries(scope: Scope, today: date) -> None:
    """Work out and keep the kept sources' figures of ``scope`` on ``today`` (the
    worker's part of ``todo_glance``); the next change may ask again at once."""
    for kept_source in KEPT.values():
        kept_source.read(scope, today)
    django_cache.delete(keeping_lock(scope, today))


def keep_care_parts(today: date) -> int:
    """Work out every area's parts of the figures kept by area (``kept_parts``) for
    ``today``, once for the whole tree, a top area at a time, and combine the lists of
    each top area and of each area right below it (a district's streets): the to-do
    list's care sources, the plans page's coverage, this week's and this month's
    birthdays. Every scope's list then combines them without working anyone out, and the
    lists of a district and of its streets are the last ones a page shows while the
    worker counts after a change (the worker's part, first thing each day and after a
    plan or an area changed). How many areas there are."""
    counted = 0
    tops = models.Q(parent__isnull=True) | models.Q(parent__parent__isnull=True)
    with translation.override(settings.LANGUAGE_CODE):  # the pages' language
        for area in Area.objects.filter(tops).order_by("path"):  # a top area first
            scope = Scope(area=area)
            for kept_source in KEPT.values():
                kept_source.read(scope, today)
            kept_coverage(scope=scope, today=today, area=None)
            for start, end in birthday_spans(today):
                kept_birthdays(scope, start, end, today)
            if area.parent_id is None:
                counted += len(scope_areas(scope=scope))
    return counted


def keeping_lock(scope: Scope, today: date) -> str:
    """Held while a worker is asked to keep ``scope``'s figures (one task at a time)."""
    return f"todo-keep-{scope.key}-{today}"


def todo_rows(*, scope: Scope, today: date) -> tuple[KeptHeads, int, bool]:
    """The list page's items (``todo_items``, in its order), how many are overdue, and
    whether they are current: a kept source's first pages read from the cache, a page
    past them worked out again. With a worker, after a change to many areas' parts (as
    ``todo_glance``), the kept sources' last first pages and counts (False)."""
    if scope.is_empty:
        return KeptHeads([]), 0, True
    parts = []
    overdue = 0
    current = True
    too_slow = _asking_a_worker(scope, today)
    for source in SOURCES:  # in the order of their kinds: each source's items in a run
        kept_source = KEPT.get(source)
        if kept_source is not None:
            # worked out at most once: for many areas' parts, or for a page past them
            everything = cache(partial(sorted_items, source, scope, today))
            last = kept_source.read_or_last(scope, today, too_slow, everything)
            kept, fresh = or_here(last, partial(kept_source.read, scope, today, everything))
            current = current and fresh
            rows = partial(kept_source.rows, scope, today, everything)
            parts.append(Head(kept.total, kept.first, rows))
            overdue += kept.overdue
        else:
            items = sorted_items(source, scope, today)
            parts.append(Head(len(items), items, partial(list, items)))
            overdue += sum(1 for item in items if item.overdue)
    return KeptHeads(parts), overdue, current


@selector_for(TodoSnapshot)
def snapshot_list(*, scope: Scope) -> models.QuerySet[TodoSnapshot]:
    return scope.filter(TodoSnapshot.objects.all(), "area")


def snapshot_trend(
    *, scope: Scope, area_id: int, today: date, days: int = 30
) -> dict[str, list[Any]]:
    """Overdue items per day of the last ``days`` days in one area: a line chart's data."""
    start = today - timedelta(days=days - 1)
    rows = (
        snapshot_list(scope=scope)
        .filter(area_id=area_id, date__gte=start, date__lte=today)
        .values("date")
        .annotate(total=models.Sum("overdue"))
        .order_by("date")
    )
    totals = {row["date"]: row["total"] for row in rows}
    labels = [start + timedelta(days=offset) for offset in range(days)]
    return {
        "labels": [day.strftime("%m-%d") for day in labels],
        "values": [totals.get(day, 0) for day in labels],
    }
