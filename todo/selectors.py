"""Reads of the to-do list and its daily snapshots, always through the reader's scope."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache, partial
from typing import Any

from django.db import models

from laoshan_portal.bulk import many_rows
from laoshan_portal.pages import Head, KeptHeads
from laoshan_portal.scoping import Scope, selector_for

from .items import TodoItem, most_pressing
from .models import TodoSnapshot
from .sources import KEPT, KEPT_PRESSING, SOURCES, sorted_items


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
    count = 0
    candidates: list[TodoItem] = []
    for source in SOURCES:
        read = KEPT.get(source)
        if read is not None and top <= KEPT_PRESSING:
            kept = read(scope, today, partial(sorted_items, source, scope, today))
            found, pressing = kept.total, kept.pressing[:top]
        else:
            items = source(scope, today)
            found, pressing = len(items), most_pressing(items, top)
        count += found
        candidates += pressing
    return count, most_pressing(candidates, top)


def todo_rows(*, scope: Scope, today: date) -> tuple[KeptHeads, int]:
    """The list page's items (``todo_items``, in its order) and how many are overdue: a
    kept source's first pages read from the cache, a page past them worked out again."""
    if scope.is_empty:
        return KeptHeads([]), 0
    parts = []
    overdue = 0
    for source in SOURCES:  # in the order of their kinds: each source's items in a run
        read = KEPT.get(source)
        if read is not None:
            # worked out at most once: to keep the first pages, or for a page past them
            everything = cache(partial(sorted_items, source, scope, today))
            kept = read(scope, today, everything)
            parts.append(Head(kept.total, kept.first, everything))
            overdue += kept.overdue
        else:
            items = sorted_items(source, scope, today)
            parts.append(Head(len(items), items, partial(list, items)))
            overdue += sum(1 for item in items if item.overdue)
    return KeptHeads(parts), overdue


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
