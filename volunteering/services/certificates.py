"""Certificates of service hours: issuing, revoking, and the signed link that verifies one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.models import Cadre
from cadres.validators import mask_id_number
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.clock import require_not_future, today
from laoshan_portal.scoping import Scope
from laoshan_portal.verification import issuer_name, link_is_signed, link_signature, root_of

from ..models import Certificate, TeamMember
from ..selectors import records_for_certificate

CERTIFICATE_PREFIX = "LS"
SIGNING_SALT = "volunteering.certificate"


def certificate_signature(number: str) -> str:
    return link_signature(SIGNING_SALT, number)


def certificate_verify_path(certificate: Certificate) -> str:
    number = certificate.number or ""
    return reverse(
        "volunteering:certificate_verify",
        kwargs={"number": number, "signature": certificate_signature(number)},
    )


def certificate_from_link(*, number: str, signature: str) -> Certificate | None:
    """The certificate a verification link names, or None for a bad signature."""
    if not link_is_signed(SIGNING_SALT, number, signature):
        return None
    return Certificate.objects.filter(number=number).select_related("issuer_area").first()


@transaction.atomic
def certificate_issue(
    *,
    scope: Scope,
    actor: Any,
    period_start: date,
    period_end: date,
    cadre: Cadre | None = None,
    member: TeamMember | None = None,
    ip: str | None = None,
) -> Certificate:
    """Issue a certificate of the accepted hours the issuer holds for a period."""
    if (cadre is None) == (member is None):
        raise ValidationError(_("A certificate is for one person."))
    holder_area = cadre.area if cadre is not None else member.team.area  # type: ignore[union-attr]
    scope.require(holder_area)
    if period_start is None or period_end is None:
        raise ValidationError(_("Please give the period."))
    require_not_future(period_end, "period_end")
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end date cannot be before the start date.")})
    records = records_for_certificate(
        scope=scope, cadre=cadre, member=member, start=period_start, end=period_end
    )
    if not records:
        raise ValidationError(_("There are no accepted hours in this period to certify."))
    issuing_area = getattr(actor, "area", None) or root_of(holder_area)
    name = cadre.name if cadre is not None else member.resident_name  # type: ignore[union-attr]
    certificate = Certificate(
        area=holder_area,
        cadre=cadre,
        member=member,
        holder_name=name,
        id_number_masked=mask_id_number(cadre.id_number) if cadre and cadre.id_number else "",
        period_start=period_start,
        period_end=period_end,
        total_hours=sum((r.hours for r in records), Decimal(0)),
        activity_count=len({r.activity_id for r in records}),
        activities=[
            {
                "date": r.date.isoformat(),
                "title": r.activity.title,
                "team": r.activity.team.name,
                "hours": str(r.hours),
            }
            for r in records
        ],
        issuer_name=issuer_name(issuing_area),
        issuer_area=issuing_area,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        issued_on=today(),
    )
    certificate.full_clean(exclude=["number"])
    certificate.save()
    # The number follows the row id: unique without a counter to lock.
    certificate.number = f"{CERTIFICATE_PREFIX}-{certificate.issued_on.year}-{certificate.pk:06d}"
    certificate.save(update_fields=["number"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=certificate,
        ip=ip,
        detail={"hours": str(certificate.total_hours), "records": len(records)},
    )
    return certificate


@transaction.atomic
def certificate_revoke(
    *, scope: Scope, actor: Any, certificate: Certificate, reason: str, ip: str | None = None
) -> Certificate:
    """Revoke a certificate: its verification page says so from now on."""
    scope.require(certificate.area)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for revoking.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate has been revoked already."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=certificate,
        ip=ip,
        detail={"status": "revoked"},
    )
    return certificate
