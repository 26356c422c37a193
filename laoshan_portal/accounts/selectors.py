"""Reads of areas and staff accounts, always through the reader's scope."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from laoshan_portal.kept import kept
from laoshan_portal.scoping import Scope, selector_for

from .models import Area, Role, User


def scope_for_user(user: Any) -> Scope:
    """The scope of a signed-in user; anonymous and unassigned users, and retirees (whose
    own record is read through their own pages), see nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(area=None)
    if user.role == Role.RETIREE:
        return Scope(area=None, role=user.role)
    if user.is_superuser:
        return Scope(area=user.area, role=user.role, unrestricted=True)
    if user.area_id is None or not user.role:
        return Scope(area=None)
    return Scope(area=user.area, role=user.role)


@selector_for(Area)
def area_list(*, scope: Scope) -> models.QuerySet[Area]:
    return scope.filter(Area.objects.all(), "")


def scope_areas(*, scope: Scope) -> list[tuple[int, str]]:
    """The key and path of every area in scope, in tree order; kept until an area
    changes (the figures kept by area, ``laoshan_portal.kept_parts``, read them)."""
    return kept(
        ["areas"],
        f"scope-areas:{scope.key}",
        lambda: list(area_list(scope=scope).order_by("path").values_list("pk", "path")),
    )


def areas_in_scope(*, scope: Scope, areas: Iterable[int]) -> list[int]:
    """Those of ``areas`` (keys) that lie in scope: for reading rows by their area key
    alone (``cadres.selectors.cadres_of_areas``)."""
    allowed = {pk for pk, _path in scope_areas(scope=scope)}
    return [pk for pk in areas if pk in allowed]


@selector_for(User)
def staff_list(*, scope: Scope, search: str = "") -> models.QuerySet[User]:
    """Staff accounts assigned within the scope; unassigned ones only for superusers."""
    if scope.unrestricted:
        users = User.objects.all()
    else:
        users = scope.filter(User.objects.filter(area__isnull=False), "area")
    if search:
        users = users.filter(
            models.Q(username__icontains=search) | models.Q(name__icontains=search)
        )
    return users.select_related("area").order_by("area__path", "username")


def area_children_summary(*, scope: Scope, area: Area) -> list[dict[str, Any]]:
    """Direct children of ``area`` in scope, each with how many areas lie below it; kept
    until an area changes (the home page of every staff member shows it).

    Two queries whatever the size of the tree when counted: the children, then one
    filtered count per child computed by the database in a single pass over the subtree.
    """
    return kept(
        ["areas"],
        f"area-children:{scope.key}:{area.pk}",
        lambda: _children_summary(scope=scope, area=area),
    )


def _children_summary(*, scope: Scope, area: Area) -> list[dict[str, Any]]:
    children = list(area_list(scope=scope).filter(parent=area).order_by("code"))
    if not children:
        return []
    counts = (
        area_list(scope=scope)
        .filter(path__startswith=area.path)
        .aggregate(
            **{
                f"c{index}": models.Count(
                    "pk", filter=models.Q(path__startswith=child.path, depth__gt=child.depth)
                )
                for index, child in enumerate(children)
            }
        )
    )
    return [
        {"area": child, "descendants": counts[f"c{index}"]} for index, child in enumerate(children)
    ]
