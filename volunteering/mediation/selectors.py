"""Reads of mediation cases, always through the reader's scope: lists, reminders, figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.scoping import Scope, selector_for
from volunteering.models import Team

from .filters import CaseFilter
from .models import (
    FOLLOW_UP_AFTER_DAYS,
    AgreementItem,
    AgreementScan,
    FollowUp,
    MediationCase,
    MediationRecord,
    Party,
)

Case = MediationCase


@selector_for(MediationCase)
def case_list(*, scope: Scope) -> models.QuerySet[MediationCase]:
    return scope.filter(MediationCase.objects.all(), "area")


@selector_for(Party)
def party_list(*, scope: Scope) -> models.QuerySet[Party]:
    return scope.filter(Party.objects.all(), "case__area")


@selector_for(MediationRecord)
def record_list(*, scope: Scope) -> models.QuerySet[MediationRecord]:
    return scope.filter(MediationRecord.objects.all(), "case__area")


@selector_for(AgreementItem)
def agreement_item_list(*, scope: Scope) -> models.QuerySet[AgreementItem]:
    return scope.filter(AgreementItem.objects.all(), "case__area")


@selector_for(AgreementScan)
def scan_list(*, scope: Scope) -> models.QuerySet[AgreementScan]:
    return scope.filter(AgreementScan.objects.all(), "case__area")


@selector_for(FollowUp)
def follow_up_list(*, scope: Scope) -> models.QuerySet[FollowUp]:
    return scope.filter(FollowUp.objects.all(), "case__area")


def mediation_team_list(*, scope: Scope) -> models.QuerySet[Team]:
    """和事佬 teams in scope (the same filter as the Team selector of volunteering)."""
    return scope.filter(Team.objects.filter(kind=Team.Kind.MEDIATION), "area")


# ---------------------------------------------------------------------------- the list


def case_filtered(*, scope: Scope, params: Any = None, contacts: bool = False) -> CaseFilter:
    """The case list: scoped, filtered, with what each row shows (parties, mediators).

    The parties' encrypted columns are read only with ``contacts`` (the export).
    """
    parties = Party.objects.all() if contacts else Party.objects.only("case_id", "name", "role")
    queryset = (
        case_list(scope=scope)
        .select_related("area", "team")
        .prefetch_related(
            Prefetch("parties", queryset=parties),
            Prefetch("mediators", queryset=Cadre.objects.only("name")),
        )
    )
    # Buildings would make the list of choices long and add nothing to a filter.
    areas = area_list(scope=scope).exclude(level=Area.Level.BUILDING)
    teams = mediation_team_list(scope=scope).order_by("name")
    return CaseFilter(params or {}, queryset=queryset, areas=areas, teams=teams)


def case_dossier(*, scope: Scope, case: MediationCase) -> MediationCase:
    """One case with everything its page and its PDF show, in a fixed number of queries."""
    dossier: MediationCase = (
        case_list(scope=scope)
        .select_related("area", "team", "created_by")
        .prefetch_related(
            "parties",
            Prefetch("mediators", queryset=Cadre.objects.only("name")),
            Prefetch(
                "records",
                queryset=MediationRecord.objects.prefetch_related(
                    Prefetch("mediators", queryset=Cadre.objects.only("name"))
                ),
            ),
            "agreement_items",
            "scans",
            "follow_ups",
        )
        .get(pk=case.pk)
    )
    return dossier


# ---------------------------------------------------------------------------- reminders


@dataclass(frozen=True)
class Reminder:
    """Something due on a case: a follow-up visit, or the judicial-confirmation deadline."""

    FOLLOW_UP = "follow_up"
    JUDICIAL = "judicial"

    case: MediationCase
    kind: str
    due_on: date
    today: date

    @property
    def days_left(self) -> int:
        """Days until ``due_on``: 0 on the day itself, negative once overdue."""
        return (self.due_on - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def case_reminders(case: MediationCase, *, today: date, has_follow_up: bool) -> list[Reminder]:
    """What is due on one case.

    A follow-up visit is due ``FOLLOW_UP_AFTER_DAYS`` after the agreement while none is
    logged; the judicial-confirmation window of a written agreement is shown from the
    signing until the parties' decision is recorded (counting down, then overdue).
    """
    if case.status != Case.Status.CLOSED or case.outcome != Case.Outcome.SUCCESS:
        return []
    found = []
    deadline = case.judicial_deadline
    if deadline is not None and not case.judicial:
        found.append(Reminder(case, Reminder.JUDICIAL, deadline, today))
    due = case.follow_up_due_on
    if due is not None and not has_follow_up and due <= today:
        found.append(Reminder(case, Reminder.FOLLOW_UP, due, today))
    return found


def mediation_reminders(*, scope: Scope, today: date) -> list[Reminder]:
    """Everything due in scope, soonest (or most overdue) first; one query."""
    follow_up_from = today - timedelta(days=FOLLOW_UP_AFTER_DAYS)
    logged = FollowUp.objects.filter(case=OuterRef("pk"))
    # Agreed by ``follow_up_from``: signed then (written) or closed then (oral).
    visit_due = Q(has_follow_up=False) & (
        Q(agreement_signed_on__lte=follow_up_from)
        | Q(agreement_signed_on__isnull=True, closed_on__lte=follow_up_from)
    )
    judicial_open = Q(agreement_kind=Case.AgreementKind.WRITTEN, judicial="")
    cases = (
        case_list(scope=scope)
        .filter(status=Case.Status.CLOSED, outcome=Case.Outcome.SUCCESS)
        .annotate(has_follow_up=Exists(logged))
        .filter(visit_due | judicial_open)
        .select_related("area")
    )
    found = []
    for case in cases:
        found.extend(case_reminders(case, today=today, has_follow_up=case.has_follow_up))
    found.sort(key=lambda reminder: (reminder.due_on, reminder.case.number, reminder.kind))
    return found


# ---------------------------------------------------------------------------- figures


def mediation_figures(
    *, scope: Scope, start: date, end: date, previous: tuple[date, date] | None = None
) -> dict[str, Any]:
    """Figures of a period (both ends included), in one query whatever the data.

    ``received``: cases received in the period; ``resolved``: cases closed in it, whatever
    the outcome; ``settled``: those closed with an agreement; ``success_rate``: settled
    per resolved, a percentage with one decimal (None when nothing was resolved);
    ``by_category``: received per category; ``by_outcome``: resolved per outcome (both
    dicts hold every value of the choices, in their order, zeros included).
    With ``previous`` (the first and last day of a period to compare with), ``previous``
    also holds that period's ``received`` and ``resolved``, counted in the same query.
    """
    received, closed = _received(start, end), _closed(start, end)
    aggregates: dict[str, Any] = {
        "received": Count("pk", filter=received),
        "resolved": Count("pk", filter=closed),
    }
    for value in Case.Category.values:
        aggregates[f"category_{value}"] = Count("pk", filter=received & Q(category=value))
    for value in Case.Outcome.values:
        aggregates[f"outcome_{value}"] = Count("pk", filter=closed & Q(outcome=value))
    if previous is not None:
        aggregates["previous_received"] = Count("pk", filter=_received(*previous))
        aggregates["previous_resolved"] = Count("pk", filter=_closed(*previous))
    row = case_list(scope=scope).aggregate(**aggregates)
    settled = row[f"outcome_{Case.Outcome.SUCCESS}"]
    rate = None
    if row["resolved"]:
        rate = (Decimal(settled * 100) / Decimal(row["resolved"])).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    return {
        "start": start,
        "end": end,
        "received": row["received"],
        "resolved": row["resolved"],
        "settled": settled,
        "success_rate": rate,
        "by_category": {value: row[f"category_{value}"] for value in Case.Category.values},
        "by_outcome": {value: row[f"outcome_{value}"] for value in Case.Outcome.values},
        **_previous(row),
    }


def _received(start: date, end: date) -> Q:
    return Q(received_on__gte=start, received_on__lte=end)


def _closed(start: date, end: date) -> Q:
    return Q(status=Case.Status.CLOSED, closed_on__gte=start, closed_on__lte=end)


def _previous(row: dict[str, Any]) -> dict[str, Any]:
    if "previous_received" not in row:
        return {}
    return {
        "previous": {"received": row["previous_received"], "resolved": row["previous_resolved"]}
    }
