"""Pieces every workroom service uses: copying data, what changed, people in scope, audit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from cadres.models import Cadre
from cadres.selectors import cadre_list
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.services import audit_record
from laoshan_portal.scoping import Scope


def _assign(obj: models.Model, data: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """Copy ``fields`` from ``data`` (text trimmed); returns the values before."""
    before = {name: getattr(obj, obj._meta.get_field(name).attname) for name in fields}
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, name, value)
    return before


def _changed(obj: models.Model, before: dict[str, Any]) -> list[str]:
    return [
        name for name, old in before.items()
        if getattr(obj, obj._meta.get_field(name).attname) != old
    ]  # fmt: skip


def _check_people(
    *, scope: Scope, people: Sequence[Cadre], kept: set[int], field: str = "participants"
) -> None:
    """Each person once, and everyone in scope unless already on the record (``kept``)."""
    ids = [cadre.pk for cadre in people]
    if len(ids) != len(set(ids)):
        raise ValidationError({field: _("The same person is chosen twice.")})
    wanted = set(ids) - kept
    if not wanted:
        return
    found = set(cadre_list(scope=scope).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        raise ValidationError({field: _("A chosen person is not in your area.")})


def _audit(
    actor: Any,
    action: str,
    obj: models.Model,
    *,
    area: Area | None = None,
    ip: str | None = None,
    **detail: Any,
) -> None:
    audit_record(actor=actor, action=action, obj=obj, area=area, ip=ip, detail=detail)


def _refuse_if_used(obj: models.Model, message: str) -> None:
    try:
        obj.delete()
    except models.ProtectedError:
        raise ValidationError(message) from None
