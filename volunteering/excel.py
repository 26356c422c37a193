"""Excel exports of the team and activity lists, as filtered on their pages."""

from __future__ import annotations

from typing import IO, Any

import openpyxl
from django.db import models, transaction
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.scoping import Scope
from laoshan_portal.spreadsheets import safe_cell

from .selectors import activity_filtered, team_filtered


def _write(*, title: str, headers: list[str], rows: Any, out: IO[bytes]) -> int:
    """Stream ``rows`` (lists of values) into a write-only workbook; returns the count."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for values in rows:
        count += 1
        sheet.append([safe_cell(value) for value in values])
    workbook.save(out)
    return count


def _audit(actor: Any, scope: Scope, what: str, count: int, params: Any, ip: str | None) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        area=scope.area,
        ip=ip,
        # Which filters, not their values.
        detail={"list": what, "rows": count, "filters": sorted(k for k in params if params[k])},
    )


@transaction.atomic
def team_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    """The team list; members' phones are never exported."""
    queryset: models.QuerySet[Any] = team_filtered(scope=scope, params=params).qs
    rows = (
        [
            team.name,
            team.get_kind_display(),
            team.brand,
            team.area.name,
            team.leader.name if team.leader else "",
            team.member_count,
            team.founded,
            _("Yes") if team.active else _("No"),
        ]
        for team in queryset.iterator(chunk_size=2000)
    )
    headers = [
        _("Name"), _("Kind"), _("Brand"), _("Area"), _("Leader"), _("Members"), _("Founded"),
        _("Active"),
    ]  # fmt: skip
    count = _write(title=_("Teams"), headers=headers, rows=rows, out=out)
    _audit(actor, scope, "teams", count, params, ip)
    return count


@transaction.atomic
def activity_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    queryset: models.QuerySet[Any] = activity_filtered(scope=scope, params=params).qs
    rows = (
        [
            activity.date,
            activity.title,
            activity.team.name,
            activity.team.area.name,
            activity.place,
            activity.content,
            activity.people,
            activity.total_hours or 0,
        ]
        for activity in queryset.iterator(chunk_size=2000)
    )
    headers = [
        _("Date"), _("Title"), _("Team"), _("Area"), _("Place"), _("Content"), _("People"),
        _("Hours"),
    ]  # fmt: skip
    count = _write(title=_("Volunteer activities"), headers=headers, rows=rows, out=out)
    _audit(actor, scope, "activities", count, params, ip)
    return count
