"""Reads of the campaigns' activities, always through the reader's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Count, Q, Sum

from laoshan_portal.kept import kept
from laoshan_portal.scoping import Scope, selector_for

from .filters import ActivityFilter
from .models import CAMPAIGNS, ActivityPhoto, Campaign, CampaignActivity

RED = Campaign.Code.RED_HERITAGE
FIGURES_TOPIC = "campaign-figures"


@selector_for(CampaignActivity)
def activity_list(*, scope: Scope) -> models.QuerySet[CampaignActivity]:
    return scope.filter(CampaignActivity.objects.all(), "area")


@selector_for(ActivityPhoto)
def photo_list(*, scope: Scope) -> models.QuerySet[ActivityPhoto]:
    """Photos reach their scope through their activity's area."""
    return scope.filter(ActivityPhoto.objects.all(), "activity__area")


def activity_filtered(*, scope: Scope, params: Any = None) -> ActivityFilter:
    """The list page and its export: filters and sorting applied to the scoped activities."""
    queryset = (
        activity_list(scope=scope)
        .select_related("area", "lecturer")
        .annotate(participants_count=Count("participant_links"))
        # A grouped query drops Meta.ordering; the sort filter replaces this when chosen.
        .order_by("-date", "-pk")
    )
    return ActivityFilter(
        params or {},
        queryset=queryset,
        scope=scope,
    )


def activity_participants(*, activity: CampaignActivity) -> models.QuerySet[Any]:
    """The participants of an activity already fetched in scope, with their areas."""
    return activity.participants.select_related("area").order_by("name_pinyin", "pk")


def kept_campaign_figures(
    *, scope: Scope, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """``campaign_figures`` for the list page, kept until an activity, a cadre (a
    lecturer's name) or an area changes."""
    key = f"campaign-figures:{scope.key}:{start}:{end}"
    return kept([FIGURES_TOPIC], key, lambda: campaign_figures(scope=scope, start=start, end=end))


def campaign_figures(
    *, scope: Scope, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """The campaigns' figures for dashboards and reports, in two queries whatever the size.

    One aggregate over the activities (per-campaign counts, lectures, distinct units,
    audience and the other kinds' totals), and one grouped count of talks per lecturer.
    """
    activities = activity_list(scope=scope)
    if start is not None:
        activities = activities.filter(date__gte=start)
    if end is not None:
        activities = activities.filter(date__lte=end)
    lecture = Q(campaign_id=RED)
    youth = Q(campaign_id=Campaign.Code.YOUTH)
    customs = Q(campaign_id=Campaign.Code.CIVILISED_CUSTOMS)
    training = Q(campaign_id=Campaign.Code.VOLUNTEER_BACKBONE)
    advice = Q(campaign_id=Campaign.Code.SOCIAL_GOVERNANCE)
    totals = activities.aggregate(
        **{f"n_{code}": Count("pk", filter=Q(campaign_id=code)) for code in CAMPAIGNS},
        lectures=Count("pk", filter=lecture),
        units=Count("unit", filter=lecture, distinct=True),
        audience=Sum("people_reached", filter=lecture),
        proposals=Count("pk", filter=advice),
        proposals_adopted=Count(
            "pk",
            filter=advice
            & Q(adoption__in=[CampaignActivity.Adoption.ADOPTED, CampaignActivity.Adoption.PARTLY]),
        ),
        training_sessions=Sum("sessions", filter=training),
        training_attendance=Sum("attendance", filter=training),
        young_people_reached=Sum("people_reached", filter=youth),
        customs_people_reached=Sum("people_reached", filter=customs),
    )
    lecturers = (
        activities.filter(lecture)
        .values("lecturer_id", "lecturer__name")
        .annotate(talks=Count("pk"))
        .order_by("-talks", "lecturer__name_pinyin", "lecturer_id")
    )
    return {
        "campaigns": [
            {"code": str(code), "name": str(code.label), "activities": totals[f"n_{code}"]}
            for code in CAMPAIGNS
        ],
        "activities": sum(totals[f"n_{code}"] for code in CAMPAIGNS),
        "lectures": totals["lectures"],
        "units": totals["units"],
        "audience": totals["audience"] or 0,
        "lecturers": [
            {"cadre_id": row["lecturer_id"], "name": row["lecturer__name"], "talks": row["talks"]}
            for row in lecturers
        ],
        "proposals": totals["proposals"],
        "proposals_adopted": totals["proposals_adopted"],
        "training_sessions": totals["training_sessions"] or 0,
        "training_attendance": totals["training_attendance"] or 0,
        "young_people_reached": totals["young_people_reached"] or 0,
        "customs_people_reached": totals["customs_people_reached"] or 0,
    }
