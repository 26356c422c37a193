"""The campaign activity list as an .xlsx file: scoped, filtered like the page, audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from cadres.models import Cadre
from laoshan_portal.audit.services import audit_export
from laoshan_portal.scoping import Scope
from laoshan_portal.spreadsheets import Column, workbook_write

from .models import Campaign, CampaignActivity
from .selectors import activity_filtered

CHOICES = {
    "venue_type": CampaignActivity.VenueType,
    "adoption": CampaignActivity.Adoption,
    "programme": CampaignActivity.Programme,
    "theme": CampaignActivity.Theme,
}


def _columns() -> list[Column]:
    """The columns, with the choice labels translated once, not per row."""
    labels = {
        name: {value: str(label) for value, label in choices.choices}
        for name, choices in CHOICES.items()
    }
    campaigns = {value: str(label) for value, label in Campaign.Code.choices}

    def label(name: str) -> Callable[[CampaignActivity], str]:
        return lambda a: labels[name].get(getattr(a, name), "")

    return [
        (_("Date"), lambda a: a.date),
        (_("Campaign"), lambda a: campaigns.get(a.campaign_id, a.campaign_id)),
        (_("Title"), lambda a: a.title),
        (_("Area"), lambda a: a.area.name),
        (_("Lecturer"), lambda a: a.lecturer.name if a.lecturer else ""),
        (_("Topic"), lambda a: a.topic),
        (_("Venue type"), label("venue_type")),
        (_("Unit"), lambda a: a.unit),
        (_("People reached"), lambda a: a.people_reached),
        (_("Addressed to"), lambda a: a.addressed_to),
        (_("Adoption status"), label("adoption")),
        (_("Sessions"), lambda a: a.sessions),
        (_("Attendance"), lambda a: a.attendance),
        (_("Programme"), label("programme")),
        (_("Number of participants"), lambda a: a.participant_count),
        (_("Theme"), label("theme")),
        (_("Participants"), lambda a: "、".join(c.name for c in a.participants.all())),
        (_("Notes"), lambda a: a.notes),
    ]


def export_workbook(*, scope: Scope, params: Any, out: IO[bytes]) -> int:
    """Write the filtered activities, two thousand at a time; returns how many."""
    people = Prefetch("participants", queryset=Cadre.objects.only("name").order_by("name_pinyin"))
    rows = activity_filtered(scope=scope, params=params).qs.prefetch_related(people)
    return workbook_write(
        out,
        title=_("Campaign activities"),
        columns=_columns(),
        rows=rows.iterator(chunk_size=2000),
    )


@transaction.atomic
def activity_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    count = export_workbook(scope=scope, params=params, out=out)
    audit_export(
        actor=actor, ip=ip, scope=scope, count=count, params=params, what="campaign activities"
    )
    return count
