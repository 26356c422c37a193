"""The campaign activity list as an .xlsx file: scoped, filtered like the page, audited."""

from __future__ import annotations

from datetime import date
from typing import IO, Any

import openpyxl
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from cadres.models import Cadre
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.scoping import Scope
from laoshan_portal.spreadsheets import safe_cell

from .models import Campaign, CampaignActivity
from .selectors import activity_filtered

CHOICE_FIELDS = ("venue_type", "adoption", "programme", "theme")


def _columns() -> list[tuple[str, str]]:
    return [
        ("date", _("Date")),
        ("campaign", _("Campaign")),
        ("title", _("Title")),
        ("area", _("Area")),
        ("lecturer", _("Lecturer")),
        ("topic", _("Topic")),
        ("venue_type", _("Venue type")),
        ("unit", _("Unit")),
        ("people_reached", _("People reached")),
        ("addressed_to", _("Addressed to")),
        ("adoption", _("Adoption status")),
        ("sessions", _("Sessions")),
        ("attendance", _("Attendance")),
        ("programme", _("Programme")),
        ("participant_count", _("Number of participants")),
        ("theme", _("Theme")),
        ("participants", _("Participants")),
        ("notes", _("Notes")),
    ]


def export_workbook(*, scope: Scope, params: Any, out: IO[bytes]) -> int:
    """Write the filtered activities, two thousand at a time; returns how many."""
    columns = _columns()
    labels = {
        name: {value: str(label) for value, label in CampaignActivity._meta.get_field(name).choices}
        for name in CHOICE_FIELDS
    }
    campaigns = {value: str(label) for value, label in Campaign.Code.choices}
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Campaign activities")[:31])
    header = []
    for _key, title in columns:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    people = Prefetch("participants", queryset=Cadre.objects.only("name").order_by("name_pinyin"))
    rows = activity_filtered(scope=scope, params=params).qs.prefetch_related(people)
    count = 0
    for activity in rows.iterator(chunk_size=2000):
        count += 1
        values: dict[str, Any] = {
            "date": activity.date,
            "campaign": campaigns.get(activity.campaign_id, activity.campaign_id),
            "title": activity.title,
            "area": activity.area.name,
            "lecturer": activity.lecturer.name if activity.lecturer else "",
            "topic": activity.topic,
            "unit": activity.unit,
            "people_reached": activity.people_reached,
            "addressed_to": activity.addressed_to,
            "sessions": activity.sessions,
            "attendance": activity.attendance,
            "participant_count": activity.participant_count,
            "participants": "、".join(c.name for c in activity.participants.all()),
            "notes": activity.notes,
        }
        for name in CHOICE_FIELDS:
            values[name] = labels[name].get(getattr(activity, name), "")
        cells = []
        for key, _title in columns:
            value = values.get(key)
            if isinstance(value, date):
                value = value.strftime("%Y-%m-%d")
            cells.append(safe_cell(value) if value not in ("", None) else None)
        sheet.append(cells)
    workbook.save(out)
    return count


@transaction.atomic
def activity_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    count = export_workbook(scope=scope, params=params, out=out)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        area=scope.area,
        ip=ip,
        # Which filters, not their values (a search text may name a person).
        detail={"rows": count, "what": "campaign activities", "filters": sorted(params.keys())},
    )
    return count
