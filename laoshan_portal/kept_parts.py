"""Figures of a scope kept as the parts of its areas, so that a change works out one part.

A figure worked out over everyone in a scope (the to-do list's care visits, the visit
plans' coverage) takes seconds for a district; kept whole (``kept``), any change to any
person forgets it and the next reader waits those seconds. Kept by area, each area's part
(its own people, not those below it) has a version of its own (topic ``topic@<area>``),
forgotten by a change to one of its rows (``forget_areas_on``); the whole topic's version
still forgets every part at once (a plan, an area, a bulk change). A reader's figure is
its areas' parts combined: kept itself under every part's version, and, when a part is
missing, combined again from the parts kept and the missing ones worked out (in one go:
``work_out(area_ids)`` gives each asked area's part).

Two round trips to the cache when nothing changed (the versions, then the combined
figure); after a change to a person, the parts (one more) and that person's area worked out.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from .bulk import many_rows
from .celery import has_worker, queue_once
from .kept import KEPT_SECONDS, _request_versions, forget_on
from .kept import _version_key as topic_version_key
from .pages import PagedRows

P = TypeVar("P")
T = TypeVar("T")

WorkOut = Callable[[list[int]], dict[int, P]]
# A change to a row forgets one area's part (two, for a person moved): so few parts are
# worked out from their areas' rows alone, more from the whole scope's.
FEW_AREAS = 2


def _version_key(topic: str, area_id: int | None = None) -> str:
    """The topic's version key (``kept``'s), or that of one area's part of it."""
    whole = topic_version_key(topic)
    return whole if area_id is None else f"{whole}@{area_id}"


def _versions(topic: str, area_ids: Sequence[int]) -> tuple[str, list[str]]:
    """The topic's version and each area's, in one round trip (new ones where missing);
    within a request, once (``kept``'s versions of the request)."""
    names = [_version_key(topic), *(_version_key(topic, pk) for pk in area_ids)]
    known = _request_versions.get()
    found = {name: known[name] for name in names if name in known} if known is not None else {}
    if len(found) < len(names):
        found.update(cache.get_many([name for name in names if name not in found]))
        missing = {name: uuid4().hex for name in names if name not in found}
        if missing:
            cache.set_many(missing, None)
            found.update(missing)
        if known is not None:
            known.update(found)
    return found[names[0]], [found[name] for name in names[1:]]


def kept_by_area(
    topic: str,
    key: str,
    area_ids: Sequence[int],
    work_out: WorkOut[P],
    combine: Callable[[list[P]], T],
    *,
    view: str = "",
) -> T:
    """``combine`` of the parts of ``area_ids`` (in that order), each part worked out by
    ``work_out`` and kept under ``key`` until ``topic`` or its area's part of it changes.
    ``key`` names everything else the parts depend on (a day, a language, a filter), and
    ``view`` what else the combination does (the area whose children it counts)."""
    value, _fresh = _kept_by_area(topic, key, area_ids, work_out, combine, view, None, "")
    return value  # type: ignore[return-value]


def kept_by_area_or_last(
    topic: str,
    key: str,
    area_ids: Sequence[int],
    work_out: WorkOut[P],
    combine: Callable[[list[P]], T],
    *,
    view: str = "",
    last: str,
    too_slow: Callable[[list[int]], bool] | None,
) -> tuple[T | None, bool]:
    """``kept_by_area``'s figure and True, the figure also kept under ``last`` (whatever
    its versions); or, when ``too_slow(missing area ids)`` (many parts to work out, and a
    worker asked to), the figure last combined under ``last`` (None if none) and False:
    for a figure a page may show a moment late rather than wait seconds for."""
    return _kept_by_area(topic, key, area_ids, work_out, combine, view, too_slow, last)


def asking_a_worker(task: str, args: list[Any], *, lock: str) -> Callable[[list[int]], bool]:
    """A ``too_slow`` for ``kept_by_area_or_last``: more than FEW_AREAS parts to work out
    while a worker runs the tasks. It then sends the worker ``task`` with ``args``, once
    while ``lock`` is held (the task lets it go when done: ``laoshan_portal.celery.
    queue_once``), and the page shows the last figure."""

    def too_slow(missing: list[int]) -> bool:
        if len(missing) <= FEW_AREAS or not has_worker():
            return False
        queue_once(task, args, lock=lock)
        return True

    return too_slow


@many_rows  # the parts are read as tens of thousands of plain rows
def _kept_by_area(
    topic: str,
    key: str,
    area_ids: Sequence[int],
    work_out: WorkOut[P],
    combine: Callable[[list[P]], T],
    view: str,
    too_slow: Callable[[list[int]], bool] | None,
    last: str,
) -> tuple[T | None, bool]:
    whole, versions = _versions(topic, area_ids)
    digest = hashlib.sha1(
        " ".join([view, whole, *map(str, area_ids), *versions]).encode(), usedforsecurity=False
    ).hexdigest()
    combined_key = f"kept-{key}-all-{digest}"
    value = cache.get(combined_key)
    if value is not None:
        return value, True
    part_keys = _part_keys(key, area_ids, whole, versions)
    found = cache.get_many(part_keys)
    missing = [pk for pk, name in zip(area_ids, part_keys, strict=True) if name not in found]
    if missing and too_slow is not None and too_slow(missing):
        return cache.get(f"kept-last-{last}"), False
    if missing:
        new = work_out(missing)
        by_area = dict(zip(area_ids, part_keys, strict=True))
        added = {by_area[pk]: new[pk] for pk in missing}
        cache.set_many(added, KEPT_SECONDS)
        found.update(added)
    value = combine([found[name] for name in part_keys])
    cache.set(combined_key, value, KEPT_SECONDS)
    if last:
        cache.set(f"kept-last-{last}", value, KEPT_SECONDS)
    return value, True


def _part_keys(key: str, area_ids: Sequence[int], whole: str, versions: list[str]) -> list[str]:
    return [
        f"kept-{key}@{pk}-{whole}-{version}" for pk, version in zip(area_ids, versions, strict=True)
    ]


def kept_parts(topic: str, key: str, area_ids: Sequence[int]) -> list[Any] | None:
    """The parts of ``area_ids`` kept under ``key`` (as ``kept_by_area`` keeps them), in
    that order; None when one of them is not kept."""
    whole, versions = _versions(topic, area_ids)
    part_keys = _part_keys(key, area_ids, whole, versions)
    found = cache.get_many(part_keys)
    if len(found) < len(part_keys):
        return None
    return [found[name] for name in part_keys]


class MergedHeads(PagedRows):
    """A list in ``key``'s order whose rows are the parts' kept first rows merged, as far
    as they are all of them: up to the earliest last kept row of a part that kept only
    its first rows (every row of any part sorting before it is kept). A slice past that
    reads ``whole()``, every row worked out. For a page past the first ones of a list
    combined from areas, most of which keep far more rows than their share of it."""

    def __init__(
        self,
        heads: Iterable[tuple[int, Sequence[Any]]],
        key: Callable[[Any], Any],
        whole: Callable[[], Sequence[Any]],
    ) -> None:
        heads = list(heads)
        self.exact = _exact_merge(heads, key)
        self.total = sum(count for count, _rows in heads)
        self.whole = whole

    def __len__(self) -> int:
        return self.total

    def rows_of(self, index: slice) -> list[Any]:
        start, stop, step = index.indices(len(self))
        if stop <= len(self.exact):
            return self.exact[start:stop:step]
        return list(self.whole()[start:stop:step])


def by_area(
    rows: Iterable[P], area_ids: Iterable[int], area_of: Callable[[P], int]
) -> dict[int, list[P]]:
    """``rows`` (in their order) split among ``area_ids``: a ``work_out``'s first step."""
    found: dict[int, list[P]] = {pk: [] for pk in area_ids}
    for row in rows:
        found[area_of(row)].append(row)
    return found


def rows_of_areas(
    whole: Callable[[], list[P]],
    of_areas: Callable[[list[int]], list[P]],
    area_of: Callable[[P], int],
) -> Callable[[list[int]], list[P]]:
    """How a ``work_out`` finds the rows of the areas asked for: of those areas alone
    when few (``of_areas``), else from the whole scope's (``whole``, which the caller
    works out at most once and shares with a page that needs them all)."""

    def rows(area_ids: list[int]) -> list[P]:
        if len(area_ids) <= FEW_AREAS:
            return of_areas(area_ids)
        wanted = set(area_ids)
        return [row for row in whole() if area_of(row) in wanted]

    return rows


def merged_head(
    heads: Iterable[tuple[int, Sequence[P]]], key: Callable[[P], Any], size: int
) -> list[P]:
    """The first ``size`` rows of the parts together, as far as the parts' first rows
    (``(count, first rows)`` each, in ``key``'s order) are known to hold them: every row
    up to the earliest last kept row of a part that kept only its first rows. ``key`` must
    tell every two rows of different parts apart."""
    return _exact_merge(list(heads), key)[:size]


def _exact_merge(heads: list[tuple[int, Sequence[P]]], key: Callable[[P], Any]) -> list[P]:
    merged = list(heapq.merge(*(rows for _count, rows in heads), key=key))
    if any(count > 0 and not rows for count, rows in heads):
        return []  # a part kept none of its rows: none is known to come after them
    cuts = [key(rows[-1]) for count, rows in heads if count > len(rows)]
    if cuts:
        merged = merged[: bisect.bisect_right(merged, min(cuts), key=key)]
    return merged


def forget_areas(topic: str, area_ids: Iterable[int | None]) -> None:
    """The parts of ``area_ids`` under ``topic`` are old from now on."""
    names = [_version_key(topic, pk) for pk in set(area_ids) if pk is not None]
    if names:
        cache.delete_many(names)
        known = _request_versions.get()
        if known is not None:
            for name in names:
                known.pop(name, None)


def forget_areas_on(topic: str, model: type[models.Model], area_field: str) -> None:
    """Forget the part of the area a row of ``model`` belongs to (through ``area_field``,
    ``"area"`` or ``"cadre__area"``) when it is saved or deleted: the area before the
    write and the one after (a person moved changes both), now and again on commit. A
    bulk change forgets the whole topic (``forget_on``)."""

    def areas(pk: Any) -> set[int | None]:
        if pk is None:
            return set()
        rows = model._default_manager.filter(pk=pk).values_list(f"{area_field}_id", flat=True)
        return set(rows)

    def before(sender: type, instance: models.Model, **kwargs: Any) -> None:
        instance._kept_areas = areas(instance.pk)  # type: ignore[attr-defined]

    def after(sender: type, instance: models.Model, **kwargs: Any) -> None:
        changed = set(getattr(instance, "_kept_areas", set()))
        if kwargs.get("signal") is post_save:
            changed |= areas(instance.pk)
        forget_areas(topic, changed)
        transaction.on_commit(lambda: forget_areas(topic, changed), robust=True)

    label = f"kept-{topic}-{model._meta.label_lower}"
    pre_save.connect(before, sender=model, weak=False, dispatch_uid=f"{label}-pre")
    pre_delete.connect(before, sender=model, weak=False, dispatch_uid=f"{label}-pred")
    post_save.connect(after, sender=model, weak=False, dispatch_uid=f"{label}-save")
    post_delete.connect(after, sender=model, weak=False, dispatch_uid=f"{label}-del")
    forget_on(topic)  # a bulk change forgets every area's part
