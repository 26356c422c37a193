"""The rules that put a person on the care list (关爱对象), as database conditions and as
reasons shown beside each person. Everything is worked out from the registry on the day
asked about (a Beijing date): nothing is copied, so an edit to a record shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre

OLD_AGE = 80  # years: aged people, and the age over which an empty nest counts
BEREAVED_MONTHS = 12  # "recently" bereaved


class Reason:
    """The codes of the reasons, in the order they are shown."""

    ALONE = "alone"
    EMPTY_NEST = "empty_nest"
    SELF_CARE = "self_care"
    ILLNESS = "illness"
    AGED = "aged"
    HARDSHIP = "hardship"
    BEREAVED = "bereaved"
    MANUAL = "manual"


REASON_LABELS = {
    Reason.ALONE: _("Lives alone"),
    Reason.EMPTY_NEST: _("Lives only with a spouse, over 80"),
    Reason.SELF_CARE: _("Not fully self-caring"),
    Reason.ILLNESS: _("Serious illness or hospital stay"),
    Reason.AGED: _("Aged 80 or over"),
    Reason.HARDSHIP: _("In hardship"),
    Reason.BEREAVED: _("Bereaved in the last 12 months"),
    Reason.MANUAL: _("Added by hand"),
}


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier, or the month's last day where it has none."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def age_on(birth: date, day: date) -> int:
    """Whole years of a person born on ``birth`` on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _aged(today: date) -> Q:
    return Q(birth_date__lte=years_before(today, OLD_AGE))


# Each rule as a condition on Cadre, for the day asked about.
RULES: dict[str, Callable[[date], Q]] = {
    Reason.ALONE: lambda today: Q(living_arrangement=Cadre.Living.ALONE),
    Reason.EMPTY_NEST: lambda today: Q(living_arrangement=Cadre.Living.EMPTY_NEST) & _aged(today),
    Reason.SELF_CARE: lambda today: Q(self_care__in=[Cadre.SelfCare.PARTIAL, Cadre.SelfCare.NONE]),
    Reason.ILLNESS: lambda today: Q(serious_illness=True),
    Reason.AGED: _aged,
    Reason.HARDSHIP: lambda today: Q(hardship=True),
    Reason.BEREAVED: lambda today: Q(
        bereaved_on__gt=months_before(today, BEREAVED_MONTHS), bereaved_on__lte=today
    ),
}


def any_rule(today: date) -> Q:
    """A condition true for everyone some rule puts on the list."""
    found = Q()
    for rule in RULES.values():
        found |= rule(today)
    return found


def reasons_for(cadre: Cadre, today: date, *, manual: bool = False) -> list[str]:
    """The codes of the rules that hold for ``cadre`` on ``today`` (the same as ``RULES``)."""
    old = age_on(cadre.birth_date, today) >= OLD_AGE
    bereaved = cadre.bereaved_on
    found = {
        Reason.ALONE: cadre.living_arrangement == Cadre.Living.ALONE,
        Reason.EMPTY_NEST: cadre.living_arrangement == Cadre.Living.EMPTY_NEST and old,
        Reason.SELF_CARE: cadre.self_care in {Cadre.SelfCare.PARTIAL, Cadre.SelfCare.NONE},
        Reason.ILLNESS: cadre.serious_illness,
        Reason.AGED: old,
        Reason.HARDSHIP: cadre.hardship,
        Reason.BEREAVED: bereaved is not None
        and months_before(today, BEREAVED_MONTHS) < bereaved <= today,
        Reason.MANUAL: manual,
    }
    return [code for code, holds in found.items() if holds]
