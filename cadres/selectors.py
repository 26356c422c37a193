"""Reads of the registry, always through the reader's scope."""

from __future__ import annotations

from typing import Any

from django.db import models

from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.scoping import Scope, selector_for

from .filters import CadreFilter
from .models import Cadre, CheckIn, Need, PartyOrganisationCount, Post


@selector_for(Cadre)
def cadre_list(*, scope: Scope) -> models.QuerySet[Cadre]:
    """Every record in scope, merged ones included (their pages say where they went)."""
    return scope.filter(Cadre.objects.all(), "area")


def cadre_filtered(*, scope: Scope, params: Any = None) -> CadreFilter:
    """The registry list: filters, search and sorting applied to the scoped records."""
    queryset = cadre_list(scope=scope).select_related("area", "area__parent")
    # Always bound (an empty query is a valid one), so the defaults apply.
    return CadreFilter(params or {}, queryset=queryset, areas=area_list(scope=scope))


@selector_for(CheckIn)
def checkin_list(*, scope: Scope) -> models.QuerySet[CheckIn]:
    return scope.filter(CheckIn.objects.all(), "area")


@selector_for(Post)
def post_list(*, scope: Scope) -> models.QuerySet[Post]:
    return scope.filter(Post.objects.all(), "area")


@selector_for(Need)
def need_list(*, scope: Scope) -> models.QuerySet[Need]:
    return scope.filter(Need.objects.all(), "area")


@selector_for(PartyOrganisationCount)
def party_organisation_count_list(*, scope: Scope) -> models.QuerySet[PartyOrganisationCount]:
    return scope.filter(PartyOrganisationCount.objects.all(), "area")
