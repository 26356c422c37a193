"""The summary's figures counted set-based: a whole subtree of areas, or a run of months,
in a fixed number of queries.

``summary.compute_days`` counts one area and one span with a handful of aggregates. Asked
for every child of a district, or for a year of months, that is a handful per child or per
month: hundreds of queries, each scanning the same records again. Here each figure is one
grouped query for the whole set:

- ``tree_figures`` groups by the record's own area, adds the sums up the tree in Python and
  counts each person once per area above them (a volunteer who served in two communities
  of a street is one volunteer of the street);
- ``month_figures`` groups by month, the stock of cadres as a running total. Star levels
  are left to be counted for the one month a page shows (``summary.with_stars``).

Star levels come from the volunteers' standings (``standings.star_counts``).

Both give exactly what ``summary.compute_days`` gives for the same area and span
(``tests/test_reports_counting.py``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.db import connections
from django.db.models import Count, DateField, F, Max, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from cadres.models import Cadre, CheckIn
from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from volunteering.models import ServiceActivity, ServiceRecord
from volunteering.stars import star_thresholds

from . import standings
from .periods import Month

ACCEPTED = ServiceRecord.Status.ACCEPTED
# Whose star levels a pass counts: every area's, the top area's alone, or none.
Stars = Literal["all", "top", "none"]
TENTH = Decimal("0.1")
RECORD_AREA = "activity__team__area"
# A volunteer is a cadre, or a resident known only by their team membership.
PEOPLE = {
    "cadre": Q(cadre__isnull=False),
    "member": Q(cadre__isnull=True, member__isnull=False),
}


def empty_figures(*, stars: bool) -> dict[str, Any]:
    return {
        "cadres_active": 0,
        "checkins": 0,
        "service_activities": 0,
        "service_records": 0,
        "volunteers": 0,
        "hours": Decimal("0.0"),
        "stars": [0] * (len(star_thresholds()) + 1) if stars else [],
    }


# ----------------------------------------------------------------------------- areas


class _Tree:
    """The areas of a subtree, each with the areas it counts towards (itself and every
    area above it, up to the top)."""

    def __init__(self, top: Area, levels: int | None = None) -> None:
        rows = Area.objects.filter(path__startswith=top.path).values_list("pk", "path")
        # A parent's path is shorter than its children's: taken by length, each chain is
        # its parent's and the area itself.
        by_path: dict[str, tuple[int, ...]] = {}
        for pk, path in sorted(rows, key=lambda row: len(row[1])):
            parent = path[: path.rstrip("/").rfind("/") + 1]
            by_path[path] = (*by_path[parent], pk) if path != top.path else (pk,)
        # The areas counted: all, or those down to ``levels`` below the top; an area
        # further down counts towards its ancestors among them.
        depth = len(by_path) if levels is None else levels + 1
        self.counted = [chain[-1] for chain in by_path.values() if len(chain) <= depth]
        self.chains: dict[int, tuple[int, ...]] = {
            chain[-1]: chain[:depth] for chain in by_path.values()
        }

    def add(self, totals: dict[int, dict[str, Any]], area_id: int, **amounts: Any) -> None:
        for pk in self.chains[area_id]:
            for name, amount in amounts.items():
                totals[pk][name] += amount

    def above(self, area_ids: Iterable[int]) -> set[int]:
        """Every area a person counts in, having served in ``area_ids``: each once."""
        return {pk for area_id in area_ids for pk in self.chains[area_id]}


def tree_figures(
    top: Area,
    start: date,
    end: date,
    *,
    stars: Stars = "all",
    volunteers: bool = True,
    levels: int | None = None,
) -> dict[int, dict[str, Any]]:
    """The figures of ``top`` and of every area below it (or only down to ``levels`` below
    it), from ``start`` to ``end`` (stocks as at ``end``), keyed by area id: nine queries
    whatever the size of the tree (ten when someone served in the teams of three areas or
    more that month). The star levels of every area (``stars="all"``), of ``top`` alone
    (``"top"``: a page shows no others) or of none (``"none"``: a month only a trend
    reads); the rows left without them (``[]``) wait for ``summary.with_stars``. Without
    ``volunteers`` (a month only a trend reads), their count, the costliest query of a
    month, is left out (None) for ``summary.with_volunteers``."""
    tree = _Tree(top, levels)
    figures = {pk: empty_figures(stars=True) for pk in tree.counted}
    below = {"area__path__startswith": top.path}

    cadres = Cadre.objects.filter(
        **below, status=Cadre.Status.ACTIVE, created_at__lt=clock.day_after(end)
    )
    for area_id, count in _count_by(cadres, "area"):
        tree.add(figures, area_id, cadres_active=count)
    checkins = CheckIn.objects.filter(
        **below, status=CheckIn.Status.CONFIRMED, decided_at__date__gte=start,
        decided_at__date__lte=end,
    )  # fmt: skip
    for area_id, count in _count_by(checkins, "area"):
        tree.add(figures, area_id, checkins=count)
    activities = ServiceActivity.objects.filter(
        team__area__path__startswith=top.path, date__gte=start, date__lte=end
    )
    for area_id, count in _count_by(activities, "team__area"):
        tree.add(figures, area_id, service_activities=count)

    in_span = _records_in_span(top, start, end)
    sums = in_span.values(RECORD_AREA).annotate(n=Count("pk"), hours=Sum("hours"))
    for row in sums.order_by():
        tree.add(figures, row[RECORD_AREA], service_records=row["n"], hours=row["hours"] or 0)
    if volunteers:
        _add_volunteers(tree, figures, in_span)
    else:
        for row in figures.values():
            row["volunteers"] = None
    starred: dict[str, dict[str, Any]] = {
        "all": {"area__path__startswith": top.path},
        "top": {"area": top},
    }
    counted = standings.star_counts(end, **starred[stars]) if stars in starred else {}
    for pk, row in figures.items():
        if stars == "none" or (stars == "top" and pk != top.pk):
            row["stars"] = []
        elif pk in counted:
            row["stars"] = counted[pk]

    for row in figures.values():
        row["hours"] = Decimal(row["hours"]).quantize(TENTH)
    return figures


def _records_in_span(top: Area, start: date, end: date) -> QuerySet[ServiceRecord]:
    records = ServiceRecord.objects.filter(
        activity__team__area__path__startswith=top.path, status=ACCEPTED
    )
    # A record's date is its activity's: asked of both, PostgreSQL starts from the span's
    # activities, not from a hash of every activity there ever was.
    return records.filter(
        date__gte=start, date__lte=end, activity__date__gte=start, activity__date__lte=end
    )


def _add_volunteers(
    tree: _Tree, figures: dict[int, dict[str, Any]], records: QuerySet[ServiceRecord]
) -> None:
    """Each area's volunteers in ``records``, added to ``figures``: people who served in
    the same areas count alike, each such set's areas found once."""
    for area_ids, people in _people_by_areas(records).items():
        for pk in tree.above(area_ids):
            figures[pk]["volunteers"] += people


def volunteers_below(top: Area, start: date, end: date, *, levels: int) -> dict[int, int]:
    """The volunteers alone of ``top`` and the areas down to ``levels`` below it, as
    ``tree_figures`` counts them: one or two queries."""
    tree = _Tree(top, levels)
    figures = {pk: {"volunteers": 0} for pk in tree.counted}
    _add_volunteers(tree, figures, _records_in_span(top, start, end))
    return {pk: row["volunteers"] for pk, row in figures.items()}


def _count_by(rows: QuerySet[Any], area: str) -> Iterator[tuple[int, int]]:
    yield from rows.values_list(area).annotate(n=Count("*")).values_list(area, "n").order_by()


def _people_by_areas(records: QuerySet[ServiceRecord]) -> Counter[frozenset[int]]:
    """How many people who served in ``records`` served in each set of teams' areas (a
    cadre is counted as a cadre whatever team membership the record names; a resident
    known only by their membership is keyed below zero). The database groups them: per
    person the fewest and most areas and how many, then people alike together, a few rows
    in all; only those of three areas or more are read one by one."""
    people = records.filter(PEOPLE["cadre"] | PEOPLE["member"]).annotate(
        person=Coalesce("cadre", Value(0) - F("member"))
    )
    each = (
        people.values("person")
        .annotate(
            least=Min(RECORD_AREA), most=Max(RECORD_AREA), areas=Count(RECORD_AREA, distinct=True)
        )
        .order_by()
    )
    sql, params = each.query.sql_with_params()
    least, most, areas = map(connections[records.db].ops.quote_name, ("least", "most", "areas"))
    # Only SQL Django compiled from the queryset; every value stays a parameter.
    alike = f"SELECT {least}, {most}, {areas}, COUNT(*) FROM ({sql}) people GROUP BY 1, 2, 3"  # noqa: S608  # nosec B608
    with connections[records.db].cursor() as cursor:
        cursor.execute(alike, params)
        groups = cursor.fetchall()
    found: Counter[frozenset[int]] = Counter()
    for first, last, count, people_alike in groups:
        if count <= 2:  # the fewest and the most are all their areas
            found[frozenset((first, last))] += people_alike
    if any(count > 2 for _first, _last, count, _people in groups):
        wider = each.filter(areas__gt=2).values("person")
        triples = people.filter(person__in=wider).values_list("person", RECORD_AREA).distinct()
        served: dict[int, set[int]] = defaultdict(set)
        for person, area_id in triples.order_by():
            served[person].add(area_id)
        found.update(map(frozenset, served.values()))
    return found


# ----------------------------------------------------------------------------- months


def month_figures(area: Area, months: Iterable[Month]) -> dict[Month, dict[str, Any]]:
    """The figures of ``area``'s subtree for each of ``months``, star levels left out (an
    empty list): one query per figure for the whole run."""
    wanted = sorted(set(months))
    first, last = wanted[0].start, wanted[-1].end
    by_month: dict[date, dict[str, Any]] = defaultdict(lambda: empty_figures(stars=False))

    cadres = Cadre.objects.filter(
        area__path__startswith=area.path, status=Cadre.Status.ACTIVE,
        created_at__lt=clock.day_after(last),
    )  # fmt: skip
    before = cadres.filter(created_at__lt=clock.day_start(first)).count()
    new = cadres.filter(created_at__gte=clock.day_start(first))
    new_cadres = dict(_count_by_month(new, "created_at"))
    checkins = CheckIn.objects.filter(
        area__path__startswith=area.path, status=CheckIn.Status.CONFIRMED,
        decided_at__date__gte=first, decided_at__date__lte=last,
    )  # fmt: skip
    for start, count in _count_by_month(checkins, "decided_at"):
        by_month[start]["checkins"] = count
    activities = ServiceActivity.objects.filter(
        team__area__path__startswith=area.path, date__gte=first, date__lte=last
    )
    for start, count in _count_by_month(activities, "date"):
        by_month[start]["service_activities"] = count
    records = ServiceRecord.objects.filter(
        activity__team__area__path__startswith=area.path, status=ACCEPTED,
        date__gte=first, date__lte=last,
    )  # fmt: skip
    served = (
        records.annotate(m=TruncMonth("date", output_field=DateField()))
        .values("m")
        .annotate(
            n=Count("pk"),
            hours=Sum("hours"),
            cadres=Count("cadre", distinct=True),
            residents=Count("member", distinct=True, filter=Q(cadre__isnull=True)),
        )
        .order_by()
    )
    for row in served:
        figures = by_month[row["m"]]
        figures["service_records"] = row["n"]
        figures["hours"] = (row["hours"] or Decimal(0)).quantize(TENTH)
        figures["volunteers"] = row["cadres"] + row["residents"]

    result: dict[Month, dict[str, Any]] = {}
    running = before
    month = wanted[0]
    while month <= wanted[-1]:
        running += new_cadres.get(month.start, 0)
        if month in wanted:
            result[month] = {**by_month[month.start], "cadres_active": running}
        month = month.shifted(1)
    return result


def _count_by_month(rows: QuerySet[Any], field: str) -> Iterator[tuple[date, int]]:
    grouped = rows.annotate(m=TruncMonth(field, output_field=DateField())).values("m")
    yield from grouped.annotate(n=Count("*")).values_list("m", "n").order_by()
