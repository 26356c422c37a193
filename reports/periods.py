"""Calendar months, the unit of every dashboard and report.

A month still running is "partial": its figures run to today, and it is compared with
the same days of the month before. The dashboard opens on it once it holds a week of
complete days (``WEEK``); before that, on the last complete month.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from laoshan_portal import clock

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
WEEK = 7  # complete days a running month needs before the dashboard opens on it


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """``YYYY-MM``; ValueError otherwise."""
        found = _MONTH.match((text or "").strip())
        if not found:
            raise ValueError(text)
        year, month = int(found[1]), int(found[2])
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise ValueError(text)
        return cls(year, month)

    @classmethod
    def current(cls) -> Month:
        return cls.of(clock.today())

    @classmethod
    def opening(cls) -> Month:
        """The month a dashboard opens on: this one from its ``WEEK + 1``-th day (a week
        of complete days behind it), the last complete month before that."""
        today = clock.today()
        current = cls.of(today)
        return current if today.day > WEEK else current.previous()

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def as_of(self) -> date | None:
        """Today while this month is running (its figures run to today); None once it is
        complete (and for a month to come)."""
        today = clock.today()
        return today if Month.of(today) == self else None

    def same_days_before(self, as_of: date) -> tuple[date, date]:
        """The first and last day of the previous month's stretch matching this month's
        days up to ``as_of``: the 1st to the same day, or to its last day if it is shorter
        (the 1st–31st of March compared with the whole of February)."""
        before = self.previous()
        return before.start, min(before.start + timedelta(days=as_of.day - 1), before.end)

    def previous(self) -> Month:
        return self.shifted(-1)

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def trailing(self, count: int) -> list[Month]:
        """The ``count`` months ending with this one, oldest first."""
        return [self.shifted(offset) for offset in range(1 - count, 1)]

    def year_so_far(self) -> list[Month]:
        return [Month(self.year, month) for month in range(1, self.month + 1)]

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"
