"""Reads of workrooms, clusters, activities and deliberation, always through the scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from laoshan_portal.scoping import Scope, selector_for

from .filters import ActivityFilter, AgreementFilter, MeetingFilter, WorkroomFilter
from .models import (
    Activity,
    ActivityPhoto,
    Agreement,
    AgreementItem,
    Cluster,
    FollowUp,
    Mechanism,
    Meeting,
    Workroom,
    WorkroomMember,
)


@selector_for(Workroom)
def workroom_list(*, scope: Scope) -> models.QuerySet[Workroom]:
    return scope.filter(Workroom.objects.all(), "area")


@selector_for(Cluster)
def cluster_list(*, scope: Scope) -> models.QuerySet[Cluster]:
    return scope.filter(Cluster.objects.all(), "area")


@selector_for(Activity)
def activity_list(*, scope: Scope) -> models.QuerySet[Activity]:
    return scope.filter(Activity.objects.all(), "area")


@selector_for(ActivityPhoto)
def photo_list(*, scope: Scope) -> models.QuerySet[ActivityPhoto]:
    """Photos reach their scope through their activity's area."""
    return scope.filter(ActivityPhoto.objects.all(), "activity__area")


@selector_for(Mechanism)
def mechanism_list(*, scope: Scope) -> models.QuerySet[Mechanism]:
    return scope.filter(Mechanism.objects.all(), "area")


@selector_for(Meeting)
def meeting_list(*, scope: Scope) -> models.QuerySet[Meeting]:
    return scope.filter(Meeting.objects.all(), "mechanism__area")


@selector_for(FollowUp)
def follow_up_list(*, scope: Scope) -> models.QuerySet[FollowUp]:
    return scope.filter(FollowUp.objects.all(), "meeting__mechanism__area")


@selector_for(Agreement)
def agreement_list(*, scope: Scope) -> models.QuerySet[Agreement]:
    return scope.filter(Agreement.objects.all(), "area")


@selector_for(AgreementItem)
def agreement_item_list(*, scope: Scope) -> models.QuerySet[AgreementItem]:
    return scope.filter(AgreementItem.objects.all(), "agreement__area")


def _count_of(rows: models.QuerySet[Any]) -> Coalesce:
    """How many of ``rows`` belong to the outer workroom: a subquery each, so the two
    counts do not multiply each other's joins (members × activities)."""
    counted = (
        rows.filter(workroom=OuterRef("pk"))
        .order_by()
        .values("workroom")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def workroom_filtered(*, scope: Scope, params: Any = None) -> WorkroomFilter:
    """The workroom list and its export: each row with its lead, area and counts."""
    queryset = (
        workroom_list(scope=scope)
        .select_related("area", "lead")
        .annotate(
            member_count=_count_of(WorkroomMember.objects.all()),
            activity_count=_count_of(Activity.objects.all()),
        )
        .order_by("-is_demonstration", "name", "pk")
    )
    return WorkroomFilter(params or {}, queryset=queryset, scope=scope)


def activity_filtered(*, scope: Scope, params: Any = None) -> ActivityFilter:
    """The activity list and its export, over every workroom and cluster in scope."""
    queryset = (
        activity_list(scope=scope)
        .select_related("area", "workroom", "cluster")
        .annotate(participant_count=Count("participant_links", distinct=True))
        .order_by("-date", "-pk")
    )
    return ActivityFilter(
        params or {},
        queryset=queryset,
        workrooms=workroom_list(scope=scope),
        scope=scope,
    )


def meeting_filtered(*, scope: Scope, params: Any = None) -> MeetingFilter:
    queryset = (
        meeting_list(scope=scope)
        .select_related("mechanism", "mechanism__area")
        .annotate(
            open_count=Count("follow_ups", filter=Q(follow_ups__status=FollowUp.Status.OPEN)),
            follow_up_count=Count("follow_ups"),
        )
        .order_by("-date", "-pk")
    )
    return MeetingFilter(params or {}, queryset=queryset, scope=scope)


def agreement_filtered(*, scope: Scope, params: Any = None) -> AgreementFilter:
    queryset = (
        agreement_list(scope=scope).select_related("area", "mechanism").order_by("-date", "-pk")
    )
    return AgreementFilter(params or {}, queryset=queryset, scope=scope)


def activity_participants(*, activity: Activity) -> models.QuerySet[Any]:
    """The participants of an activity already fetched in scope, with their areas."""
    return activity.participants.select_related("area").order_by("name_pinyin", "pk")


def workroom_members(*, workroom: Workroom) -> models.QuerySet[Any]:
    return workroom.members.select_related("area").order_by("name_pinyin", "pk")


def deliberation_figures(
    *, scope: Scope, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """What deliberation achieved in the scope between ``start`` and ``end`` (inclusive).

    Two queries whatever the size: one aggregate over the meetings joined to their
    follow-ups, one over the agreements. Follow-ups count by their meeting's date.
    """
    meetings = meeting_list(scope=scope)
    agreements = agreement_list(scope=scope)
    if start is not None:
        meetings = meetings.filter(date__gte=start)
        agreements = agreements.filter(date__gte=start)
    if end is not None:
        meetings = meetings.filter(date__lte=end)
        agreements = agreements.filter(date__lte=end)
    held = meetings.aggregate(
        meetings=Count("pk", distinct=True),
        follow_ups_open=Count("follow_ups", filter=Q(follow_ups__status=FollowUp.Status.OPEN)),
        follow_ups_done=Count("follow_ups", filter=Q(follow_ups__status=FollowUp.Status.DONE)),
    )
    agreed = agreements.aggregate(
        agreements=Count("pk"),
        agreement_items=Sum("item_count"),
        money_recovered=Sum("money_recovered"),
    )
    return {
        "meetings": held["meetings"],
        "follow_ups_open": held["follow_ups_open"],
        "follow_ups_done": held["follow_ups_done"],
        "agreements": agreed["agreements"],
        "agreement_items": agreed["agreement_items"] or 0,
        "money_recovered": agreed["money_recovered"] or Decimal("0.00"),
    }
