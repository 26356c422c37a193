"""Reads of community check-ins: the places a check-in goes to, the record it matches,
and the list staff work through."""

from __future__ import annotations

from typing import Any

from django.db import models

from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope

from ..models import Cadre, CheckIn
from ..selectors import cadre_list, checkin_list
from ..validators import id_birth_date


def community_compounds(community: Area) -> models.QuerySet[Area]:
    """The compounds of a community: the public form's choices, so no scope applies."""
    return Area.objects.filter(path__startswith=community.path, level=Area.Level.COMPOUND).order_by(
        "path"
    )


def community_of(area: Area) -> Area | None:
    """The community ``area`` lies in (itself if it is one), walking up the tree."""
    if area.level == Area.Level.COMMUNITY:
        return area
    codes = area.path.strip("/").split("/")
    return (
        Area.objects.filter(code__in=codes, level=Area.Level.COMMUNITY).order_by("-depth").first()
    )


def compound_of(area: Area) -> Area | None:
    """The compound ``area`` lies in (itself if it is one); None at community level."""
    if area.level == Area.Level.COMPOUND:
        return area
    if area.level != Area.Level.BUILDING:
        return None
    codes = area.path.strip("/").split("/")
    return Area.objects.filter(code__in=codes, level=Area.Level.COMPOUND).order_by("-depth").first()


def checkin_queue(*, scope: Scope) -> models.QuerySet[CheckIn]:
    """The check-ins in scope as staff work through them: those waiting first, newest first."""
    waiting_first = models.Case(
        models.When(status=CheckIn.Status.PENDING, then=models.Value(0)),
        default=models.Value(1),
        output_field=models.IntegerField(),
    )
    return (
        checkin_list(scope=scope)
        .select_related("area", "compound")
        .order_by(waiting_first, "-created_at", "-pk")
    )


def checkin_matching_cadre(*, scope: Scope, checkin: CheckIn) -> Cadre | None:
    """The registry record in scope with the check-in's ID number, if there is one."""
    if not checkin.id_number_hash:
        return None
    return (
        cadre_list(scope=scope)
        .filter(id_number_hash=checkin.id_number_hash)
        .select_related("area")
        .first()
    )


def id_number_defaults(id_number: str) -> dict[str, Any]:
    """Birth date and gender read from an ID number, to prefill the confirm form."""
    if len(id_number) != 18:
        return {}
    defaults: dict[str, Any] = {}
    born = id_birth_date(id_number)
    if born is not None:
        defaults["birth_date"] = born
    if id_number[16].isdigit():
        defaults["gender"] = Cadre.Gender.MALE if int(id_number[16]) % 2 else Cadre.Gender.FEMALE
    return defaults
