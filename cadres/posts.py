"""Posts cadres hold (任职) and party-organisation coverage: their reads and writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.clock import today
from laoshan_portal.scoping import Scope

from .models import Cadre, PartyOrganisationCount, Post
from .selectors import party_organisation_count_list, post_list

Kind = Post.Kind
# The three figures of the 党建融合 task: who leads, who sits on committees, who leads groups.
LEADING_KINDS = (Kind.SECRETARY,)
COMMITTEE_KINDS = (Kind.COMMITTEE, Kind.PART_TIME_COMMITTEE)
LEADER_KINDS = (Kind.GROUP_LEADER, Kind.BUILDING_LEADER, Kind.LIAISON)


def current_posts_q(on: date | None = None, prefix: str = "") -> models.Q:
    """Posts held on ``on``: started by then and not ended (an end date is the last day
    *not* held, so a post ended today no longer counts today)."""
    on = on or today()
    return models.Q(**{f"{prefix}start_date__lte": on}) & (
        models.Q(**{f"{prefix}end_date__isnull": True}) | models.Q(**{f"{prefix}end_date__gt": on})
    )


# ---------------------------------------------------------------------------- selectors


def cadre_posts(*, scope: Scope, cadre: Cadre) -> models.QuerySet[Post]:
    """A cadre's posts in scope, newest first, for the table on the record's page."""
    return post_list(scope=scope).filter(cadre=cadre).select_related("area")


class PostFilter(django_filters.FilterSet):
    STATE_CHOICES = [("current", gettext_lazy("Current")), ("ended", gettext_lazy("Ended"))]

    kind = django_filters.ChoiceFilter(label=gettext_lazy("Post"), choices=Kind.choices)
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Current or ended"), choices=STATE_CHOICES, method="filter_state"
    )
    area = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Area"), queryset=Area.objects.none(), method="filter_within"
    )

    class Meta:
        model = Post
        fields: list[str] = []

    def __init__(self, *args: Any, areas: models.QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Buildings would make the list of choices long and add nothing to a filter.
        self.filters["area"].queryset = areas.exclude(level=Area.Level.BUILDING).order_by("path")
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter_state(self, queryset: Any, name: str, value: str) -> Any:
        current = current_posts_q()
        return queryset.filter(current) if value == "current" else queryset.exclude(current)

    def filter_within(self, queryset: Any, name: str, value: Area | None) -> Any:
        return queryset.filter(area__path__startswith=value.path) if value else queryset


def post_filtered(*, scope: Scope, params: Any = None) -> PostFilter:
    """The posts list: scoped, filtered, with the cadre and area each row shows."""
    queryset = post_list(scope=scope).select_related("cadre", "area")
    return PostFilter(params or None, queryset=queryset, areas=area_list(scope=scope))


@dataclass(frozen=True)
class Coverage:
    """How far retired cadres lead the party organisations of an area's subtree."""

    area: Area
    organisations: int  # grassroots party organisations in the subtree
    led: int  # current secretary posts held by active cadres
    committee: int  # current committee and part-time committee members
    leaders: int  # current group leaders, building leaders and liaisons
    own_organisations: int | None = None  # the area's own row, None when it has none

    @property
    def share(self) -> Decimal | None:
        """Led organisations as a percentage, one decimal (62 of 325 → 19.1)."""
        if not self.organisations:
            return None
        ratio = Decimal(self.led * 100) / Decimal(self.organisations)
        return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def coverages_for(*, scope: Scope, areas: list[Area]) -> list[Coverage]:
    """The coverage of each area in two queries, whatever the number of areas or posts.

    Areas out of scope read as zeros: every count starts from the scoped selectors.
    """
    if not areas:
        return []
    within = models.Q()
    for area in areas:
        within |= models.Q(area__path__startswith=area.path)
    counts = party_organisation_count_list(scope=scope).filter(within)
    org_sums: dict[str, Any] = {}
    for index, area in enumerate(areas):
        org_sums[f"o{index}"] = Coalesce(
            models.Sum("count", filter=models.Q(area__path__startswith=area.path)), 0
        )
        org_sums[f"own{index}"] = models.Sum("count", filter=models.Q(area=area))
    orgs = counts.aggregate(**org_sums)

    held = post_list(scope=scope).filter(within, current_posts_q(), cadre__status="active")
    post_counts: dict[str, Any] = {}
    for index, area in enumerate(areas):
        under = models.Q(area__path__startswith=area.path)
        for key, kinds in (("l", LEADING_KINDS), ("c", COMMITTEE_KINDS), ("g", LEADER_KINDS)):
            post_counts[f"{key}{index}"] = models.Count(
                "pk", filter=under & models.Q(kind__in=kinds)
            )
    posts = held.aggregate(**post_counts)
    return [
        Coverage(
            area=area,
            organisations=orgs[f"o{index}"],
            led=posts[f"l{index}"],
            committee=posts[f"c{index}"],
            leaders=posts[f"g{index}"],
            own_organisations=orgs[f"own{index}"],
        )
        for index, area in enumerate(areas)
    ]


def coverage_for(*, scope: Scope, area: Area) -> Coverage:
    """The coverage of one area's subtree, computed live (two queries)."""
    return coverages_for(scope=scope, areas=[area])[0]


# ----------------------------------------------------------------------------- services


@transaction.atomic
def post_create(
    *,
    scope: Scope,
    actor: Any,
    cadre: Cadre,
    area: Area,
    kind: str,
    start_date: date,
    organisation: str = "",
    ip: str | None = None,
) -> Post:
    scope.require(cadre.area, "cadre")
    scope.require(area)
    if cadre.status != Cadre.Status.ACTIVE:
        raise ValidationError({"cadre": _("Only an active record can take up a post.")})
    post = Post(
        cadre=cadre,
        area=area,
        kind=kind,
        organisation=organisation.strip(),
        start_date=start_date,
    )
    post.full_clean()
    post.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=post, ip=ip)
    return post


@transaction.atomic
def post_end(
    *, scope: Scope, actor: Any, post: Post, end_date: date, ip: str | None = None
) -> Post:
    scope.require(post.area)
    if post.end_date is not None:
        raise ValidationError(_("This post has ended already."))
    if end_date < post.start_date:
        message = _("The end date cannot be before the start date (%(start)s).")
        raise ValidationError({"end_date": message % {"start": post.start_date.isoformat()}})
    post.end_date = end_date
    post.full_clean()
    post.save(update_fields=["end_date"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=post,
        ip=ip,
        detail={"end_date": end_date.isoformat()},
    )
    return post


@transaction.atomic
def party_organisation_count_set(
    *, scope: Scope, actor: Any, area: Area, count: int, ip: str | None = None
) -> PartyOrganisationCount:
    """Set how many grassroots party organisations ``area`` itself has."""
    scope.require(area)
    row = PartyOrganisationCount.objects.select_for_update().filter(area=area).first()
    created = row is None
    before = None if row is None else row.count
    if row is None:
        row = PartyOrganisationCount(area=area, count=count)
    row.count = count
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=row,
        ip=ip,
        detail={"count": count, "before": before},
    )
    return row
