"""The parties' contacts and ID numbers: masked as shown, in the clear only through an
audited reveal; a scan of the agreement is a reveal too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied

from cadres.validators import mask_id_number, mask_phone
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record

from ..models import AgreementScan, MediationCase, Party
from .checks import case_audit

# Parties' fields that only `accounts.view_sensitive` may see, and only through a reveal.
SENSITIVE_PARTY_FIELDS = ("phone", "id_number")


def masked_party(party: Party, field: str) -> str:
    value: str = getattr(party, field)
    if not value:
        return ""
    return mask_id_number(value) if field == "id_number" else mask_phone(value)


def party_rows(parties: Iterable[Party], *, full: bool) -> list[dict[str, Any]]:
    """The parties as shown: contacts in the clear only when ``full``."""
    rows = []
    for party in parties:
        row: dict[str, Any] = {"name": party.name, "role": party.get_role_display()}
        for field in SENSITIVE_PARTY_FIELDS:
            row[field] = getattr(party, field) if full else masked_party(party, field)
        rows.append(row)
    return rows


def case_reveal(*, actor: Any, case: MediationCase, ip: str | None = None) -> list[dict[str, Any]]:
    """The parties' contacts and ID numbers in the clear; refused or not, always audited."""
    if not actor.has_perm("accounts.view_sensitive"):
        audit_record(
            actor=actor,
            action=AuditEvent.Action.REVEAL,
            obj=case,
            area=case.area,
            ip=ip,
            succeeded=False,
        )
        raise PermissionDenied
    parties = list(case.parties.all())
    case_audit(
        actor, case, ip, AuditEvent.Action.REVEAL, fields=list(SENSITIVE_PARTY_FIELDS),
        parties=len(parties),
    )  # fmt: skip
    return party_rows(parties, full=True)


def scan_viewed(*, actor: Any, scan: AgreementScan, ip: str | None = None) -> None:
    """A scan holds the parties' names and signatures: each viewing is a reveal."""
    audit_record(
        actor=actor,
        action=AuditEvent.Action.REVEAL,
        obj=scan.case,
        area=scan.case.area,
        ip=ip,
        detail={"scan": scan.pk},
    )
