"""The portal's one clock: every date rule reads "now" and "today" here, in Beijing time.

The portal thinks in ``TIME_ZONE`` (Asia/Shanghai) whatever the server's own zone is: a
server on UTC is still in yesterday from 00:00 to 08:00 Beijing time, so ``date.today()``
(the machine's date) is never used; ruff's DTZ rules refuse it. Tests fix this clock
(``tests/conftest.py``), so every rule that reads it can be tried at any moment.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FUTURE_DATE = _("The date cannot be in the future.")


def now() -> datetime:
    """This instant, aware (UTC inside; shown in Beijing time)."""
    return timezone.now()


def today() -> date:
    """Today's calendar date in Beijing."""
    return timezone.localdate()


def day_start(day: date) -> datetime:
    """The first instant of ``day`` in Beijing: ``moment < day_start(day + 1)`` is what
    ``moment__date <= day`` says, without converting every row's moment to a date."""
    return timezone.make_aware(datetime.combine(day, time.min))


def day_after(day: date) -> datetime:
    """The first instant after ``day`` in Beijing."""
    return day_start(day + timedelta(days=1))


def local(moment: datetime) -> datetime:
    """``moment`` in Beijing time."""
    return timezone.localtime(moment)


def is_future(day: date | None) -> bool:
    return day is not None and day > today()


def require_not_future(day: date | None, field: str) -> None:
    """The one rule for dates of things that happened (an activity, a founding, a visit):
    not after today in Beijing. Services apply it; a form shows its error on ``field``."""
    if is_future(day):
        raise ValidationError({field: FUTURE_DATE})
