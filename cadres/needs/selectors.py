"""Reads of governance needs: the list and who is assigned to one."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.db import models

from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope

from ..models import Need, NeedAssignment, SpecialtyTag
from ..selectors import cadre_list, need_list


class Assigned(TypedDict):
    """How many cadres are on a need, as the list counts them."""

    assigned: int


if TYPE_CHECKING:
    from typing import TypeAlias

    from django_stubs_ext import WithAnnotations

    CountedNeed: TypeAlias = WithAnnotations[Need, Assigned]


def need_filtered(
    *, scope: Scope, status: str = "", area: Area | None = None
) -> models.QuerySet[CountedNeed]:
    """The needs list: scoped, optionally of one status and one area's subtree."""
    needs: models.QuerySet[Need] = need_list(scope=scope).select_related("area")
    if status in Need.Status.values:
        needs = needs.filter(status=status)
    if area is not None:
        needs = needs.filter(area__path__startswith=area.path)
    # A grouped query drops the model's ordering: the page needs it back to paginate.
    return (
        needs.annotate(assigned=models.Count("assignments"))
        .order_by("-created_at", "-pk")
        .prefetch_related(
            models.Prefetch("specialties", queryset=SpecialtyTag.objects.only("name"))
        )
    )


def need_assignments(*, scope: Scope, need: Need) -> models.QuerySet[NeedAssignment]:
    """Who is assigned to a need: only cadres in scope are listed."""
    return (
        NeedAssignment.objects.filter(need=need, cadre__in=cadre_list(scope=scope))
        .select_related("cadre", "cadre__area", "assigned_by")
        .order_by("assigned_at", "pk")
    )


def open_needs_near(*, area: Area) -> models.QuerySet[Need]:
    """The open needs a resident of ``area`` is asked about: those of their community
    (anywhere in it) and those their street posted for the whole street."""
    places = Area.objects.filter(path__in=area.ancestor_paths(include_self=True))
    community = places.filter(level=Area.Level.COMMUNITY).first()
    street = places.filter(level=Area.Level.STREET).first()
    near = models.Q(pk__in=[])
    if community is not None:
        near |= models.Q(area__path__startswith=community.path)
    if street is not None:
        near |= models.Q(area=street)
    return (
        Need.objects.filter(near, status=Need.Status.OPEN)
        .select_related("area")
        .prefetch_related("specialties")
        .order_by("-created_at", "-pk")
    )
