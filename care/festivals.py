"""The lunar festivals of the care plans, on the Gregorian calendar of a given year."""

from __future__ import annotations

from datetime import date
from functools import cache

from lunar_python import Lunar


@cache
def lunar_day(year: int, month: int, day: int) -> date:
    """The Gregorian date of a day of the lunar year that starts in ``year``."""
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def spring_festival(year: int) -> date:
    """春节: the first day of the first lunar month."""
    return lunar_day(year, 1, 1)


def double_ninth(year: int) -> date:
    """重阳节: the ninth day of the ninth lunar month."""
    return lunar_day(year, 9, 9)
