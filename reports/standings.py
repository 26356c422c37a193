"""Volunteers' standings: where each volunteer has served and when they reached each star.

A star level is the volunteer's own (their accepted hours everywhere, up to a day), so
counting a month's star levels for an area used to mean summing the hours of everyone who
ever served there: most of a cold dashboard's time. Here each volunteer has a few small
rows, kept whenever their accepted hours change (``keep``):

- ``VolunteerArea``: the day they first served in an area's subtree, for the area of every
  team they served in and every area above it;
- ``VolunteerStep``: the day their accepted hours reached each star threshold.

So "volunteers who had served in the area by the month's end, by star level as at that
day" is two grouped queries over those rows (``star_counts``), whatever the number of
service records.

The steps are kept for the configured thresholds (``VOLUNTEER_STAR_THRESHOLDS``); after
changing them, ``manage.py summary_check --repair`` builds the standings again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from laoshan_portal.accounts.models import Area, path_prefixes
from volunteering.models import ServiceRecord
from volunteering.stars import star_thresholds

from .models import VolunteerArea, VolunteerStanding, VolunteerStep

ACCEPTED = ServiceRecord.Status.ACCEPTED
RECORD_AREA_PATH = "activity__team__area__path"


def person_of(cadre_id: int | None, member_id: int | None) -> str | None:
    """The volunteer a record counts for: its cadre, else its resident member."""
    if cadre_id is not None:
        return f"c{cadre_id}"
    return f"m{member_id}" if member_id is not None else None


def records_of(person: str) -> Q:
    """The records that count for ``person``."""
    kind, pk = person[0], int(person[1:])
    return Q(cadre_id=pk) if kind == "c" else Q(cadre__isnull=True, member_id=pk)


@dataclass
class Standing:
    """A volunteer's standing: accepted hours, the day they first served in each area
    (by id, with the areas above), the day they reached each threshold."""

    hours: Decimal = Decimal(0)
    areas: dict[int, date] = field(default_factory=dict)
    steps: dict[Decimal, date] = field(default_factory=dict)

    def level(self, area_id: int, end: date) -> int | None:
        """Their star level as at ``end`` if they had served in the area by then."""
        first = self.areas.get(area_id)
        if first is None or first > end:
            return None
        return sum(1 for reached in self.steps.values() if reached <= end)

    def first_change(self, other: Standing) -> date | None:
        """The first day on which this standing and ``other`` differ, if they do."""
        days = _differing(self.areas, other.areas) + _differing(self.steps, other.steps)
        return min(days) if days else None


def _differing(mine: dict[Any, date], theirs: dict[Any, date]) -> list[date]:
    """The days of the keys whose days differ between ``mine`` and ``theirs``."""
    return [
        day
        for key in mine.keys() | theirs.keys()
        if mine.get(key) != theirs.get(key)
        for day in (mine.get(key), theirs.get(key))
        if day is not None
    ]


# ----------------------------------------------------------------------------- computing


def computed(people: Iterable[str]) -> dict[str, Standing]:
    """The standings of ``people`` from their accepted records (three queries)."""
    people = set(people)
    cadres = [int(p[1:]) for p in people if p[0] == "c"]
    members = [int(p[1:]) for p in people if p[0] == "m"]
    records = ServiceRecord.objects.filter(status=ACCEPTED).filter(
        Q(cadre_id__in=cadres) | Q(cadre__isnull=True, member_id__in=members)
    )
    rows = records.values_list("cadre_id", "member_id", "date", "hours", RECORD_AREA_PATH)
    return from_records(rows.order_by("date", "pk").iterator(chunk_size=5000), people)


def from_records(rows: Iterable[tuple[Any, ...]], people: Iterable[str]) -> dict[str, Standing]:
    """Standings from (cadre id, member id, date, hours, area path) rows in date order."""
    thresholds = star_thresholds()
    result = {person: Standing() for person in people}
    first_in_path: dict[str, dict[str, date]] = defaultdict(dict)
    for cadre_id, member_id, day, hours, path in rows:
        person = person_of(cadre_id, member_id)
        if person is None:
            continue
        standing = result.setdefault(person, Standing())
        standing.hours += hours
        for threshold in thresholds:
            if threshold not in standing.steps and standing.hours >= threshold:
                standing.steps[threshold] = day
        first_in_path[person].setdefault(path, day)
    paths = {
        prefix
        for firsts in first_in_path.values()
        for path in firsts
        for prefix in path_prefixes(path)
    }
    pk_of = _area_ids(paths)
    for person, firsts in first_in_path.items():
        areas = result[person].areas
        for path, day in firsts.items():
            for prefix in path_prefixes(path):
                pk = pk_of.get(prefix)
                if pk is not None and (pk not in areas or day < areas[pk]):
                    areas[pk] = day
    return result


def _area_ids(paths: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    ordered = sorted(paths)
    for start in range(0, len(ordered), 5000):
        chunk = ordered[start : start + 5000]
        found.update(Area.objects.filter(path__in=chunk).values_list("path", "pk"))
    return found


# ----------------------------------------------------------------------------- stored


def stored(people: Iterable[str]) -> dict[str, Standing]:
    """The standings of ``people`` as kept (a person with none has an empty one)."""
    people = set(people)
    result = {person: Standing() for person in people}
    rows = VolunteerStanding.objects.filter(person__in=people).values_list("pk", "person", "hours")
    by_pk = {}
    for pk, person, hours in rows:
        result[person].hours = hours
        by_pk[pk] = result[person]
    for pk, area_id, first in VolunteerArea.objects.filter(standing__in=by_pk).values_list(
        "standing", "area", "first_served"
    ):
        by_pk[pk].areas[area_id] = first
    for pk, threshold, reached in VolunteerStep.objects.filter(standing__in=by_pk).values_list(
        "standing", "threshold", "reached_on"
    ):
        by_pk[pk].steps[threshold] = reached
    return result


def store(standings: dict[str, Standing]) -> None:
    """Keep ``standings`` in place of what was kept for those people."""
    if not standings:
        return
    VolunteerStanding.objects.filter(person__in=standings).delete()
    served = {person: s for person, s in standings.items() if s.areas}
    made = VolunteerStanding.objects.bulk_create(
        [VolunteerStanding(person=person, hours=s.hours) for person, s in served.items()],
        batch_size=2000,
    )
    areas, steps = [], []
    for row in made:
        standing = served[row.person]
        areas += [
            VolunteerArea(standing=row, area_id=a, first_served=d)
            for a, d in standing.areas.items()
        ]
        steps += [
            VolunteerStep(standing=row, threshold=t, reached_on=d)
            for t, d in standing.steps.items()
        ]
    VolunteerArea.objects.bulk_create(areas, batch_size=5000)
    VolunteerStep.objects.bulk_create(steps, batch_size=5000)


def keep(people: Iterable[str]) -> dict[str, tuple[Standing, Standing]]:
    """Bring the standings of ``people`` up to date; returns (before, after) of each one
    whose standing changed."""
    people = set(people)
    if not people:
        return {}
    before, after = stored(people), computed(people)
    changed = {
        person: (before[person], after[person])
        for person in people
        if before[person] != after[person]
    }
    store({person: pair[1] for person, pair in changed.items()})
    return changed


def rebuild() -> int:
    """Build every volunteer's standing again from the records; returns how many."""
    VolunteerStanding.objects.all().delete()
    rows = ServiceRecord.objects.filter(status=ACCEPTED).values_list(
        "cadre_id", "member_id", "date", "hours", RECORD_AREA_PATH
    )
    standings = from_records(rows.order_by("date", "pk").iterator(chunk_size=20000), [])
    store(standings)
    return len(standings)


# ----------------------------------------------------------------------------- counting


def star_counts(end: date, **where: Any) -> dict[int, list[int]]:
    """Volunteers who had served in each area by ``end``, by star level as at ``end``,
    keyed by area id, for the areas ``where`` selects (``VolunteerArea`` lookups, e.g.
    ``area__path__startswith``): two queries."""
    thresholds = star_thresholds()
    served = VolunteerArea.objects.filter(**where, first_served__lte=end)
    totals = served.values_list("area").annotate(n=Count("*")).values_list("area", "n")
    reached = (
        served.filter(
            standing__steps__threshold__in=thresholds, standing__steps__reached_on__lte=end
        )
        .values_list("area", "standing__steps__threshold")
        .annotate(n=Count("pk"))
        .values_list("area", "standing__steps__threshold", "n")
    )
    at_least: dict[int, list[int]] = {}
    for area_id, total in totals.order_by():
        at_least[area_id] = [total] + [0] * len(thresholds)
    rank = {threshold: index + 1 for index, threshold in enumerate(thresholds)}
    for area_id, threshold, n in reached.order_by():
        at_least[area_id][rank[threshold]] = n
    return {
        area_id: [
            counts[level] - (counts[level + 1] if level + 1 < len(counts) else 0)
            for level in range(len(counts))
        ]
        for area_id, counts in at_least.items()
    }


def no_stars() -> list[int]:
    return [0] * (len(star_thresholds()) + 1)
