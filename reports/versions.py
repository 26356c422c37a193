"""Versions of the areas' figures, for what is counted now and kept in the cache.

A running month's comparison (the same days of last month, ``summary.stretch``) is counted
from the base tables, not from the rows; it is kept in the cache under the versions of its
area's month, of its area and of the whole tree, and every change to a row of the area
(``deltas``: of its month, or of every month for a stock) or a mark of staleness moves
them on, at once and again when the transaction commits (so that a
reader counting meanwhile cannot keep the old figures under the new version).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.cache import cache
from django.db import transaction

EVERYWHERE = "summary-v"


def _key(path: str, month: date | None = None) -> str:
    return f"summary-v:{path}" if month is None else f"summary-v:{path}:{month:%Y-%m}"


def of(path: str, month: date) -> str:
    """The version of the figures of the area at ``path`` in ``month``."""
    keys = [EVERYWHERE, _key(path), _key(path, month)]
    found = cache.get_many(keys)
    return ".".join(str(found.get(key, 0)) for key in keys)


def changed(paths: Iterable[str] | None, month: date | None = None) -> None:
    """The figures of the areas at ``paths`` (None: of every area) have changed, in
    ``month`` (a month's first day) or in every month (None)."""
    keys = [EVERYWHERE] if paths is None else [_key(path, month) for path in set(paths)]
    if not keys:
        return
    _move(keys)
    transaction.on_commit(lambda: _move(keys))


def _move(keys: list[str]) -> None:
    for key in keys:
        cache.add(key, 0, timeout=None)
        try:
            cache.incr(key)
        except ValueError:  # evicted between the two calls
            cache.set(key, 1, timeout=None)
