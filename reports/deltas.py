"""The month × area summary kept by deltas: each change adds or subtracts its own part.

A saved or deleted cadre, check-in, service activity or service record changes the rows
of its area and of every area above it, in the same transaction, by what it adds or
takes away; nothing is counted again. Each handler reads the state that matters before
the write (``pre_save``/``pre_delete``) and after it (``post_save``/``post_delete``),
from the database, and applies the difference:

- a cadre counts one in the stock of active cadres from the month it was entered on;
- a confirmed check-in counts one in the month it was decided; an activity, in its month;
- a person's accepted records of one month, by team area, give that month's records and
  hours and whether they count as a volunteer of each area (once per area, however many
  teams of it they served with);
- a person's standing (``standings``) gives their star level in every row from the first
  day it changed on.

Only fresh rows that exist are changed (a missing row is counted when first needed, a stale
one counted again), and a row left without its star levels (``stars == []``) keeps waiting
for them. Rarer, wider
changes (a team or an area moved, bulk writes) still mark rows stale for a recount
(``summary``). ``summary_check`` compares the rows with a recount each night.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import Count, F, Sum
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from cadres.models import Cadre, CheckIn
from laoshan_portal.accounts.models import path_prefixes
from volunteering.models import ServiceActivity, ServiceRecord

from . import standings, versions
from .models import AreaMonth
from .periods import Month

ACCEPTED = ServiceRecord.Status.ACCEPTED
# (area path, month start) → figure → amount
Amounts = dict[tuple[str, date], dict[str, Any]]
PersonMonth = tuple[str, date]


def _add(amounts: Amounts, path: str, month: date, **figures: Any) -> None:
    for prefix in path_prefixes(path):
        row = amounts.setdefault((prefix, month), {})
        for name, amount in figures.items():
            row[name] = row.get(name, 0) + amount


def apply(amounts: Amounts, *, onwards: bool = False) -> None:
    """Add ``amounts`` to the fresh rows that exist, each (area, month) in one statement; with
    ``onwards``, to that month's row and every later one (a stock)."""
    for (path, month), figures in amounts.items():
        if any(figures.values()):
            versions.changed([path], None if onwards else month)
    for (path, month), figures in sorted(
        amounts.items(), key=lambda item: (item[0][1], item[0][0])
    ):
        changes = {name: F(name) + amount for name, amount in figures.items() if amount}
        if not changes:
            continue
        rows = AreaMonth.objects.filter(area__path=path, stale=False)
        rows = rows.filter(month__gte=month) if onwards else rows.filter(month=month)
        rows.update(**changes)


# ----------------------------------------------------------------------------- one row each


class _Counted:
    """A model whose row counts one in one figure of one (area, month), or nowhere: the
    handler compares where it counted before the write and where after."""

    def __init__(
        self,
        model: type[models.Model],
        figure: str,
        where: Callable[[models.QuerySet[Any]], tuple[str, date] | None],
        *,
        onwards: bool = False,
    ) -> None:
        self.model, self.figure, self.where, self.onwards = model, figure, where, onwards

    def place(self, pk: Any) -> tuple[str, date] | None:
        if pk is None:
            return None
        return self.where(self.model._default_manager.filter(pk=pk))

    def before(self, sender: type, instance: models.Model, **kwargs: Any) -> None:
        instance._summary_place = self.place(instance.pk)  # type: ignore[attr-defined]

    def after(self, sender: type, instance: models.Model, **kwargs: Any) -> None:
        was = getattr(instance, "_summary_place", None)
        now = self.place(instance.pk) if kwargs.get("signal") is post_save else None
        if was == now:
            return
        amounts: Amounts = {}
        for place, amount in ((was, -1), (now, 1)):
            if place is not None:
                path, month = place
                _add(amounts, path, month, **{self.figure: amount})
        apply(amounts, onwards=self.onwards)


def _month_of(moment: Any) -> date | None:
    if moment is None:
        return None
    day = timezone.localdate(moment) if hasattr(moment, "tzinfo") else moment
    return Month.of(day).start


def _cadre_place(rows: models.QuerySet[Any]) -> tuple[str, date] | None:
    row = rows.values("area__path", "status", "created_at").first()
    if row is None or row["status"] != Cadre.Status.ACTIVE or row["area__path"] is None:
        return None
    return row["area__path"], _month_of(row["created_at"])  # type: ignore[return-value]


def _checkin_place(rows: models.QuerySet[Any]) -> tuple[str, date] | None:
    row = rows.values("area__path", "status", "decided_at").first()
    if row is None or row["status"] != CheckIn.Status.CONFIRMED or row["decided_at"] is None:
        return None
    return row["area__path"], _month_of(row["decided_at"])  # type: ignore[return-value]


def _activity_place(rows: models.QuerySet[Any]) -> tuple[str, date] | None:
    row = rows.values("team__area__path", "date").first()
    if row is None or row["team__area__path"] is None:
        return None
    return row["team__area__path"], Month.of(row["date"]).start


COUNTED = [
    _Counted(Cadre, "cadres_active", _cadre_place, onwards=True),
    _Counted(CheckIn, "checkins", _checkin_place),
    _Counted(ServiceActivity, "service_activities", _activity_place),
]


# ----------------------------------------------------------------------------- records


def _served(person: str, month: date) -> dict[str, tuple[int, Decimal]]:
    """``person``'s accepted records in ``month``: count and hours by team area path."""
    records = ServiceRecord.objects.filter(
        standings.records_of(person), status=ACCEPTED,
        date__gte=month, date__lte=Month.of(month).end,
    )  # fmt: skip
    rows = records.values_list(standings.RECORD_AREA_PATH).annotate(n=Count("pk"), h=Sum("hours"))
    return {
        path: (n, hours)
        for path, n, hours in rows.values_list(standings.RECORD_AREA_PATH, "n", "h").order_by()
    }


def snapshot(keys: Iterable[PersonMonth]) -> dict[PersonMonth, dict[str, tuple[int, Decimal]]]:
    return {key: _served(*key) for key in keys}


def records_changed(before: dict[PersonMonth, dict[str, tuple[int, Decimal]]]) -> None:
    """Apply what changed in the people's months of ``before`` (taken before the write),
    and in their standings."""
    amounts: Amounts = {}
    for (person, month), was in before.items():
        now = _served(person, month)
        if now == was:
            continue
        for path in was.keys() | now.keys():
            (n0, h0), (n1, h1) = was.get(path, (0, 0)), now.get(path, (0, 0))
            if n1 != n0 or h1 != h0:
                _add(amounts, path, month, service_records=n1 - n0, hours=h1 - h0)
        covered_was = {p for path in was for p in path_prefixes(path)}
        covered_now = {p for path in now for p in path_prefixes(path)}
        for paths, amount in ((covered_now - covered_was, 1), (covered_was - covered_now, -1)):
            for path in paths:
                row = amounts.setdefault((path, month), {})
                row["volunteers"] = row.get("volunteers", 0) + amount
    apply(amounts)
    stars_changed(standings.keep({person for person, _month in before}))


def stars_changed(changes: dict[str, tuple[standings.Standing, standings.Standing]]) -> None:
    """Move each changed volunteer from their old star level to their new one in every row
    from the first day their standing changed on."""
    for before, after in changes.values():
        first = before.first_change(after)
        if first is None:
            continue
        areas = before.areas.keys() | after.areas.keys()
        with transaction.atomic():  # the rows locked while their levels move
            _move_levels(before, after, areas, first)


def _move_levels(
    before: standings.Standing, after: standings.Standing, areas: set[int], first: date
) -> None:
    rows = (
        AreaMonth.objects.select_for_update()
        .filter(area_id__in=areas, month__gte=Month.of(first).start, stale=False)
        .order_by("month", "area_id")
    )
    changed = []
    for row in rows:
        if not row.stars:
            continue  # star levels not counted yet: they will be, from the standings
        end = Month.of(row.month).end
        was, now = before.level(row.area_id, end), after.level(row.area_id, end)
        if was == now:
            continue
        if was is not None:
            row.stars[was] -= 1
        if now is not None:
            row.stars[now] += 1
        changed.append(row)
    AreaMonth.objects.bulk_update(changed, ["stars"])


def _record_keys(instance: ServiceRecord) -> set[PersonMonth]:
    keys = set()
    if instance.pk is not None:
        old = ServiceRecord.objects.filter(pk=instance.pk).values("cadre_id", "member_id", "date")
        for row in old:
            person = standings.person_of(row["cadre_id"], row["member_id"])
            if person:
                keys.add((person, Month.of(row["date"]).start))
    person = standings.person_of(instance.cadre_id, instance.member_id)
    if person and instance.date:
        keys.add((person, Month.of(instance.date).start))
    return keys


def _record_before(sender: type, instance: ServiceRecord, **kwargs: Any) -> None:
    instance._summary_served = snapshot(_record_keys(instance))  # type: ignore[attr-defined]


def _record_after(sender: type, instance: ServiceRecord, **kwargs: Any) -> None:
    records_changed(getattr(instance, "_summary_served", {}))


def _activity_before(sender: type, instance: ServiceActivity, **kwargs: Any) -> None:
    """A move to another team moves its records to another area: note their people."""
    instance._summary_served = {}  # type: ignore[attr-defined]
    if instance.pk is None:
        return
    team = ServiceActivity.objects.filter(pk=instance.pk).values_list("team_id", flat=True).first()
    if team is not None and team != instance.team_id:
        records = ServiceRecord.objects.filter(activity_id=instance.pk, status=ACCEPTED)
        keys = set()
        for cadre, member, day in records.values_list("cadre_id", "member_id", "date"):
            person = standings.person_of(cadre, member)
            if person:
                keys.add((person, Month.of(day).start))
        instance._summary_served = snapshot(keys)  # type: ignore[attr-defined]


def _activity_after(sender: type, instance: ServiceActivity, **kwargs: Any) -> None:
    records_changed(getattr(instance, "_summary_served", {}))


def connect() -> None:
    """Wire the deltas (from the app's ``ready``)."""
    for counted in COUNTED:
        label = counted.model._meta.label_lower
        pre_save.connect(counted.before, sender=counted.model, dispatch_uid=f"delta-{label}-pre")
        pre_delete.connect(counted.before, sender=counted.model, dispatch_uid=f"delta-{label}-pred")
        post_save.connect(counted.after, sender=counted.model, dispatch_uid=f"delta-{label}-save")
        post_delete.connect(counted.after, sender=counted.model, dispatch_uid=f"delta-{label}-del")
    pre_save.connect(_record_before, sender=ServiceRecord, dispatch_uid="delta-record-pre")
    pre_delete.connect(_record_before, sender=ServiceRecord, dispatch_uid="delta-record-pred")
    post_save.connect(_record_after, sender=ServiceRecord, dispatch_uid="delta-record-save")
    post_delete.connect(_record_after, sender=ServiceRecord, dispatch_uid="delta-record-del")
    pre_save.connect(_activity_before, sender=ServiceActivity, dispatch_uid="delta-activity-pre")
    post_save.connect(_activity_after, sender=ServiceActivity, dispatch_uid="delta-activity-save")
