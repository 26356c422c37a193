"""Excel exports of the team and activity lists, as filtered on their pages."""

from __future__ import annotations

from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from laoshan_portal.exports import list_export
from laoshan_portal.scoping import Scope
from laoshan_portal.spreadsheets import Column

from .selectors import activity_filtered, team_filtered


@transaction.atomic
def team_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    """The team list; members' phones are never exported."""
    yes, no = _("Yes"), _("No")
    columns: list[Column] = [
        (_("Name"), lambda team: team.name),
        (_("Kind"), lambda team: team.get_kind_display()),
        (_("Brand"), lambda team: team.brand),
        (_("Area"), lambda team: team.area.name),
        (_("Leader"), lambda team: team.leader.name if team.leader else ""),
        (_("Members"), lambda team: team.member_count),
        (_("Founded"), lambda team: team.founded),
        (_("Active"), lambda team: yes if team.active else no),
    ]
    return list_export(
        out,
        title=_("Teams"),
        columns=columns,
        rows=team_filtered(scope=scope, params=params).qs.iterator(chunk_size=2000),
        scope=scope,
        actor=actor,
        params=params,
        ip=ip,
        dates=None,  # date cells, as this list has always written them
        list="teams",
    )


@transaction.atomic
def activity_export(
    *, scope: Scope, actor: Any, params: Any, out: IO[bytes], ip: str | None = None
) -> int:
    columns: list[Column] = [
        (_("Date"), lambda activity: activity.date),
        (_("Title"), lambda activity: activity.title),
        (_("Team"), lambda activity: activity.team.name),
        (_("Area"), lambda activity: activity.team.area.name),
        (_("Place"), lambda activity: activity.place),
        (_("Content"), lambda activity: activity.content),
        (_("People"), lambda activity: activity.people),
        (_("Hours"), lambda activity: activity.total_hours or 0),
    ]
    return list_export(
        out,
        title=_("Volunteer activities"),
        columns=columns,
        rows=activity_filtered(scope=scope, params=params).qs.iterator(chunk_size=2000),
        scope=scope,
        actor=actor,
        params=params,
        ip=ip,
        dates=None,
        list="activities",
    )
