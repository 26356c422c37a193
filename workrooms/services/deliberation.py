"""Writes of deliberation: mechanisms, their meetings and the meetings' follow-ups."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laoshan_portal.clock import require_not_future
from laoshan_portal.scoping import Scope

from ..models import FollowUp, Mechanism, Meeting, Workroom
from ..selectors import workroom_list
from .common import _assign, _delete, _save_changes, _save_new

MECHANISM_FIELDS = ("area", "name", "kind", "host_workroom", "frequency", "parties", "notes")
MEETING_FIELDS = ("date", "attendee_count", "attendees", "issues", "decisions")
FOLLOW_UP_FIELDS = ("description", "owner", "due_on", "status")


def _check_host(scope: Scope, host: Workroom | None, pk_before: int | None = None) -> None:
    if host is None or host.pk == pk_before:
        return
    if not workroom_list(scope=scope).filter(pk=host.pk).exists():
        raise ValidationError({"host_workroom": _("The chosen workroom is not in your area.")})


@transaction.atomic
def mechanism_create(
    *, scope: Scope, actor: Any, data: dict[str, Any], ip: str | None = None
) -> Mechanism:
    mechanism = Mechanism()
    _assign(mechanism, data, MECHANISM_FIELDS)
    scope.require(mechanism.area)
    _check_host(scope, mechanism.host_workroom)
    return _save_new(actor, mechanism, ip=ip)


@transaction.atomic
def mechanism_update(
    *, scope: Scope, actor: Any, mechanism: Mechanism, data: dict[str, Any], ip: str | None = None
) -> Mechanism:
    scope.require(mechanism.area)
    before = _assign(mechanism, data, MECHANISM_FIELDS)
    scope.require(mechanism.area)
    _check_host(scope, mechanism.host_workroom, before["host_workroom"])
    return _save_changes(actor, mechanism, before, ip=ip)


@transaction.atomic
def mechanism_delete(
    *, scope: Scope, actor: Any, mechanism: Mechanism, ip: str | None = None
) -> None:
    scope.require(mechanism.area)
    refuse = _("This mechanism has meetings or agreements and cannot be deleted.")
    _delete(actor, mechanism, ip=ip, refuse=refuse)


@transaction.atomic
def meeting_create(
    *, scope: Scope, actor: Any, mechanism: Mechanism, data: dict[str, Any], ip: str | None = None
) -> Meeting:
    scope.require(mechanism.area)
    meeting = Meeting(mechanism=mechanism, created_by=actor or None)
    _assign(meeting, data, MEETING_FIELDS)
    require_not_future(meeting.date, "date")
    return _save_new(actor, meeting, ip=ip)


@transaction.atomic
def meeting_update(
    *, scope: Scope, actor: Any, meeting: Meeting, data: dict[str, Any], ip: str | None = None
) -> Meeting:
    scope.require(meeting.area)
    before = _assign(meeting, data, MEETING_FIELDS)
    require_not_future(meeting.date, "date")
    return _save_changes(actor, meeting, before, ip=ip)


@transaction.atomic
def meeting_delete(*, scope: Scope, actor: Any, meeting: Meeting, ip: str | None = None) -> None:
    """Delete a meeting with its follow-ups."""
    scope.require(meeting.area)
    _delete(actor, meeting, ip=ip)


@transaction.atomic
def follow_up_create(
    *, scope: Scope, actor: Any, meeting: Meeting, data: dict[str, Any], ip: str | None = None
) -> FollowUp:
    scope.require(meeting.area)
    follow_up = FollowUp(meeting=meeting)
    _assign(follow_up, data, FOLLOW_UP_FIELDS)
    return _save_new(actor, follow_up, ip=ip)


@transaction.atomic
def follow_up_update(
    *, scope: Scope, actor: Any, follow_up: FollowUp, data: dict[str, Any], ip: str | None = None
) -> FollowUp:
    scope.require(follow_up.area)
    before = _assign(follow_up, data, FOLLOW_UP_FIELDS)
    return _save_changes(actor, follow_up, before, ip=ip)


@transaction.atomic
def follow_up_delete(
    *, scope: Scope, actor: Any, follow_up: FollowUp, ip: str | None = None
) -> None:
    scope.require(follow_up.area)
    _delete(actor, follow_up, ip=ip)
