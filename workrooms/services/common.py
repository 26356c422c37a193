"""Pieces every workroom service uses: copying data, what changed, people in scope, and
saving or deleting a record with its audit entry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from cadres.models import Cadre
from cadres.selectors import cadre_list
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.scoping import Scope

M = TypeVar("M", bound=models.Model)


def _assign(obj: models.Model, data: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """Copy ``fields`` from ``data`` (text trimmed); returns the values before."""
    before = {name: obj.serializable_value(name) for name in fields}
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, name, value)
    return before


def _changed(obj: models.Model, before: dict[str, Any]) -> list[str]:
    return [name for name, old in before.items() if obj.serializable_value(name) != old]


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


def _audit(actor: Any, action: str, obj: models.Model, *, ip: str | None, **detail: Any) -> None:
    """The audit entry of ``obj``, in the area it holds or reaches through its parent."""
    audit_record(actor=actor, action=action, obj=obj, ip=ip, detail=detail)


def _save_new(actor: Any, obj: M, *, ip: str | None, **detail: Any) -> M:
    """Validate and save a new record, and audit its creation with ``detail``."""
    obj.full_clean()
    obj.save()
    _audit(actor, AuditEvent.Action.CREATE, obj, ip=ip, **detail)
    return obj


def _save_changes(
    actor: Any, obj: M, before: dict[str, Any], *, ip: str | None, also: Sequence[str] = ()
) -> M:
    """Validate and save a changed record, and audit the fields that differ from ``before``
    and the changes ``also`` names (its people or workrooms)."""
    obj.full_clean()
    obj.save()
    changed = [*_changed(obj, before), *also]
    _audit(actor, AuditEvent.Action.UPDATE, obj, ip=ip, changed=changed)
    return obj


def _delete(actor: Any, obj: models.Model, *, ip: str | None, refuse: str = "") -> None:
    """Audit and delete a record. With ``refuse``, a record that others still need (a
    protected reference) is kept, and ``refuse`` says why."""
    _audit(actor, AuditEvent.Action.DELETE, obj, ip=ip)
    try:
        obj.delete()
    except models.ProtectedError:
        if not refuse:
            raise
        raise ValidationError(refuse) from None
