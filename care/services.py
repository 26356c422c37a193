"""Writes of care work: the care list's decisions by hand, visits (with their photos and
the need they raise), and the areas' visit plans; each checked against the scope,
validated and audited in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre, Need
from cadres.needs.services import need_create
from cadres.selectors import cadre_list
from cadres.services import reveal_record
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import staff_list
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.clock import require_not_future
from laoshan_portal.photos import photos_change
from laoshan_portal.scoping import Scope

from .models import CareListEntry, CarePlan, Referral, Visit, VisitPhoto

VISIT_FIELDS = (
    "date",
    "kind",
    "items",
    "amount",
    "health_findings",
    "needs_raised",
    "follow_up",
    "follow_up_by",
)
TEXT_FIELDS = ("items", "health_findings", "needs_raised")
PLAN_FIELDS = ("monthly_alone", "festivals", "half_decades")


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": _("Give the reason.")})
    return text[:200]


@transaction.atomic
def care_list_decide(
    *,
    scope: Scope,
    actor: Any,
    cadre: Cadre,
    include: bool,
    reason: str,
    ip: str | None = None,
) -> CareListEntry:
    """Put ``cadre`` on the care list by hand (``include``) or take them off, with the
    reason; the last decision stands, the audit trail keeps every one."""
    scope.require(cadre.area)
    text = _reason(reason)
    if cadre.status != Cadre.Status.ACTIVE:
        raise ValidationError(_("Only a living, active record can be on the care list."))
    entry, _created = CareListEntry.objects.update_or_create(
        cadre=cadre,
        defaults={"included": include, "reason": text, "by": _user(actor)},
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=entry,
        ip=ip,
        detail={"cadre": cadre.pk, "included": include},
    )
    return entry


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_visit(visit: Visit, scope: Scope) -> None:
    """The person in scope and alive (or a condolence visit), a past date, a sensible
    amount and follow-up."""
    scope.require(visit.cadre.area, "cadre")
    status = visit.cadre.status
    if status == Cadre.Status.DECEASED and visit.kind != Visit.Kind.CONDOLENCE:
        raise ValidationError({"kind": _("Only a condolence visit for a person who has died.")})
    if status not in {Cadre.Status.ACTIVE, Cadre.Status.DECEASED}:
        raise ValidationError(_("This person is no longer on the registry here."))
    require_not_future(visit.date, "date")
    if visit.amount is not None and visit.amount < Decimal("0"):
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    if not visit.follow_up:
        visit.follow_up_by = None
    elif visit.follow_up_by is not None and visit.follow_up_by < visit.date:
        raise ValidationError({"follow_up_by": _("The follow-up comes after the visit.")})


def _check_visitors(
    scope: Scope, actor: Any, staff: Sequence[Any], cadres: Sequence[Cadre], kept: set[int]
) -> None:
    users = {user.pk for user in staff} - {getattr(actor, "pk", None)}
    if users and staff_list(scope=scope).filter(pk__in=users).count() != len(users):
        raise ValidationError({"staff": _("A chosen member of staff is not in your area.")})
    wanted = {cadre.pk for cadre in cadres} - kept
    if wanted and cadre_list(scope=scope).filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError({"cadre_visitors": _("A chosen person is not in your area.")})


def _assign(visit: Visit, data: dict[str, Any]) -> None:
    for name in VISIT_FIELDS:
        value = data.get(name)
        if name in TEXT_FIELDS:
            value = (value or "").strip()
        if name == "follow_up":
            value = bool(value)
        setattr(visit, name, value)


@transaction.atomic
def visit_create(
    *,
    scope: Scope,
    actor: Any,
    cadre: Cadre,
    data: dict[str, Any],
    staff: Sequence[Any] = (),
    cadre_visitors: Sequence[Cadre] = (),
    photos: Sequence[Any] = (),
    ip: str | None = None,
) -> Visit:
    """Log a visit to ``cadre`` with its visitors and photos, or nothing at all."""
    visit = Visit(cadre=cadre, area=cadre.area, created_by=_user(actor))
    _assign(visit, data)
    _check_visit(visit, scope)
    _check_visitors(scope, actor, staff, cadre_visitors, kept=set())
    visit.full_clean()
    change = photos_change(VisitPhoto, visit, add=photos)
    visit.save()
    visit.staff.set(staff)
    visit.cadre_visitors.set(cadre_visitors)
    change.apply()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=visit,
        ip=ip,
        detail={"kind": visit.kind, "cadre": cadre.pk, "photos": len(photos)},
    )
    return visit


@transaction.atomic
def visit_update(
    *,
    scope: Scope,
    actor: Any,
    visit: Visit,
    data: dict[str, Any],
    staff: Sequence[Any] = (),
    cadre_visitors: Sequence[Cadre] = (),
    photos: Sequence[Any] = (),
    remove_photos: Iterable[VisitPhoto] = (),
    ip: str | None = None,
) -> Visit:
    """Change a visit; visitors already on it stay allowed even from outside the scope."""
    scope.require(visit.area)
    before = {name: visit.serializable_value(name) for name in VISIT_FIELDS}
    kept = set(visit.cadre_visitors.values_list("pk", flat=True))
    _assign(visit, data)
    _check_visit(visit, scope)
    _check_visitors(scope, actor, staff, cadre_visitors, kept=kept)
    visit.full_clean()
    change = photos_change(VisitPhoto, visit, add=photos, remove=remove_photos)
    visit.save()
    visit.staff.set(staff)
    visit.cadre_visitors.set(cadre_visitors)
    change.apply()
    changed = [n for n in VISIT_FIELDS if visit.serializable_value(n) != before[n]]
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=visit,
        ip=ip,
        detail={"changed": changed, "photos_removed": len(change.removed)},
    )
    return visit


def visit_reveal(*, actor: Any, visit: Visit, ip: str | None = None) -> str:
    """The health found on a visit, in the clear, for a user allowed to see it (audited)."""
    reveal_record(actor=actor, obj=visit, fields=["health_findings"], ip=ip)
    return visit.health_findings


@transaction.atomic
def visit_raise_need(*, scope: Scope, actor: Any, visit: Visit, ip: str | None = None) -> Need:
    """Turn the needs raised on a visit into a governance need of the person's area, once."""
    scope.require(visit.area)
    if visit.need_id:
        raise ValidationError(_("This visit has raised its need already."))
    text = visit.needs_raised.strip()
    if not text:
        raise ValidationError(_("No need was raised on this visit."))
    title = _("%(name)s: %(need)s") % {"name": visit.cadre.name, "need": text.splitlines()[0]}
    need = need_create(
        scope=scope,
        actor=actor,
        area=visit.area,
        title=title[:100],
        description=_("Raised on the %(kind)s of %(date)s.\n%(text)s")
        % {"kind": visit.get_kind_display(), "date": f"{visit.date:%Y-%m-%d}", "text": text},
        ip=ip,
    )
    visit.need = need
    visit.save(update_fields=["need"])
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=visit, ip=ip, detail={"need": need.pk}
    )
    return need


@transaction.atomic
def visit_refer(
    *, scope: Scope, actor: Any, visit: Visit, data: dict[str, Any], ip: str | None = None
) -> Referral:
    """Refer the needs raised on a visit to another body, with a note (and a date to follow
    it up by, which puts it on the to-do list until answered)."""
    scope.require(visit.area)
    if not visit.needs_raised.strip():
        raise ValidationError(_("No need was raised on this visit."))
    note = (data.get("note") or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what is asked of them.")})
    follow_up_by = data.get("follow_up_by")
    if follow_up_by is not None and follow_up_by < visit.date:
        raise ValidationError({"follow_up_by": _("The follow-up date is before the visit.")})
    referral = Referral.objects.create(
        visit=visit,
        body=Referral.Body(data["body"]),
        note=note[:1000],
        follow_up_by=follow_up_by,
        created_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=referral,
        ip=ip,
        detail={"visit": visit.pk, "body": referral.body, "follow_up_by": str(follow_up_by or "")},
    )
    return referral


@transaction.atomic
def referral_answer(
    *, scope: Scope, actor: Any, referral: Referral, day: date, ip: str | None = None
) -> Referral:
    """Mark a referral answered on ``day``: it leaves the to-do list."""
    scope.require(referral.visit.area)
    if referral.answered_on is not None:
        raise ValidationError(_("This referral has been answered already."))
    require_not_future(day, "answered_on")
    referral.answered_on = day
    referral.save(update_fields=["answered_on"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=referral,
        ip=ip,
        detail={"answered_on": str(day)},
    )
    return referral


@transaction.atomic
def care_plan_save(
    *, scope: Scope, actor: Any, area: Area, data: dict[str, Any], ip: str | None = None
) -> CarePlan:
    """Set the visit plan of ``area`` (and of the areas below it that have none)."""
    scope.require(area)
    plan, created = CarePlan.objects.get_or_create(area=area)
    for name in PLAN_FIELDS:
        setattr(plan, name, bool(data.get(name)))
    plan.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=plan,
        ip=ip,
        detail={name: getattr(plan, name) for name in PLAN_FIELDS},
    )
    return plan
