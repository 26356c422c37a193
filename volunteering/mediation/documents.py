"""A case's dossier as one PDF, and the case list as an Excel sheet; both audited."""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.exports import list_export
from laoshan_portal.pdf import render_pdf
from laoshan_portal.scoping import Scope
from laoshan_portal.spreadsheets import Column

from .models import MediationCase
from .selectors import case_dossier, case_filtered
from .services import party_rows


def _may_see_contacts(actor: Any) -> bool:
    return bool(actor.has_perm("accounts.view_sensitive"))


@transaction.atomic
def case_dossier_pdf(
    *,
    scope: Scope,
    actor: Any,
    case: MediationCase,
    ip: str | None = None,
    full: bool = False,
    reason: str = "",
) -> bytes:
    """The whole case: intake, parties, records, outcome, agreement items and follow-ups.
    Printing it is recorded as an export. Parties' phones and ID numbers are masked unless
    ``full`` is asked for, by a reader allowed to see them, with a ``reason``."""
    reason = (reason or "").strip()
    if full:
        if not _may_see_contacts(actor):
            raise PermissionDenied
        if not reason:
            raise ValidationError(
                {"reason": _("Say why the full ID numbers and phones are needed.")}
            )
    case = case_dossier(scope=scope, case=case)
    follow_ups = list(case.follow_ups.all())
    context = {
        "case": case,
        "parties": party_rows(case.parties.all(), full=full),
        "full": full,
        "mediators": "、".join(cadre.name for cadre in case.mediators.all()),
        "records": case.records.all(),
        "items": case.agreement_items.all(),
        "follow_ups": follow_ups,
        "printed_at": timezone.localtime(),
        "printed_by": actor,
    }
    pdf = render_pdf("mediation/case_dossier_pdf.html", context)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        obj=case,
        area=case.area,
        ip=ip,
        detail={"dossier": True, "sensitive_in_full": full, **({"reason": reason} if full else {})},
    )
    return pdf


def _columns(full: bool) -> list[Column]:
    def parties(case: MediationCase) -> str:
        return "；".join(
            f"{row['name']}（{row['role']}{'，' + row['phone'] if row['phone'] else ''}）"
            for row in party_rows(case.parties.all(), full=full)
        )

    return [
        (_("Case number"), lambda case: case.number),
        (_("Received on"), lambda case: case.received_on),
        (_("Area"), lambda case: case.area.name),
        (_("Category"), lambda case: case.get_category_display()),
        (_("Source"), lambda case: case.get_source_display()),
        (_("Mediation team"), lambda case: case.team.name),
        (_("Mediators"), lambda case: "、".join(cadre.name for cadre in case.mediators.all())),
        (_("Parties"), parties),
        (_("Status"), lambda case: case.get_status_display()),
        (_("Mediation outcome"), lambda case: case.get_outcome_display()),
        (_("Agreement"), lambda case: case.get_agreement_kind_display()),
        (_("Closing date"), lambda case: case.closed_on),
        (_("Summary"), lambda case: case.summary),
    ]


@transaction.atomic
def case_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    """The case list as filtered on its page, written to ``out``; always audited.

    Parties' phones are masked for everyone: a case's contacts in full are printed one case
    at a time, in its dossier, by an explicit choice with a reason.
    """
    full = False
    found = case_filtered(scope=scope, params=params, contacts=True)
    count = list_export(
        out,
        title=_("Mediation cases"),
        columns=_columns(full),
        rows=found.qs.iterator(chunk_size=2000),
        scope=scope,
        actor=actor,
        params=params,
        ip=ip,
        sensitive_in_full=full,
        model=MediationCase._meta.label,
    )
    return count
