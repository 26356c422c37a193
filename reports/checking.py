"""The nightly check of the summary kept by deltas: every fresh row against a recount.

The rows are kept exact by ``deltas``; this finds out if anything ever slipped past them
(a write that bypassed the signals, two transactions racing for a row being counted). It
recounts, set-based, every month that has fresh rows and the volunteers' standings, and
reports each difference; ``repair`` stores the recount in their place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from laoshan_portal.accounts.models import Area
from volunteering.models import ServiceRecord

from . import counting, standings
from .models import AreaMonth, VolunteerStanding
from .periods import Month
from .summary import FIGURES, store_rows


@dataclass(frozen=True)
class Difference:
    area: str  # the area's code, or a volunteer ("c12") for a standing
    month: str
    figure: str
    kept: Any
    counted: Any

    def __str__(self) -> str:
        return f"{self.area} {self.month} {self.figure}: kept {self.kept}, counted {self.counted}"


def check_standings(*, repair: bool = False) -> list[Difference]:
    """Each volunteer's kept standing against one built from the records."""
    rows = ServiceRecord.objects.filter(status=standings.ACCEPTED).values_list(
        "cadre_id", "member_id", "date", "hours", standings.RECORD_AREA_PATH
    )
    counted = standings.from_records(rows.order_by("date", "pk").iterator(chunk_size=20000), [])
    kept = standings.stored(counted.keys() | _kept_people())
    found = [
        Difference(person, "", "standing", kept[person], counted.get(person, standings.Standing()))
        for person in sorted(kept)
        if kept[person] != counted.get(person, standings.Standing())
    ]
    if repair and found:
        standings.store({d.area: counted.get(d.area, standings.Standing()) for d in found})
    return found


def _kept_people() -> set[str]:
    return set(VolunteerStanding.objects.values_list("person", flat=True))


def check_rows(*, repair: bool = False) -> list[Difference]:
    """Every fresh row against a recount of its month, a whole tree at a time."""
    found: list[Difference] = []
    months = AreaMonth.objects.filter(stale=False).values_list("month", flat=True).distinct()
    for start in sorted(set(months)):
        month = Month.of(start)
        for top in Area.objects.filter(parent=None):
            found += _check_month(top, month, repair=repair)
    return found


def _check_month(top: Area, month: Month, *, repair: bool) -> list[Difference]:
    rows = AreaMonth.objects.filter(
        month=month.start, stale=False, area__path__startswith=top.path
    ).select_related("area")
    if not rows.exists():
        return []
    counted = counting.tree_figures(top, month.start, month.end)
    found, wrong = [], {}
    for row in rows:
        expected = counted[row.area_id]
        for figure in FIGURES:
            kept = getattr(row, figure)
            if (figure == "stars" and not kept) or kept is None:
                continue  # left out, not counted yet
            if kept != expected[figure]:
                found.append(Difference(row.area.code, str(month), figure, kept, expected[figure]))
                wrong[(row.area_id, month)] = expected
    if repair and wrong:
        store_rows(wrong)
    return found


def check(*, repair: bool = False) -> list[Difference]:
    """The standings first (the rows' star levels are counted from them), then the rows."""
    return check_standings(repair=repair) + check_rows(repair=repair)
