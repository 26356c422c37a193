"""Reads of the registry, always through the reader's scope."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Count, Window

from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list, areas_in_scope
from laoshan_portal.kept import kept
from laoshan_portal.pages import PAGE_SIZE
from laoshan_portal.scoping import Scope, selector_for

from .filters import CadreFilter, searched_in_areas
from .models import Cadre, CheckIn, Need, PartyOrganisationCount, Post
from .ordered_search import indexed_matches

# The levels of the tree a person lives at: a record's residence is one of them.
RESIDENCE_LEVELS = (Area.Level.COMMUNITY, Area.Level.COMPOUND, Area.Level.BUILDING)


@selector_for(Cadre)
def cadre_list(*, scope: Scope) -> models.QuerySet[Cadre]:
    """Every record in scope, merged ones included (their pages say where they went)."""
    return scope.filter(Cadre.objects.all(), "area")


def cadres_of_areas(*, scope: Scope, areas: Iterable[int]) -> models.QuerySet[Cadre]:
    """The records living in ``areas`` (not below them) that lie in scope, read by area
    key alone: without the join with the area tree of a scope's filter, which PostgreSQL
    misjudges for one area's rows (it walks the tree once per row)."""
    return Cadre.objects.filter(area_id__in=areas_in_scope(scope=scope, areas=areas))


def residence_list(*, scope: Scope) -> models.QuerySet[Area]:
    """The communities, compounds and buildings in scope: where a record may live."""
    return area_list(scope=scope).filter(level__in=RESIDENCE_LEVELS)


def cadre_filtered(*, scope: Scope, params: Any = None, resolve_areas: bool = False) -> CadreFilter:
    """The registry list: filters, search and sorting applied to the scoped records.

    With ``resolve_areas`` (the list page), the areas in scope are fetched first, in one
    query, and the records are those whose area is one of them: the rows of ``cadre_list``,
    but PostgreSQL then sees a list of area ids instead of a join on the path, estimates
    from its statistics and counts a street's records from an index; a scope that holds
    every area gets no area condition at all. The same rows (``filter.area_rows``) give the
    street and community choices and the place names of the list, so the records are read
    without joining their areas (docs/PERFORMANCE.md). They are kept in the cache, per
    scope, until an area changes.
    """
    areas = area_list(scope=scope)
    if not resolve_areas:
        records = cadre_list(scope=scope).select_related("area", "area__parent")
        # Always bound (an empty query is a valid one), so the defaults apply.
        return CadreFilter(params or {}, queryset=records, areas=areas)
    # Each row also says how many areas there are in all (a scalar subquery, not a query).
    every_area = Area.objects.order_by().values(
        n=models.Func("pk", function="COUNT", output_field=models.IntegerField())
    )
    area_rows = kept(
        ["areas"],
        f"registry-areas-{scope.key}",
        lambda: list(
            areas.order_by("path")
            .annotate(all_areas=models.Subquery(every_area))
            .values_list("pk", "path", "name", "level", "parent__name", "all_areas", named=True)
        ),
    )
    records = Cadre.objects.all()
    in_scope = None
    if not scope.unrestricted and (not area_rows or len(area_rows) < area_rows[0].all_areas):
        in_scope = [row.pk for row in area_rows]
        if (params or {}).get("q", "").strip():
            records = searched_in_areas(records, in_scope)
        else:
            records = records.filter(area_id__in=in_scope)
    return CadreFilter(
        params or {}, queryset=records, areas=areas, area_rows=area_rows, area_ids=in_scope
    )


# How many of a search's matches are kept in order: its first ten pages.
KEPT_MATCHES = 10 * PAGE_SIZE


def _query_digest(records: models.QuerySet[Any]) -> str:
    """What tells two lists apart in a cache key: their SQL and its parameters (the same
    filter on another day may be another query: an age band moves with the date)."""
    sql, params = records.query.sql_with_params()
    return hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:32]


def registry_total(*, scope: Scope, found: CadreFilter) -> int:
    """How many records the list holds, kept in the cache until a record (or one of its
    specialties or kinds of service) or an area changes, so it stays exact: the whole list
    under the scope's key, a filtered one under its query. (A search's total comes with
    its matches: ``registry_matches``.)"""
    records: models.QuerySet[Cadre] = found.qs
    if found.is_unfiltered():
        return kept(["areas", "cadres"], f"registry-total-{scope.key}", records.count)
    digest = _query_digest(records.order_by())  # one count for every sort
    return kept(["areas", "cadres"], f"registry-count-{digest}", records.count)


def registry_matches(*, found: CadreFilter) -> tuple[int, list[int]]:
    """A search's total and the primary keys of its first ``KEPT_MATCHES`` matches in the
    list's order, found in one query and kept, like ``registry_total``, until a record or
    an area changes.

    Finding a search's first page means sorting all its matches, and their number grows
    with the registry (建华 is ten thousand people in a million): a plain search reads them
    in order from its indexes (``ordered_search``); kept, the next page, the same search
    again and the way back from a record read 25 rows by key.
    """
    records: models.QuerySet[Cadre] = found.qs

    def find() -> tuple[int, list[int]]:
        search = found.plain_search()
        if search is not None:
            answered = indexed_matches(search, first=KEPT_MATCHES)
            if answered is not None:
                return answered
        counted = records.annotate(total=Window(Count("*"))).values_list("pk", "total")
        rows = list(counted[:KEPT_MATCHES])
        return (rows[0][1] if rows else 0), [pk for pk, _total in rows]

    return kept(["areas", "cadres"], f"registry-matches-{_query_digest(records)}", find)


def specialty_names(
    *, cadre_ids: list[int], specialties: list[tuple[int, str]]
) -> dict[int, list[str]]:
    """The specialty names of each record of ``cadre_ids`` (records already read in scope).

    ``specialties`` is (pk, name) of every specialty in the list's order, already read for
    the filter form (``CadreFilter.tag_lists``): only the link table is queried, for plain
    pairs of ids, and the names and their order come from that list.
    """
    names: dict[int, list[str]] = {pk: [] for pk in cadre_ids}
    if not names:
        return names
    position = {pk: index for index, (pk, _name) in enumerate(specialties)}
    links = Cadre.specialties.through.objects.filter(cadre_id__in=cadre_ids).values_list(
        "cadre_id", "specialtytag_id"
    )
    # A specialty added since the list was read waits for the next page load.
    for cadre_id, tag_id in sorted(
        (link for link in links if link[1] in position), key=lambda link: position[link[1]]
    ):
        names[cadre_id].append(specialties[position[tag_id]][1])
    return names


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
