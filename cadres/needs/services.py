"""Writes of governance needs: posting one, assigning cadres, closing it with its outcome."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.scoping import Scope

from ..models import Cadre, Need, NeedAssignment, SpecialtyTag


def _check_dates(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


@transaction.atomic
def need_create(
    *,
    scope: Scope,
    actor: Any,
    area: Area,
    title: str,
    description: str = "",
    specialties: Iterable[SpecialtyTag] = (),
    place: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    people_needed: int = 1,
    ip: str | None = None,
) -> Need:
    scope.require(area)
    _check_dates(start_date, end_date)
    need = Need(
        area=area,
        title=title.strip(),
        description=description.strip(),
        place=place.strip(),
        start_date=start_date,
        end_date=end_date,
        people_needed=people_needed,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    need.full_clean()
    need.save()
    need.specialties.set(specialties)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=need, ip=ip)
    return need


def _lock_undone(scope: Scope, need: Need, cadre: Cadre, done: str) -> Need:
    """The need re-read under a row lock, both in scope; refused with ``done`` once done."""
    scope.require(need.area)
    scope.require(cadre.area, "cadre")
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.status == Need.Status.DONE:
        raise ValidationError(done)
    return need


@transaction.atomic
def need_assign(
    *, scope: Scope, actor: Any, need: Need, cadre: Cadre, ip: str | None = None
) -> NeedAssignment:
    """Put a cadre on a need; the first one makes an open need matched."""
    need = _lock_undone(scope, need, cadre, _("This need is done; nobody more can be assigned."))
    if cadre.status != Cadre.Status.ACTIVE or cadre.self_care == Cadre.SelfCare.NONE:
        raise ValidationError({"cadre": _("This cadre cannot be assigned.")})
    if NeedAssignment.objects.filter(need=need, cadre=cadre).exists():
        raise ValidationError({"cadre": _("%(name)s is assigned already.") % {"name": cadre}})
    assignment = NeedAssignment(
        need=need,
        cadre=cadre,
        assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # assigned_by is nullable but not blank=True; a system assignment (demo, import) has none.
    assignment.full_clean(exclude=["assigned_by"])
    assignment.save()
    if need.status == Need.Status.OPEN:
        need.status = Need.Status.MATCHED
        need.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=assignment,
        area=need.area,
        ip=ip,
        detail={"need": need.pk, "cadre": cadre.pk, "status": need.status},
    )
    return assignment


@transaction.atomic
def need_unassign(
    *, scope: Scope, actor: Any, need: Need, cadre: Cadre, ip: str | None = None
) -> Need:
    """Take a cadre off a need; a matched need with nobody left is open again."""
    done = _("This need is done; its assignments are kept as they are.")
    need = _lock_undone(scope, need, cadre, done)
    assignment = NeedAssignment.objects.filter(need=need, cadre=cadre).first()
    if assignment is None:
        raise ValidationError({"cadre": _("%(name)s is not assigned.") % {"name": cadre}})
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=assignment,
        area=need.area,
        ip=ip,
        detail={"need": need.pk, "cadre": cadre.pk},
    )
    assignment.delete()
    if need.status == Need.Status.MATCHED and not need.assignments.exists():
        need.status = Need.Status.OPEN
        need.save(update_fields=["status"])
    return need


@transaction.atomic
def need_set_status(
    *,
    scope: Scope,
    actor: Any,
    need: Need,
    status: str,
    outcome: str = "",
    ip: str | None = None,
) -> Need:
    """open → matched (someone is assigned) → done (with a note of the outcome)."""
    scope.require(need.area)
    need = Need.objects.select_for_update().get(pk=need.pk)
    old = need.status
    if status == Need.Status.MATCHED:
        if old != Need.Status.OPEN:
            raise ValidationError(_("Only an open need can become matched."))
        if not need.assignments.exists():
            raise ValidationError(_("Assign at least one cadre first."))
    elif status == Need.Status.DONE:
        if old != Need.Status.MATCHED:
            raise ValidationError(_("Only a matched need can be done."))
        if not outcome.strip():
            raise ValidationError({"outcome": _("Describe the outcome to close the need.")})
        need.outcome = outcome.strip()
    else:
        raise ValidationError({"status": _("This change of status is not possible.")})
    need.status = status
    need.full_clean()
    need.save(update_fields=["status", "outcome"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=need,
        ip=ip,
        detail={"status": [old, status]},
    )
    return need
