"""Writes of the to-do app: the daily snapshot of overdue work per area."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import transaction

from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope

from .items import Kind
from .models import TodoSnapshot
from .selectors import todo_items

EVERYTHING = Scope(area=None, unrestricted=True)
SNAPSHOT_LEVELS = (Area.Level.DISTRICT, Area.Level.STREET, Area.Level.COMMUNITY)


@transaction.atomic
def snapshot_record(*, day: date) -> int:
    """Record, for every district, street and community, how many items of each kind are
    overdue in its subtree on ``day``; a second run on the same day replaces the first.
    Returns the number of rows written."""
    overdue: Counter[tuple[str, str]] = Counter()
    for item in todo_items(scope=EVERYTHING, today=day):
        if item.overdue > 0:
            for path in item.area.ancestor_paths(include_self=True):
                overdue[(path, item.kind)] += 1
    areas = Area.objects.filter(level__in=SNAPSHOT_LEVELS).only("pk", "path")
    rows = [
        TodoSnapshot(area=area, date=day, kind=kind, overdue=overdue[(area.path, kind)])
        for area in areas
        for kind in Kind.values
    ]
    TodoSnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["area", "date", "kind"],
        update_fields=["overdue"],
    )
    return len(rows)
