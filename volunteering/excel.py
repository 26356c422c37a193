"""Excel exports of the team and activity lists, as filtered on their pages."""

from __future__ import annotations

from typing import IO, Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from laoshan_portal.audit.services import audit_export
from laoshan_portal.scoping import Scope
from laoshan_portal.spreadsheets import workbook_write

from .selectors import activity_filtered, team_filtered


@transaction.atomic
def team_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    """The team list; members' phones are never exported."""
    queryset: models.QuerySet[Any] = team_filtered(scope=scope, params=params).qs
    yes, no = _("Yes"), _("No")
    columns = [
        (_("Name"), lambda team: team.name),
        (_("Kind"), lambda team: team.get_kind_display()),
        (_("Brand"), lambda team: team.brand),
        (_("Area"), lambda team: team.area.name),
        (_("Leader"), lambda team: team.leader.name if team.leader else ""),
        (_("Members"), lambda team: team.member_count),
        (_("Founded"), lambda team: team.founded),
        (_("Active"), lambda team: yes if team.active else no),
    ]
    rows = queryset.iterator(chunk_size=2000)
    # Dates stay date cells here, as this list has always written them.
    count = workbook_write(out, title=_("Teams"), columns=columns, rows=rows, dates=None)
    audit_export(
        actor=actor,
        ip=ip,
        scope=scope,
        count=count,
        params=params,
        set_filters_only=True,
        list="teams",
    )
    return count


@transaction.atomic
def activity_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    queryset: models.QuerySet[Any] = activity_filtered(scope=scope, params=params).qs
    columns = [
        (_("Date"), lambda activity: activity.date),
        (_("Title"), lambda activity: activity.title),
        (_("Team"), lambda activity: activity.team.name),
        (_("Area"), lambda activity: activity.team.area.name),
        (_("Place"), lambda activity: activity.place),
        (_("Content"), lambda activity: activity.content),
        (_("People"), lambda activity: activity.people),
        (_("Hours"), lambda activity: activity.total_hours or 0),
    ]
    rows = queryset.iterator(chunk_size=2000)
    count = workbook_write(
        out, title=_("Volunteer activities"), columns=columns, rows=rows, dates=None
    )
    audit_export(
        actor=actor,
        ip=ip,
        scope=scope,
        count=count,
        params=params,
        set_filters_only=True,
        list="activities",
    )
    return count
