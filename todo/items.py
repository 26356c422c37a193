"""What one to-do item is: a frozen row computed from the domain apps, never stored."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area


class Kind(models.TextChoices):
    """The kinds of work on the list, in the order the page groups them."""

    CHECKIN = "checkin", _("Check-ins waiting for confirmation")
    NEED = "need", _("Governance needs unmatched for over a week")
    FOLLOW_UP = "follow_up", _("Mediation follow-up visits due")
    JUDICIAL = "judicial", _("Judicial confirmation windows closing")
    CARE_VISIT = "care_visit", _("Care visits due")
    REFERRAL = "referral", _("Care referrals to follow up")
    BIRTHDAY = "birthday", _("Birthdays this week")
    REPORT_FAILED = "report_failed", _("Monthly reports that failed")
    REPORT_READY = "report_ready", _("Monthly reports ready to read")
    IMPORT = "import", _("Registry imports waiting for confirmation")
    CONCERN = "concern", _("Concerns raised by retirees")


KIND_ORDER = {kind: position for position, kind in enumerate(Kind.values)}


class TodoItem(NamedTuple):
    """One piece of work: what, where, the page that clears it and how late it is.

    ``day`` is the date the work is due, or (for work that waits, like a check-in) the
    date it has waited since; ``overdue`` is how many days past due it is (0 when not yet
    due, or for a birthday, which is a reminder and never late).
    """

    kind: str
    title: str
    area: Area
    url: str
    day: date
    overdue: int = 0
    person: str = ""

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def sort_key(self) -> tuple[int, int, date, str, str]:
        """By kind, most overdue first, then by day and title (and page, so that no two
        items are equal: the order of a list combined from areas is the same)."""
        return (KIND_ORDER[self.kind], -self.overdue, self.day, self.title, self.url)


def most_pressing(items: Iterable[TodoItem], top: int) -> list[TodoItem]:
    """The ``top`` most overdue items, the earliest first among equals (then in the
    list's order)."""
    ordered = sorted(items, key=lambda item: item.sort_key)
    return sorted(ordered, key=lambda item: (-item.overdue, item.day))[:top]


def days_late(due: date, today: date) -> int:
    """Whole Beijing days past ``due``; 0 on the day itself and before."""
    return max(0, (today - due).days)
