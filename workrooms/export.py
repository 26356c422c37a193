"""The workroom lists as .xlsx files: scoped, filtered like their pages, audited.

Written by ``workbook_write`` two thousand rows at a time; every text cell is escaped so
a name starting with "=" is never read as a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from cadres.models import Cadre
from laoshan_portal.audit.services import audit_export
from laoshan_portal.scoping import Scope
from laoshan_portal.spreadsheets import Column, workbook_write

from .models import Activity, Agreement, Meeting, Workroom
from .selectors import activity_filtered, agreement_filtered, meeting_filtered, workroom_filtered

CHUNK = 2000


def _names(people: Iterable[Any]) -> str:
    return "、".join(person.name for person in people)


def _people() -> Prefetch[str, QuerySet[Cadre], str]:
    return Prefetch("participants", queryset=Cadre.objects.only("name").order_by("name_pinyin"))


def workroom_columns() -> list[Column]:
    yes, no = _("Yes"), _("No")
    return [
        (_("Name"), lambda w: w.name),
        (_("Kind"), lambda w: w.get_kind_display()),
        (_("Host area"), lambda w: w.area.name),
        (_("Lead"), lambda w: w.lead.name),
        (_("Members"), lambda w: _names(w.members.all())),
        (_("Number of members"), lambda w: w.member_count),
        (_("Founded"), lambda w: w.founded_on),
        (_("Demonstration workroom"), lambda w: yes if w.is_demonstration else no),
        (_("Supervising party branch"), lambda w: w.supervising_branch),
        (_("Activities"), lambda w: w.activity_count),
    ]


def activity_columns() -> list[Column]:
    return [
        (_("Date"), lambda a: a.date),
        (_("Kind"), lambda a: a.get_kind_display()),
        (_("Workroom"), lambda a: a.workroom.name if a.workroom_id else ""),
        (_("Co-building cluster"), lambda a: a.cluster.name if a.cluster_id else ""),
        (_("Workrooms taking part"), lambda a: _names(a.joint_workrooms.all())),
        (_("Area"), lambda a: a.area.name),
        (_("Participants"), lambda a: _names(a.participants.all())),
        (_("Number of participants"), lambda a: a.participant_count),
        (_("People served"), lambda a: a.people_served),
        (_("Summary"), lambda a: a.summary),
    ]


def meeting_columns() -> list[Column]:
    return [
        (_("Date"), lambda m: m.date),
        (_("Deliberation mechanism"), lambda m: m.mechanism.name),
        (_("Kind"), lambda m: m.mechanism.get_kind_display()),
        (_("Area"), lambda m: m.mechanism.area.name),
        (_("Number of attendees"), lambda m: m.attendee_count),
        (_("Attendees"), lambda m: m.attendees),
        (_("Issues raised"), lambda m: m.issues),
        (_("Decisions"), lambda m: m.decisions),
        (_("Follow-ups"), lambda m: m.follow_up_count),
        (_("Open follow-ups"), lambda m: m.open_count),
    ]


def agreement_columns() -> list[Column]:
    return [
        (_("Date"), lambda a: a.date),
        (_("Title"), lambda a: a.title),
        (_("Area"), lambda a: a.area.name),
        (_("Deliberation mechanism"), lambda a: a.mechanism.name if a.mechanism_id else ""),
        (_("Parties"), lambda a: a.parties),
        (_("Number of items"), lambda a: a.item_count),
        # A number, not text: the sheet adds it up.
        (_("Money recovered (yuan)"), lambda a: float(a.money_recovered)),
        (_("Where the money went"), lambda a: a.money_destination),
        (_("Notes"), lambda a: a.notes),
    ]


def _exporter(
    what: str,
    title: Callable[[], str],
    columns: Callable[[], list[Column]],
    rows: Callable[[Scope, Any], QuerySet[Any]],
) -> Callable[..., int]:
    @transaction.atomic
    def export(
        *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
    ) -> int:
        found = rows(scope, params).iterator(chunk_size=CHUNK)
        count = workbook_write(out, title=title(), columns=columns(), rows=found)
        audit_export(actor=actor, ip=ip, scope=scope, count=count, params=params, what=what)
        return count

    export.__name__ = f"{what.replace(' ', '_')}_export"
    return export


def _workroom_rows(scope: Scope, params: Any) -> QuerySet[Workroom]:
    members = Prefetch("members", queryset=Cadre.objects.only("name").order_by("name_pinyin"))
    rows: QuerySet[Workroom] = workroom_filtered(scope=scope, params=params).qs
    return rows.prefetch_related(members)


def _activity_rows(scope: Scope, params: Any) -> QuerySet[Activity]:
    joint = Prefetch("joint_workrooms", queryset=Workroom.objects.only("name").order_by("name"))
    rows: QuerySet[Activity] = activity_filtered(scope=scope, params=params).qs
    return rows.prefetch_related(_people(), joint)


def _meeting_rows(scope: Scope, params: Any) -> QuerySet[Meeting]:
    rows: QuerySet[Meeting] = meeting_filtered(scope=scope, params=params).qs
    return rows


def _agreement_rows(scope: Scope, params: Any) -> QuerySet[Agreement]:
    rows: QuerySet[Agreement] = agreement_filtered(scope=scope, params=params).qs
    return rows


workroom_export = _exporter("workrooms", lambda: _("Workrooms"), workroom_columns, _workroom_rows)
activity_export = _exporter(
    "workroom activities", lambda: _("Workroom activities"), activity_columns, _activity_rows
)
meeting_export = _exporter(
    "deliberation meetings", lambda: _("Deliberation meetings"), meeting_columns, _meeting_rows
)
agreement_export = _exporter(
    "agreements", lambda: _("Agreements"), agreement_columns, _agreement_rows
)
