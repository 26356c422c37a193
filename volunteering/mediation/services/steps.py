"""The steps of an open or settled case: mediation records, judicial confirmation,
follow-up visits and scans of the signed agreement."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.clock import require_not_future
from laoshan_portal.scoping import Scope
from laoshan_portal.uploads import stored_name, validate_image

from ..models import AgreementScan, FollowUp, MediationCase, MediationRecord
from .checks import case_audit, case_locked, check_mediators, signed_in

Case = MediationCase


@transaction.atomic
def record_create(
    *,
    scope: Scope,
    actor: Any,
    case: Case,
    date: date,
    content: str,
    mediators: Iterable[Cadre] = (),
    attendees: str = "",
    ip: str | None = None,
) -> MediationRecord:
    """Log a mediation session; the first one puts a registered case into mediation."""
    case = case_locked(scope, case)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("This case is closed: it takes no more mediation records."))
    require_not_future(date, "date")
    if date < case.received_on:
        raise ValidationError({"date": _("The session cannot be before the case was received.")})
    mediators = list(mediators)
    check_mediators(scope, mediators, required=False)
    if not content.strip():
        raise ValidationError({"content": _("Say what happened in the session.")})
    record = MediationRecord(
        case=case,
        date=date,
        attendees=attendees.strip(),
        content=content.strip(),
        entered_by=signed_in(actor),
    )
    record.full_clean()
    record.save()
    record.mediators.set(mediators)
    case_audit(actor, case, ip, AuditEvent.Action.UPDATE, record_added=record.pk)
    if case.status == Case.Status.REGISTERED:
        case_start_mediation(scope=scope, actor=actor, case=case, ip=ip)
    return record


@transaction.atomic
def case_start_mediation(*, scope: Scope, actor: Any, case: Case, ip: str | None = None) -> Case:
    """registered → in mediation: needs a mediation record."""
    case = case_locked(scope, case)
    if case.status != Case.Status.REGISTERED:
        raise ValidationError(_("Only a registered case can go into mediation."))
    if not case.records.exists():
        raise ValidationError(
            _("A case goes into mediation only once a mediation record is logged.")
        )
    case.status = Case.Status.MEDIATING
    case.full_clean()
    case.save(update_fields=["status", "updated_at"])
    case_audit(
        actor, case, ip, AuditEvent.Action.UPDATE, status=[Case.Status.REGISTERED, case.status]
    )
    return case


@transaction.atomic
def judicial_set(
    *,
    scope: Scope,
    actor: Any,
    case: Case,
    decision: str,
    on: date | None,
    ip: str | None = None,
) -> Case:
    """Record whether the parties applied for judicial confirmation (ends the reminder)."""
    case = case_locked(scope, case)
    if case.agreement_kind != Case.AgreementKind.WRITTEN or case.agreement_signed_on is None:
        raise ValidationError(_("Judicial confirmation is for a signed written agreement."))
    if decision not in Case.Judicial.values:
        raise ValidationError({"decision": _("Choose applied or not applied.")})
    if on is None:
        raise ValidationError({"on": _("Give the date.")})
    require_not_future(on, "on")
    if on < case.agreement_signed_on:
        raise ValidationError({"on": _("The date cannot be before the agreement was signed.")})
    case.judicial, case.judicial_on = decision, on
    case.full_clean()
    case.save(update_fields=["judicial", "judicial_on", "updated_at"])
    case_audit(actor, case, ip, AuditEvent.Action.UPDATE, judicial=decision)
    return case


@transaction.atomic
def follow_up_create(
    *,
    scope: Scope,
    actor: Any,
    case: Case,
    date: date,
    result: str,
    notes: str = "",
    ip: str | None = None,
) -> FollowUp:
    """Log a follow-up visit (回访) of a settled case."""
    case = case_locked(scope, case)
    if case.status != Case.Status.CLOSED or case.outcome != Case.Outcome.SUCCESS:
        raise ValidationError(_("Follow-up visits are logged for settled cases."))
    require_not_future(date, "date")
    agreed = case.agreed_on
    if agreed is not None and date < agreed:
        raise ValidationError({"date": _("The visit cannot be before the agreement.")})
    if result not in FollowUp.Result.values:
        raise ValidationError({"result": _("Choose the result of the visit.")})
    visit = FollowUp(
        case=case,
        date=date,
        result=result,
        notes=notes.strip(),
        entered_by=signed_in(actor),
    )
    visit.full_clean()
    visit.save()
    case_audit(actor, case, ip, AuditEvent.Action.UPDATE, follow_up_added=visit.pk, result=result)
    return visit


@transaction.atomic
def scan_add(
    *, scope: Scope, actor: Any, case: Case, upload: Any, ip: str | None = None
) -> AgreementScan:
    """Attach a scanned page of the signed agreement (an image, checked by its content)."""
    scope.require(case.area)
    if case.agreement_kind != Case.AgreementKind.WRITTEN:
        raise ValidationError(_("Scans are attached to a written agreement."))
    try:
        content_type = validate_image(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    scan = AgreementScan(case=case, content_type=content_type, uploaded_by=signed_in(actor))
    scan.file.save(stored_name(content_type), upload, save=False)
    scan.save()
    case_audit(actor, case, ip, AuditEvent.Action.UPDATE, scan_added=scan.pk)
    return scan
