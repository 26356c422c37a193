"""A case's dossier as one PDF, and the case list as an Excel sheet; both audited."""

from __future__ import annotations

from datetime import date
from typing import IO, Any

import openpyxl
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.pdf import render_pdf
from laoshan_portal.scoping import Scope
from laoshan_portal.spreadsheets import safe_cell

from .models import MediationCase
from .selectors import case_dossier, case_filtered
from .services import party_rows


def _may_see_contacts(actor: Any) -> bool:
    return bool(actor.has_perm("accounts.view_sensitive"))


@transaction.atomic
def case_dossier_pdf(
    *, scope: Scope, actor: Any, case: MediationCase, ip: str | None = None
) -> bytes:
    """The whole case: intake, parties (masked unless the reader may see them), records,
    outcome, agreement items and follow-ups. Printing it is recorded as an export."""
    full = _may_see_contacts(actor)
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
        detail={"dossier": True, "sensitive_in_full": full},
    )
    return pdf


HEADERS = [
    gettext_lazy("Case number"),
    gettext_lazy("Received on"),
    gettext_lazy("Area"),
    gettext_lazy("Category"),
    gettext_lazy("Source"),
    gettext_lazy("Mediation team"),
    gettext_lazy("Mediators"),
    gettext_lazy("Parties"),
    gettext_lazy("Status"),
    gettext_lazy("Mediation outcome"),
    gettext_lazy("Agreement"),
    gettext_lazy("Closing date"),
    gettext_lazy("Summary"),
]


def _text(value: Any) -> Any:
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return safe_cell(value) if value not in (None, "") else None


@transaction.atomic
def case_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    """The case list as filtered on its page, written to ``out``; always audited.

    Parties' phones are in full only for a user allowed to see them, masked otherwise.
    """
    full = _may_see_contacts(actor)
    found = case_filtered(scope=scope, params=params, contacts=True)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Mediation cases"))
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for case in found.qs.iterator(chunk_size=2000):
        count += 1
        parties = "；".join(
            f"{row['name']}（{row['role']}{'，' + row['phone'] if row['phone'] else ''}）"
            for row in party_rows(case.parties.all(), full=full)
        )
        sheet.append(
            [
                _text(case.number),
                _text(case.received_on),
                _text(case.area.name),
                _text(case.get_category_display()),
                _text(case.get_source_display()),
                _text(case.team.name),
                _text("、".join(cadre.name for cadre in case.mediators.all())),
                _text(parties),
                _text(case.get_status_display()),
                _text(case.get_outcome_display()),
                _text(case.get_agreement_kind_display()),
                _text(case.closed_on),
                _text(case.summary),
            ]
        )
    workbook.save(out)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        area=scope.area,
        ip=ip,
        # Which filters, not their values: a number or name searched for is personal too.
        detail={
            "rows": count,
            "sensitive_in_full": full,
            "filters": sorted(key for key in (params or {}) if params.get(key)),
            "model": MediationCase._meta.label,
        },
    )
    return count
