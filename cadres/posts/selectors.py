"""Reads of posts and the live party-organisation coverage of an area's subtree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.db.models.functions import Coalesce

from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.scoping import Scope

from ..models import Cadre, Post
from ..selectors import party_organisation_count_list, post_list
from .filters import PostFilter, current_posts_q

Kind = Post.Kind
# The three figures of the 党建融合 task: who leads, who sits on committees, who leads groups.
LEADING_KINDS = (Kind.SECRETARY,)
COMMITTEE_KINDS = (Kind.COMMITTEE, Kind.PART_TIME_COMMITTEE)
LEADER_KINDS = (Kind.GROUP_LEADER, Kind.BUILDING_LEADER, Kind.LIAISON)


def cadre_posts(*, scope: Scope, cadre: Cadre) -> models.QuerySet[Post]:
    """A cadre's posts in scope, newest first, for the table on the record's page."""
    return post_list(scope=scope).filter(cadre=cadre).select_related("area")


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
    members: int = 0  # registered party members entered in the subtree
    own_members: int | None = None  # the area's own organisations' members, when entered
    own_groups: int | None = None  # their party groups, when entered

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
        org_sums[f"m{index}"] = Coalesce(
            models.Sum("members", filter=models.Q(area__path__startswith=area.path)), 0
        )
        org_sums[f"ownm{index}"] = models.Sum("members", filter=models.Q(area=area))
        org_sums[f"owng{index}"] = models.Sum("groups", filter=models.Q(area=area))
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
            members=orgs[f"m{index}"],
            own_members=orgs[f"ownm{index}"],
            own_groups=orgs[f"owng{index}"],
        )
        for index, area in enumerate(areas)
    ]


def coverage_for(*, scope: Scope, area: Area) -> Coverage:
    """The coverage of one area's subtree, computed live (two queries)."""
    return coverages_for(scope=scope, areas=[area])[0]
