"""Community check-ins (社区报到): submitting, registering, confirming, rejecting.

A check-in arrives three ways: a cadre scans the community's QR code (``checkin_submit``,
anonymous), staff register someone (``checkin_register``), or the district routes a new
retirement to the community of residence (``checkin_route_retirement``). Staff then
confirm it (linking or creating the registry record) or reject it with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.crypto import blind_index
from laoshan_portal.scoping import Scope

from .. import services as cadre_services
from ..models import Cadre, CadreEvent, CheckIn, ServiceKind, SpecialtyTag
from ..validators import mask_id_number, mask_phone
from ..validators import validate_id_number as _validate_id_number
from ..validators import validate_mobile as _validate_mobile
from .selectors import checkin_matching_cadre, community_of, compound_of


def checkin_identity_display(
    *, actor: Any, checkin: CheckIn, reveal: bool, ip: str | None = None
) -> dict[str, str]:
    """ID number and mobile as the page may show them: masked unless revealed. A reveal is
    audited, and so is a refused one, as everywhere else."""
    if reveal:
        cadre_services.reveal_record(
            actor=actor, obj=checkin, fields=["id_number", "mobile"], ip=ip
        )
        return {"id_number": checkin.id_number, "mobile": checkin.mobile}
    return {
        "id_number": mask_id_number(checkin.id_number) if checkin.id_number else "",
        "mobile": mask_phone(checkin.mobile) if checkin.mobile else "",
    }


def _clean_identity(*, name: str, mobile: str, id_number: str) -> tuple[str, str, str]:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Please give the name.")]
    try:
        mobile = _validate_mobile(mobile) if mobile else ""
    except ValidationError as error:
        errors["mobile"] = error.messages
    try:
        id_number = _validate_id_number(id_number) if id_number else ""
    except ValidationError as error:
        errors["id_number"] = error.messages
    if errors:
        raise ValidationError(errors)
    return name, mobile, id_number


def _checkin_create(
    *,
    residence: Area,
    source: str,
    actor: Any,
    name: str,
    mobile: str,
    id_number: str,
    former_unit: str = "",
    retirement_date: date | None = None,
    specialties: Iterable[SpecialtyTag] = (),
    service_kinds: Iterable[ServiceKind] = (),
    note: str = "",
    ip: str | None = None,
) -> CheckIn:
    community = community_of(residence)
    if community is None:
        raise ValidationError(
            {"residence": _("Choose a community or a compound: the check-in goes to a community.")}
        )
    name, mobile, id_number = _clean_identity(name=name, mobile=mobile, id_number=id_number)
    checkin = CheckIn(
        area=community,
        compound=compound_of(residence),
        name=name,
        mobile=mobile,
        id_number=id_number,
        id_number_hash=blind_index(id_number) if id_number else "",
        former_unit=(former_unit or "").strip(),
        retirement_date=retirement_date,
        note=(note or "").strip(),
        source=source,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    checkin.full_clean()
    checkin.save()
    checkin.specialties.set(specialties)
    checkin.service_kinds.set(service_kinds)
    # Source only in the detail: the audit trail must not become a second copy of the data.
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=checkin,
        ip=ip,
        detail={"source": source},
    )
    return checkin


@transaction.atomic
def checkin_submit(
    *,
    community: Area,
    compound: Area | None,
    name: str,
    mobile: str,
    id_number: str,
    specialties: Iterable[SpecialtyTag] = (),
    service_kinds: Iterable[ServiceKind] = (),
    note: str = "",
    ip: str | None = None,
) -> CheckIn:
    """A cadre reports in by the community's QR code: anonymous, so no scope applies."""
    if community.level != Area.Level.COMMUNITY:
        raise ValidationError(_("This link does not lead to a community."))
    if compound is not None and (
        compound.level != Area.Level.COMPOUND or not compound.is_within(community)
    ):
        raise ValidationError({"compound": _("Choose a compound of this community.")})
    return _checkin_create(
        residence=compound or community,
        source=CheckIn.Source.QR,
        actor=None,
        name=name,
        mobile=mobile,
        id_number=id_number,
        specialties=specialties,
        service_kinds=service_kinds,
        note=note,
        ip=ip,
    )


@transaction.atomic
def checkin_register(
    *,
    scope: Scope,
    actor: Any,
    residence: Area,
    name: str,
    mobile: str,
    id_number: str,
    former_unit: str = "",
    retirement_date: date | None = None,
    specialties: Iterable[SpecialtyTag] = (),
    service_kinds: Iterable[ServiceKind] = (),
    note: str = "",
    ip: str | None = None,
) -> CheckIn:
    """Staff register a check-in on someone's behalf."""
    scope.require(residence, "residence")
    return _checkin_create(
        residence=residence,
        source=CheckIn.Source.STAFF,
        actor=actor,
        name=name,
        mobile=mobile,
        id_number=id_number,
        former_unit=former_unit,
        retirement_date=retirement_date,
        specialties=specialties,
        service_kinds=service_kinds,
        note=note,
        ip=ip,
    )


@transaction.atomic
def checkin_route_retirement(
    *,
    scope: Scope,
    actor: Any,
    name: str,
    mobile: str,
    id_number: str,
    residence: Area,
    former_unit: str,
    retirement_date: date,
    ip: str | None = None,
) -> CheckIn:
    """A new retiree is handed over to the community they live in (荣退与社区报到衔接)."""
    scope.require(residence, "residence")
    if retirement_date is None:
        raise ValidationError({"retirement_date": _("Please give the retirement date.")})
    return _checkin_create(
        residence=residence,
        source=CheckIn.Source.RETIREMENT,
        actor=actor,
        name=name,
        mobile=mobile,
        id_number=id_number,
        former_unit=former_unit,
        retirement_date=retirement_date,
        ip=ip,
    )


def _lock_pending(scope: Scope, checkin: CheckIn) -> CheckIn:
    """The check-in re-read under a row lock, so two staff cannot decide it twice."""
    if not scope.contains(checkin.area):
        raise ValidationError(_("This check-in is outside your area."))
    locked = CheckIn.objects.select_for_update(of=("self",)).select_related("area", "compound")
    current = locked.get(pk=checkin.pk)
    if current.status != CheckIn.Status.PENDING:
        raise ValidationError(_("This check-in has been decided already."))
    return current


@transaction.atomic
def checkin_confirm(
    *,
    scope: Scope,
    actor: Any,
    checkin: CheckIn,
    residence: Area | None = None,
    gender: str = "",
    birth_date: date | None = None,
    political_status: str = "",
    ip: str | None = None,
) -> CheckIn:
    """Confirm a check-in: link the record with its ID number, or create one.

    A new record lives in ``residence`` (the check-in's compound, or its community, when
    not given); gender, birth date and political status are what the check-in lacks.
    """
    checkin = _lock_pending(scope, checkin)
    cadre = checkin_matching_cadre(scope=scope, checkin=checkin)
    linked = cadre is not None
    if cadre is not None:
        cadre.specialties.add(*checkin.specialties.all())
        cadre.service_kinds.add(*checkin.service_kinds.all())
    else:
        residence = residence or checkin.compound or checkin.area
        if not residence.is_within(checkin.area):
            raise ValidationError(
                {"residence": _("The residence must lie in the community checked in to.")}
            )
        cadre = cadre_services.cadre_create(
            scope=scope,
            actor=actor,
            data={
                "area": residence,
                "name": checkin.name,
                "gender": gender,
                "birth_date": birth_date,
                "political_status": political_status,
                "id_number": checkin.id_number,
                "mobile": checkin.mobile,
                "former_unit": checkin.former_unit,
                "retirement_date": checkin.retirement_date,
                "retirement_kind": Cadre.RetirementKind.TUIXIU,
            },
            specialties=checkin.specialties.all(),
            service_kinds=checkin.service_kinds.all(),
            ip=ip,
        )
    CadreEvent.objects.create(
        cadre=cadre,
        kind=CadreEvent.Kind.CHECKED_IN,
        by=actor,
        summary=_("Checked in to %(community)s (%(source)s)")
        % {"community": checkin.area.name, "source": checkin.get_source_display()},
    )
    checkin.status = CheckIn.Status.CONFIRMED
    checkin.cadre = cadre
    checkin.decided_by = actor
    checkin.decided_at = timezone.now()
    checkin.full_clean()
    checkin.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=checkin,
        ip=ip,
        detail={"status": "confirmed", "cadre": cadre.pk, "linked": linked},
    )
    return checkin


@transaction.atomic
def checkin_reject(
    *, scope: Scope, actor: Any, checkin: CheckIn, reason: str, ip: str | None = None
) -> CheckIn:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for rejecting.")})
    checkin = _lock_pending(scope, checkin)
    checkin.status = CheckIn.Status.REJECTED
    checkin.reject_reason = reason
    checkin.decided_by = actor
    checkin.decided_at = timezone.now()
    checkin.full_clean()
    checkin.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=checkin,
        ip=ip,
        detail={"status": "rejected"},
    )
    return checkin
