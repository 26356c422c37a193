"""Writes to the registry: create, change, status, merge, and the audited reveal."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from laoshan_portal import clock
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.clock import require_not_future
from laoshan_portal.crypto import blind_index
from laoshan_portal.scoping import Scope

from .models import Cadre, CadreEvent, ServiceKind, SpecialtyTag, cadre_field
from .pinyin import name_initials, name_pinyin
from .validators import mask_id_number, mask_phone, validate_id_number, validate_mobile

# Fields holding sensitive personal data: masked for roles without `view_sensitive`,
# shown only through `cadre_reveal` (audited), never in an export for those roles.
SENSITIVE_FIELDS = (
    "id_number",
    "mobile",
    "landline",
    "spouse",
    "living_arrangement",
    "emergency_contact",
    "family_notes",
    "self_care",
    "mobility",
    "chronic_conditions",
    "health_notes",
    "illness_note",
)
EDITABLE_FIELDS = (
    "area",
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "id_number",
    "mobile",
    "landline",
    "political_status",
    "party_join_date",
    "former_unit",
    "former_post",
    "rank",
    "retirement_date",
    "retirement_kind",
    "address",
    "party_relation",
    "spouse",
    "living_arrangement",
    "emergency_contact",
    "family_notes",
    "hardship",
    "bereaved_on",
    "self_care",
    "mobility",
    "chronic_conditions",
    "health_notes",
    "serious_illness",
    "illness_note",
    "specialty_notes",
    "available_time",
    "max_distance",
)


class DuplicateCadre(ValidationError):
    """The ID number is registered already; ``existing`` is that record when in scope."""

    def __init__(self, message: str, existing: Cadre | None) -> None:
        super().__init__({"id_number": [message]})
        self.existing = existing


def masked(cadre: Cadre, field: str) -> str:
    """The display value of a sensitive field for someone who may not see it."""
    value = getattr(cadre, field)
    if not value:
        return ""
    if field == "id_number":
        return mask_id_number(value)
    if field in {"mobile", "landline"}:
        return mask_phone(value)
    return "******"


def _check_identity(scope: Scope, cadre: Cadre) -> None:
    """Normalise and validate the ID number and phones; refuse a registered ID number."""
    errors: dict[str, list[str]] = {}
    if cadre.id_number:
        try:
            cadre.id_number = validate_id_number(cadre.id_number, birth_date=cadre.birth_date)
        except ValidationError as error:
            errors["id_number"] = error.messages
    if cadre.mobile:
        try:
            cadre.mobile = validate_mobile(cadre.mobile)
        except ValidationError as error:
            errors["mobile"] = error.messages
    if errors:
        raise ValidationError(errors)
    cadre.id_number_hash = blind_index(cadre.id_number) if cadre.id_number else None
    cadre.mobile_hash = blind_index(cadre.mobile) if cadre.mobile else ""
    if cadre.id_number_hash:
        other = Cadre.objects.filter(id_number_hash=cadre.id_number_hash).exclude(pk=cadre.pk)
        existing = other.select_related("area").first()
        if existing is not None:
            if scope.contains(existing.area):
                raise DuplicateCadre(
                    _("This ID number is registered already, for %(name)s.")
                    % {"name": existing.name},
                    existing,
                )
            raise DuplicateCadre(
                _(
                    "This ID number is registered already in an area outside yours; "
                    "ask the administrator above you."
                ),
                None,
            )


def _set_names(cadre: Cadre) -> None:
    cadre.name = cadre.name.strip()
    cadre.name_pinyin = name_pinyin(cadre.name)
    cadre.name_initials = name_initials(cadre.name)


@transaction.atomic
def cadre_create(
    *,
    scope: Scope,
    actor: Any,
    data: dict[str, Any],
    specialties: Iterable[SpecialtyTag] = (),
    service_kinds: Iterable[ServiceKind] = (),
    ip: str | None = None,
    merge_into: Cadre | None = None,
) -> Cadre:
    """Register a cadre. With ``merge_into`` (the answer to a duplicate ID number), the new
    data is kept as its own record in the history and folded into that one."""
    cadre = Cadre(**{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    scope.require(cadre.area)
    _set_names(cadre)
    try:
        _check_identity(scope, cadre)
    except DuplicateCadre as duplicate:
        if merge_into is None or duplicate.existing != merge_into:
            raise
        cadre.id_number_hash = None
    cadre.full_clean()
    cadre.save()
    cadre.specialties.set(specialties)
    cadre.service_kinds.set(service_kinds)
    CadreEvent.objects.create(cadre=cadre, kind="created", by=actor, summary=_("Record created"))
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=cadre, ip=ip)
    if merge_into is not None:
        return cadre_merge(scope=scope, actor=actor, source=cadre, target=merge_into, ip=ip)
    return cadre


@transaction.atomic
def cadre_update(
    *,
    scope: Scope,
    actor: Any,
    cadre: Cadre,
    data: dict[str, Any],
    specialties: Iterable[SpecialtyTag] | None = None,
    service_kinds: Iterable[ServiceKind] | None = None,
    ip: str | None = None,
) -> Cadre:
    scope.require(cadre.area)
    before = {field: getattr(cadre, field) for field in EDITABLE_FIELDS}
    for field, value in data.items():
        if field in EDITABLE_FIELDS:
            setattr(cadre, field, value)
    scope.require(cadre.area)
    _set_names(cadre)
    _check_identity(scope, cadre)
    cadre.full_clean()
    cadre.save()
    changed = [f for f in EDITABLE_FIELDS if getattr(cadre, f) != before[f]]
    if specialties is not None:
        cadre.specialties.set(specialties)
    if service_kinds is not None:
        cadre.service_kinds.set(service_kinds)
    if changed:
        labels = "、".join(str(cadre_field(f).verbose_name) for f in changed)
        CadreEvent.objects.create(
            cadre=cadre,
            kind="changed",
            by=actor,
            summary=_("Changed: %(fields)s") % {"fields": labels},
            changed_fields=changed,
        )
    # Field names only: the audit trail must not become a second copy of the data.
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=cadre, ip=ip, detail={"fields": changed}
    )
    return cadre


@transaction.atomic
def cadre_set_status(
    *,
    scope: Scope,
    actor: Any,
    cadre: Cadre,
    status: str,
    note: str = "",
    deceased_on: date | None = None,
    ip: str | None = None,
) -> Cadre:
    """Change the status; a death is recorded with its date (today when not given), and
    the record stays, with its history, off every care list and plan from then on."""
    scope.require(cadre.area)
    if status not in {Cadre.Status.ACTIVE, Cadre.Status.MOVED, Cadre.Status.DECEASED}:
        raise ValidationError({"status": _("Choose active, moved away or deceased.")})
    if cadre.status == Cadre.Status.MERGED:
        raise ValidationError(_("A merged record cannot change status."))
    if status == Cadre.Status.DECEASED:
        deceased_on = deceased_on or clock.today()
        require_not_future(deceased_on, "deceased_on")
    else:
        deceased_on = None
    old = cadre.get_status_display()
    cadre.status = status
    cadre.deceased_on = deceased_on
    cadre.save(update_fields=["status", "deceased_on", "updated_at"])
    summary = _("Status: %(old)s → %(new)s") % {"old": old, "new": cadre.get_status_display()}
    if note:
        summary = f"{summary}（{note}）"
    CadreEvent.objects.create(cadre=cadre, kind="status", by=actor, summary=summary[:300])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=cadre,
        ip=ip,
        detail={"status": status, "deceased_on": deceased_on and deceased_on.isoformat()},
    )
    return cadre


@transaction.atomic
def cadre_merge(
    *, scope: Scope, actor: Any, source: Cadre, target: Cadre, ip: str | None = None
) -> Cadre:
    """Fold ``source`` into ``target``: blanks of the target are filled from the source,
    check-ins, posts and assignments move, and both histories are kept on the target."""
    scope.require(source.area)
    scope.require(target.area)
    if source.pk == target.pk or Cadre.Status.MERGED in {source.status, target.status}:
        raise ValidationError(_("These two records cannot be merged."))
    filled = []
    for field in EDITABLE_FIELDS:
        if field in {"id_number"}:
            continue
        if not getattr(target, field) and getattr(source, field):
            setattr(target, field, getattr(source, field))
            filled.append(field)
    if not target.id_number and source.id_number:
        target.id_number, target.id_number_hash = source.id_number, source.id_number_hash
        filled.append("id_number")
    source.id_number_hash = None
    source.status, source.merged_into = Cadre.Status.MERGED, target
    source.save(update_fields=["id_number_hash", "status", "merged_into", "updated_at"])
    target.save()
    target.specialties.add(*source.specialties.all())
    target.service_kinds.add(*source.service_kinds.all())
    source.checkins.update(cadre=target)
    source.posts.update(cadre=target)
    for assignment in source.assignments.all():
        if target.assignments.filter(need=assignment.need).exists():
            assignment.delete()
        else:
            assignment.cadre = target
            assignment.save(update_fields=["cadre"])
    source.events.update(cadre=target)
    CadreEvent.objects.create(
        cadre=target,
        kind="merged",
        by=actor,
        summary=_("Merged record #%(id)s (%(name)s) into this one")
        % {"id": source.pk, "name": source.name},
        changed_fields=filled,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.MERGE,
        obj=target,
        ip=ip,
        detail={"merged": source.pk, "filled": filled},
    )
    return target


def cadre_edit_opened(*, actor: Any, cadre: Cadre, ip: str | None = None) -> None:
    """The edit form shows the sensitive fields in the clear: that is a reveal."""
    audit_record(
        actor=actor,
        action=AuditEvent.Action.REVEAL,
        obj=cadre,
        ip=ip,
        detail={"via": "edit form"},
    )


def reveal_record(*, actor: Any, obj: models.Model, fields: list[str], ip: str | None) -> None:
    """Record that ``fields`` of ``obj`` are shown in the clear; refuse, and record the
    refusal too, for a user without ``accounts.view_sensitive``."""
    if not actor.has_perm("accounts.view_sensitive"):
        audit_record(actor=actor, action=AuditEvent.Action.REVEAL, obj=obj, ip=ip, succeeded=False)
        raise PermissionDenied
    audit_record(
        actor=actor, action=AuditEvent.Action.REVEAL, obj=obj, ip=ip, detail={"fields": fields}
    )


def cadre_reveal(*, actor: Any, cadre: Cadre, ip: str | None = None) -> dict[str, str]:
    """The sensitive fields in the clear, for a user allowed to see them; always audited."""
    reveal_record(actor=actor, obj=cadre, fields=list(SENSITIVE_FIELDS), ip=ip)
    values = {}
    for field in SENSITIVE_FIELDS:
        display = getattr(cadre, f"get_{field}_display", None)
        values[field] = str(display() if display else getattr(cadre, field))
    return values
