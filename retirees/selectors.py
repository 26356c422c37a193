"""Reads for retirees' accounts: staff read codes and accounts through their scope; a
retiree reads only their own record, through the ``own_*`` selectors below.

A retiree's scope is empty (``scope_for_user``), so no staff selector gives them a row.
Each ``own_*`` function takes the retiree's account and reads nothing but what belongs to
its cadre: these are the only reads the 我的 pages make.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models

from cadres.models import Cadre, Need
from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope, selector_for
from volunteering.models import Certificate, TeamMember
from volunteering.selectors import (
    MonthHours,
    VolunteerHours,
    volunteer_hours,
    volunteer_hours_by_month,
)
from volunteering.stars import next_threshold
from workrooms.models import Activity, ActivityKind, Workroom

from .models import (
    ActivationCode,
    ActivitySignup,
    Concern,
    CorrectionRequest,
    NeedOffer,
    PlannedActivity,
    Proposal,
    RetireeAccount,
)


@selector_for(RetireeAccount)
def retiree_account_list(*, scope: Scope) -> models.QuerySet[RetireeAccount]:
    return scope.filter(RetireeAccount.objects.select_related("cadre", "user"), "cadre__area")


@selector_for(ActivationCode)
def activation_code_list(*, scope: Scope) -> models.QuerySet[ActivationCode]:
    return scope.filter(ActivationCode.objects.select_related("cadre"), "cadre__area")


@selector_for(CorrectionRequest)
def correction_request_list(*, scope: Scope) -> models.QuerySet[CorrectionRequest]:
    return scope.filter(
        CorrectionRequest.objects.select_related("cadre", "cadre__area"), "cadre__area"
    )


@selector_for(NeedOffer)
def need_offer_list(*, scope: Scope) -> models.QuerySet[NeedOffer]:
    return scope.filter(NeedOffer.objects.select_related("need", "cadre"), "need__area")


@selector_for(Proposal)
def proposal_list(*, scope: Scope) -> models.QuerySet[Proposal]:
    return scope.filter(Proposal.objects.select_related("cadre", "area"), "area")


@selector_for(Concern)
def concern_list(*, scope: Scope) -> models.QuerySet[Concern]:
    return scope.filter(Concern.objects.select_related("cadre", "area"), "area")


@selector_for(PlannedActivity)
def planned_activity_list(*, scope: Scope) -> models.QuerySet[PlannedActivity]:
    return scope.filter(PlannedActivity.objects.select_related("area", "team", "workroom"), "area")


@selector_for(ActivitySignup)
def activity_signup_list(*, scope: Scope) -> models.QuerySet[ActivitySignup]:
    return scope.filter(ActivitySignup.objects.select_related("planned", "cadre"), "planned__area")


def offering_cadre_ids(need: Need) -> models.QuerySet[NeedOffer, Any]:
    """The ids of the cadres whose offer to help on ``need`` stands (not withdrawn)."""
    return NeedOffer.objects.filter(need=need, withdrawn_at__isnull=True).values("cadre_id")


def account_by_user(*, user_id: int) -> RetireeAccount | None:
    """The retiree account of a signed-in user, with its cadre and the cadre's place."""
    return (
        RetireeAccount.objects.select_related("cadre", "cadre__area", "cadre__area__parent")
        .filter(user_id=user_id)
        .first()
    )


def accounts_by_mobile(*, mobile_hash: str) -> models.QuerySet[RetireeAccount]:
    """The retiree accounts whose registry record has this mobile (its blind index)."""
    return RetireeAccount.objects.select_related("user").filter(
        cadre__mobile_hash=mobile_hash, cadre__status=Cadre.Status.ACTIVE
    )


# The retiree's own record.


def own_record(*, account: RetireeAccount) -> Cadre:
    """The retiree's registry record as the registry holds it, with its lists."""
    return (
        Cadre.objects.select_related("area", "area__parent")
        .prefetch_related("specialties")
        .get(pk=account.cadre_id)
    )


@dataclass(frozen=True)
class OwnHours:
    figures: VolunteerHours
    by_month: list[MonthHours]
    by_year: list[tuple[int, Decimal]]
    next_star_at: Decimal | None

    @property
    def to_next_star(self) -> Decimal | None:
        if self.next_star_at is None:
            return None
        return self.next_star_at - self.figures.total


def own_hours(*, account: RetireeAccount, today: date) -> OwnHours:
    """The retiree's accepted service hours: the figures of their volunteer page, by
    month and by year."""
    figures = volunteer_hours(cadre=account.cadre, today=today)
    by_month = volunteer_hours_by_month(cadre=account.cadre)
    years: dict[int, Decimal] = {}
    for row in by_month:
        years[row.year] = years.get(row.year, Decimal(0)) + row.hours
    return OwnHours(
        figures, by_month, sorted(years.items(), reverse=True), next_threshold(figures.total)
    )


def own_certificates(*, account: RetireeAccount) -> models.QuerySet[Certificate]:
    """The retiree's certificates that still hold (not revoked), newest first."""
    return Certificate.objects.filter(cadre_id=account.cadre_id, revoked_at__isnull=True)


def own_teams(*, account: RetireeAccount) -> models.QuerySet[TeamMember]:
    """The volunteer teams the retiree belongs to now."""
    return (
        TeamMember.objects.filter(cadre_id=account.cadre_id, left__isnull=True)
        .select_related("team", "team__area")
        .order_by("team__name")
    )


def own_workrooms(*, account: RetireeAccount) -> models.QuerySet[Workroom]:
    """The workrooms the retiree leads or takes part in."""
    cadre_id = account.cadre_id
    return (
        Workroom.objects.filter(
            models.Q(lead_id=cadre_id) | models.Q(memberships__cadre_id=cadre_id)
        )
        .select_related("area")
        .distinct()
        .order_by("name")
    )


def own_lectures(*, account: RetireeAccount) -> models.QuerySet[Activity]:
    """The workroom lectures the retiree took part in, with the audience each reached."""
    return (
        Activity.objects.filter(
            kind=ActivityKind.LECTURE, participant_links__cadre_id=account.cadre_id
        )
        .select_related("workroom", "cluster")
        .order_by("-date", "-pk")
    )


def own_corrections(*, account: RetireeAccount) -> models.QuerySet[CorrectionRequest]:
    """The retiree's correction requests, newest first."""
    return CorrectionRequest.objects.filter(cadre_id=account.cadre_id)


# Taking part: needs, proposals and concerns of the retiree's own.


def _street_of(area: Area) -> Area:
    """The street ``area`` lies in (itself when it is one, or itself above streets)."""
    codes = area.path.strip("/").split("/")
    paths = ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]
    street = Area.objects.filter(path__in=paths, level=Area.Level.STREET).first()
    return street or area


def own_matching_needs(*, account: RetireeAccount, today: date) -> models.QuerySet[Need]:
    """Open needs in the retiree's street (their community's among them), not yet past
    their end date, asking for one of the retiree's specialties or for none in particular."""
    cadre = account.cadre
    street = _street_of(cadre.area)
    mine = cadre.specialties.values("pk")
    return (
        Need.objects.filter(status=Need.Status.OPEN, area__path__startswith=street.path)
        .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))
        .filter(models.Q(specialties__in=mine) | models.Q(specialties__isnull=True))
        .select_related("area")
        .prefetch_related("specialties")
        .distinct()
        .order_by("start_date", "-created_at", "-pk")
    )


def own_offers(*, account: RetireeAccount) -> models.QuerySet[NeedOffer]:
    """The retiree's standing offers to help, newest first."""
    return NeedOffer.objects.filter(
        cadre_id=account.cadre_id, withdrawn_at__isnull=True
    ).select_related("need", "need__area")


def own_proposals(*, account: RetireeAccount) -> models.QuerySet[Proposal]:
    return Proposal.objects.filter(cadre_id=account.cadre_id)


def own_concerns(*, account: RetireeAccount) -> models.QuerySet[Concern]:
    return Concern.objects.filter(cadre_id=account.cadre_id)


def own_upcoming_activities(
    *, account: RetireeAccount, today: date
) -> models.QuerySet[PlannedActivity]:
    """Planned activities from today on of the teams and workrooms the retiree is in."""
    teams = own_teams(account=account).values("team_id")
    workrooms = own_workrooms(account=account).values("pk")
    return (
        PlannedActivity.objects.filter(date__gte=today)
        .filter(models.Q(team__in=teams) | models.Q(workroom__in=workrooms))
        .select_related("team", "workroom")
        .order_by("date", "pk")
    )


def own_signups(*, account: RetireeAccount, today: date) -> models.QuerySet[ActivitySignup]:
    """The retiree's standing sign-ups for activities still to come."""
    return ActivitySignup.objects.filter(
        cadre_id=account.cadre_id, withdrawn_at__isnull=True, planned__date__gte=today
    ).select_related("planned")
