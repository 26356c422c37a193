"""Calendar months, the unit of every dashboard and report."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


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
        return cls.of(timezone.localdate())

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

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
