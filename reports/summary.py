"""The month × area summary (``AreaMonth``): exact figures without scanning the base tables.

A row holds one area's whole subtree for one month. Rows are counted from the base tables
when first asked for (set-based, ``counting``), and then kept by deltas: every change to a
record they count adds or takes away its own part in the same transaction (``deltas``).
So a correction to an old record shows in every number at once, and a dashboard reads a
few dozen small rows instead of aggregating millions.

Wider changes (a team or an area moved) and bulk writers that bypass signals (imports,
the demo and synthetic data commands, which send ``bulk_change``) mark rows stale; a stale
row is counted again before the reports read it, and in the background for the pages.
``summary_check`` recounts the rows each night and reports any difference.

Declared exceptions to "every read starts at its model's selector": a row holds an area's
whole subtree whoever reads it, so ``compute`` reads the base tables of ``DIRECT_READS``
by area path, each through the area field its selector filters on
(``tests/test_reports_summary_reads.py`` holds that they count the rows the selectors
give a reader of that area). A star level belongs to the person, so the volunteers'
standings (``standings``) hold their hours in every area.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from cadres.models import Cadre, CheckIn
from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.celery import has_worker, queue_once
from laoshan_portal.counts import counts
from laoshan_portal.signals import bulk_change
from volunteering.models import ServiceActivity, ServiceRecord, Team

from . import counting, deltas, standings, versions
from .models import AreaMonth
from .periods import Month

M = TypeVar("M", bound=models.Model)
ACCEPTED = ServiceRecord.Status.ACCEPTED
# The base tables read here by area path, not through their selectors (see above): each
# model with the foreign key to Area that its selector filters on.
DIRECT_READS: dict[type[models.Model], str] = {
    Cadre: "area",
    CheckIn: "area",
    ServiceActivity: "team__area",
    ServiceRecord: "activity__team__area",
}
TENTH = Decimal("0.1")  # hours are kept to a tenth, and shown so however summed
# Above a district (a few hundred areas), a page's first view stores its own row and its
# children's, and leaves the rest of the tree to a worker (a province has tens of
# thousands of areas).
LARGE_TREES = {Area.Level.PROVINCE, Area.Level.CITY}
FIGURES = [
    "cadres_active", "checkins", "service_activities", "service_records", "volunteers",
    "hours", "stars",
]  # fmt: skip


# ----------------------------------------------------------------------------- reading


def area_months(
    area: Area, months: Iterable[Month], *, exact: bool = False, shown: Month | None = None
) -> dict[Month, AreaMonth]:
    """The rows of ``area`` for ``months``; one query when every row is fresh.

    A missing or stale row is computed now when ``exact`` (the reports) or when tasks run
    in the caller (no broker). With a broker:

    - on a page (``shown``: the month it shows), ``shown`` and, once it is complete, the
      month before it (its comparison; a running month is compared with a stretch of days)
      are computed now, ``shown`` with every area below it in one pass (``refresh_tree``),
      so its children's rows are fresh as well; the other months (a trend, the year so far)
      go to a worker: a stale row is read as it is, its ``refreshed_at`` saying as of when,
      a missing one is left out of the answer (shown as being counted);
    - elsewhere a missing row is computed now, a stale one read as it is and given to a
      worker.

    Other rows computed now are counted together (``counting.month_figures``), their star
    levels left for ``with_stars``.
    """
    wanted = sorted(set(months))
    rows = {
        Month.of(row.month): row
        for row in AreaMonth.objects.filter(area=area, month__in=[m.start for m in wanted])
    }
    needed = _needed_now(shown)
    now, deferred = [], []
    for month in wanted:
        row = rows.get(month)
        if row is not None and not row.stale:
            continue
        if exact or not has_worker() or month in needed or (row is None and shown is None):
            now.append(month)
        else:
            deferred.append(month)
    if shown in now:
        now.remove(shown)
        rows[shown] = _refresh_shown(area, shown)
    if len(now) == 1:
        rows[now[0]] = refresh(area, now[0])
    elif now:
        counted = counting.month_figures(area, now)
        stored = store_rows({(area.pk, month): figures for month, figures in counted.items()})
        rows.update({month: row for (_area_id, month), row in stored.items()})
    if deferred:
        _queue_refresh(area, deferred)
    return rows


def _refresh_shown(area: Area, month: Month) -> AreaMonth:
    """The row of the month a page shows, counted now with every row below it, or, above
    a district (``LARGE_TREES``), with its children's alone: storing tens of thousands of
    rows would keep the page waiting for seconds. A worker then counts the whole tree."""
    large = area.level in LARGE_TREES
    rows = refresh_tree(area, month, stars="top", levels=1 if large else None)
    if large:
        _queue_tree_refresh(area, month)
    return rows[(area.pk, month)]


def _needed_now(shown: Month | None) -> set[Month]:
    if shown is None:
        return set()
    return {shown} if shown.as_of() else {shown, shown.previous()}


def children_months(
    parent: Area, month: Month, *, exact: bool = False
) -> list[tuple[Area, AreaMonth]]:
    """Each child area of ``parent`` with its row for ``month``, in code order. Several rows
    to compute now are counted for all the children together (``counting.tree_figures``)."""
    children = list(Area.objects.filter(parent=parent).order_by("code"))
    rows = {
        row.area_id: row for row in AreaMonth.objects.filter(area__in=children, month=month.start)
    }
    now = []
    for child in children:
        row = rows.get(child.pk)
        if row is None or (row.stale and (exact or not has_worker())):
            now.append(child)
        elif row.stale:
            _queue_refresh(child, [month])
    if len(now) == 1:  # one change: that child alone, not the whole subtree
        rows[now[0].pk] = refresh(now[0], month)
    elif now:
        counted = counting.tree_figures(parent, month.start, month.end)
        stored = store_rows({(child.pk, month): counted[child.pk] for child in now})
        rows.update({area_id: row for (area_id, _month), row in stored.items()})
    return [(child, rows[child.pk]) for child in children]


def with_stars(area: Area, row: AreaMonth) -> AreaMonth:
    """``area``'s ``row`` with its star levels, counted now if they were left out."""
    if not row.stars:
        row.stars = _stars(area, Month.of(row.month).end)
        AreaMonth.objects.filter(area=area, month=row.month).update(stars=row.stars)
    return row


def _stars(area: Area, end: date) -> list[int]:
    return standings.star_counts(end, area=area).get(area.pk) or standings.no_stars()


def with_volunteers(top: Area, month: Month, rows: Iterable[AreaMonth]) -> None:
    """Count the volunteers left out of ``rows`` (``top``'s and its children's for
    ``month``) now, in one pass, and store them unless a change to ``top``'s figures came
    meanwhile (its delta found nothing to add to; the row then waits for the next page)."""
    missing = [row for row in rows if row.volunteers is None]
    if not missing:
        return
    version = versions.of(top.path, month.start)
    counted = counting.volunteers_below(top, month.start, month.end, levels=1)
    for row in missing:
        row.volunteers = counted[row.area_id]
    if versions.of(top.path, month.start) == version:
        AreaMonth.objects.bulk_update(missing, ["volunteers"])


def refresh_tree(
    top: Area,
    month: Month,
    *,
    stars: counting.Stars = "all",
    volunteers: bool = True,
    levels: int | None = None,
) -> dict[tuple[int, Month], AreaMonth]:
    """Count ``top``'s and every lower area's row for ``month`` in one pass and store them
    (the monthly reports start from this), or only those down to ``levels`` below ``top``,
    with the star levels ``stars`` says and the volunteers if ``volunteers``
    (``counting.tree_figures``); returns the rows, keyed (area id, month)."""
    counted = counting.tree_figures(
        top, month.start, month.end, stars=stars, volunteers=volunteers, levels=levels
    )
    return store_rows({(pk, month): figures for pk, figures in counted.items()})


def refresh_all_trees(
    month: Month, *, stars: counting.Stars = "all", volunteers: bool = True
) -> int:
    """``refresh_tree`` from every top area: every row of ``month``."""
    tops = Area.objects.filter(parent=None)
    return sum(len(refresh_tree(top, month, stars=stars, volunteers=volunteers)) for top in tops)


def months_for_reports(month: Month) -> list[Month]:
    """The months whose rows to count before the monthly reports of ``month``: of those a
    report reads (``month`` and the twelve before it), ``month`` itself and each one with a
    row stale or missing."""
    areas = Area.objects.count()
    found = []
    for one in month.trailing(13):
        rows = AreaMonth.objects.filter(month=one.start)
        if one == month or rows.filter(stale=True).exists() or rows.count() < areas:
            found.append(one)
    return found


def refresh_for_reports(month: Month) -> int:
    """``months_for_reports`` each counted in one pass, here, the star levels of ``month``
    alone and the volunteers of it and the month before (a report shows no others:
    ``stars_for_reports``, ``volunteers_for_reports``); returns how many rows it stored."""
    return sum(
        refresh_all_trees(
            one,
            stars=stars_for_reports(one, [month]),
            volunteers=volunteers_for_reports(one, [month]),
        )
        for one in months_for_reports(month)
    )


def stars_for_reports(month: Month, reported: list[Month]) -> counting.Stars:
    """The star levels to count of ``month``'s rows before the reports of ``reported``: a
    report shows its own month's, its trend none; the rows left without them wait for
    ``with_stars`` (a page that shows that month counts its area's)."""
    return "all" if month in reported else "none"


def volunteers_for_reports(month: Month, reported: list[Month]) -> bool:
    """Whether to count the volunteers of ``month``'s rows before the reports of
    ``reported``: a report shows its own month's and compares them with the month
    before's, its trend none; the rows left without them wait for ``with_volunteers``."""
    return month in reported or month.shifted(1) in reported


def store_rows(
    counted: dict[tuple[int, Month], dict[str, Any]],
) -> dict[tuple[int, Month], AreaMonth]:
    """Store fresh rows, keyed (area id, month), in one statement."""
    refreshed_at = timezone.now()
    rows = {
        (area_id, month): AreaMonth(
            area_id=area_id, month=month.start, **figures, stale=False, refreshed_at=refreshed_at
        )
        for (area_id, month), figures in counted.items()
    }
    AreaMonth.objects.bulk_create(
        rows.values(), update_conflicts=True, unique_fields=["area", "month"],
        update_fields=[*FIGURES, "stale", "refreshed_at"], batch_size=1000,
    )  # fmt: skip
    return rows


def _queue_tree_refresh(area: Area, month: Month) -> None:
    """Ask a worker to count ``month``'s rows of ``area``'s whole tree, once a minute at
    most per area and month."""
    queue_once(
        "reports.tasks.refresh_month_tree",
        [area.pk, str(month)],
        lock=f"summary-tree-refresh-{area.pk}-{month}",
    )


def _queue_refresh(area: Area, months: list[Month]) -> None:
    """Ask a worker to compute the rows again, once a minute at most per area."""
    queue_once(
        "reports.tasks.refresh_area_months",
        [area.pk, [str(m) for m in months]],
        lock=f"summary-refresh-{area.pk}",
    )


# ----------------------------------------------------------------------------- computing


def subtree(model: type[M], area: Area) -> models.QuerySet[M]:
    """The rows of a ``DIRECT_READS`` model in ``area``'s subtree: those its selector gives
    a reader of ``area``."""
    lookup = f"{DIRECT_READS[model]}__path__startswith"
    return model._default_manager.filter(**{lookup: area.path})


def compute(area: Area, month: Month) -> dict[str, Any]:
    """The figures of ``area``'s subtree for ``month``, straight from the base tables."""
    return compute_days(area, month.start, month.end)


def stretch(area: Area, start: date, end: date) -> AreaMonth:
    """The figures of ``area``'s subtree from ``start`` to ``end`` (a part of a month, for
    a running month's comparison), counted now and not stored in a row: kept in the cache
    until a figure of the area changes (``versions``). Without the star levels: no
    comparison shows them."""
    key = f"summary-stretch:{area.pk}:{start}:{end}:{versions.of(area.path, start)}"
    row: AreaMonth | None = cache.get(key)
    if row is None:
        row = AreaMonth(
            area=area, month=start.replace(day=1), **compute_days(area, start, end, stars=False),
            stale=False, refreshed_at=timezone.now(),
        )  # fmt: skip
        cache.set(key, row, timeout=24 * 3600)
    return row


def compute_days(area: Area, start: date, end: date, *, stars: bool = True) -> dict[str, Any]:
    """The figures of ``area``'s subtree from ``start`` to ``end``; stocks as at ``end``."""
    counted = counts(
        cadres=subtree(Cadre, area).filter(
            status=Cadre.Status.ACTIVE, created_at__lt=clock.day_after(end)
        ),
        checkins=subtree(CheckIn, area).filter(
            status=CheckIn.Status.CONFIRMED,
            decided_at__date__gte=start,
            decided_at__date__lte=end,
        ),  # fmt: skip
        activities=subtree(ServiceActivity, area).filter(date__gte=start, date__lte=end),
    )
    records = subtree(ServiceRecord, area).filter(status=ACCEPTED)
    served = records.filter(date__gte=start, date__lte=end).aggregate(
        records=Count("pk"),
        hours=Sum("hours"),
        cadres=Count("cadre", distinct=True),
        residents=Count("member", distinct=True, filter=Q(cadre__isnull=True)),
    )
    return {
        "cadres_active": counted["cadres"],
        "checkins": counted["checkins"],
        "service_activities": counted["activities"],
        "service_records": served["records"],
        "volunteers": served["cadres"] + served["residents"],
        "hours": (served["hours"] or Decimal(0)).quantize(TENTH),
        "stars": _stars(area, end) if stars else [],
    }


def refresh(area: Area, month: Month) -> AreaMonth:
    """Compute ``area``'s row for ``month`` again and store it."""
    figures = compute(area, month)
    row, _created = AreaMonth.objects.update_or_create(
        area=area,
        month=month.start,
        defaults={**figures, "stale": False, "refreshed_at": timezone.now()},
    )
    return row


def refresh_stale(limit: int = 500) -> int:
    """The background job: compute again up to ``limit`` stale rows, then start this
    month's rows of the areas in use; returns how many rows it computed.

    An area "in use" has a row for last month (its dashboard was opened, or its report
    written). Its row for a new month is computed here, so that the first reader of the
    month does not wait for it; areas nobody looks at get no rows.
    """
    rows = list(AreaMonth.objects.filter(stale=True).select_related("area")[:limit])
    for row in rows:
        refresh(row.area, Month.of(row.month))
    month = Month.current()
    started = AreaMonth.objects.filter(month=month.start).values("area")
    used_last_month = AreaMonth.objects.filter(month=month.previous().start).values("area")
    in_use = (
        Area.objects.filter(pk__in=used_last_month)
        .exclude(pk__in=started)
        .order_by("depth", "code")[: max(limit - len(rows), 0)]
    )
    new = list(in_use)
    for area in new:
        refresh(area, month)
    return len(rows) + len(new)


# ----------------------------------------------------------------------------- staleness


def mark_stale(areas: Iterable[Area | None], since: date | None = None) -> None:
    """Mark the rows of ``areas`` and all their ancestors stale, from ``since``'s month on."""
    paths = {
        prefix
        for area in areas
        if area is not None
        for prefix in area.ancestor_paths(include_self=True)
    }
    if not paths:
        return
    versions.changed(paths)
    rows = AreaMonth.objects.filter(area__path__in=paths, stale=False)
    if since is not None:
        rows = rows.filter(month__gte=Month.of(since).start)
    rows.update(stale=True)


def mark_all_stale() -> None:
    versions.changed(None)
    AreaMonth.objects.filter(stale=False).update(stale=True)


def _people_of(records: models.QuerySet[ServiceRecord]) -> set[str]:
    pairs = records.filter(status=ACCEPTED).values_list("cadre_id", "member_id").distinct()
    return {
        person for person in (standings.person_of(*pair) for pair in pairs.order_by()) if person
    }


def _remember_area(sender: type, instance: models.Model, **kwargs: object) -> None:
    """Before a save: note the area the row had, so a move marks both places."""
    instance._area_before = None  # type: ignore[attr-defined]
    if instance.pk:
        before = type(instance)._default_manager.filter(pk=instance.pk).values("area_id").first()
        if before and before["area_id"] != instance.area_id:  # type: ignore[attr-defined]
            instance._area_before = Area.objects.filter(pk=before["area_id"]).first()  # type: ignore[attr-defined]


def _on_team(sender: type, instance: Team, **kwargs: object) -> None:
    """A team moved to another area takes its activities and records along: both places'
    rows are counted again, and its volunteers' standings kept."""
    moved_from = getattr(instance, "_area_before", None)
    if moved_from is not None or kwargs.get("signal") is post_delete:
        mark_stale([instance.area, moved_from])
    if moved_from is not None:
        standings.keep(_people_of(ServiceRecord.objects.filter(activity__team=instance)))


def _remember_path(sender: type, instance: Area, **kwargs: object) -> None:
    instance._path_before = None  # type: ignore[attr-defined]
    if instance.pk:
        instance._path_before = (  # type: ignore[attr-defined]
            Area.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
        )


def _on_area(sender: type, instance: Area, **kwargs: object) -> None:
    """An area added, moved or removed: rare, and one UPDATE marks every row. A move
    changes the areas above its volunteers."""
    mark_all_stale()
    before = getattr(instance, "_path_before", None)
    if kwargs.get("signal") is post_save and before and before != instance.path:
        under = ServiceRecord.objects.filter(activity__team__area__path__startswith=instance.path)
        standings.keep(_people_of(under))


def _on_bulk(sender: object, **kwargs: object) -> None:
    """A bulk write: every row is counted again; the standings are built again unless
    only the registry changed."""
    mark_all_stale()
    if sender is not Cadre:
        standings.rebuild()


def connect() -> None:
    """Wire the deltas and the staleness signals (from the app's ``ready``)."""
    deltas.connect()
    pre_save.connect(_remember_area, sender=Team, dispatch_uid="summary-team-pre")
    post_save.connect(_on_team, sender=Team, dispatch_uid="summary-team-save")
    post_delete.connect(_on_team, sender=Team, dispatch_uid="summary-team-del")
    pre_save.connect(_remember_path, sender=Area, dispatch_uid="summary-area-pre")
    post_save.connect(_on_area, sender=Area, dispatch_uid="summary-area-save")
    post_delete.connect(_on_area, sender=Area, dispatch_uid="summary-area-del")
    bulk_change.connect(_on_bulk, dispatch_uid="summary-bulk")
