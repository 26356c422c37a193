"""Writes of deliberation: mechanisms, their meetings and follow-ups, agreements and items."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.clock import require_not_future
from laoshan_portal.scoping import Scope

from ..models import Agreement, AgreementItem, FollowUp, Mechanism, Meeting, Workroom
from ..selectors import mechanism_list, workroom_list
from .common import _assign, _audit, _changed, _refuse_if_used

MECHANISM_FIELDS = ("area", "name", "kind", "host_workroom", "frequency", "parties", "notes")
MEETING_FIELDS = ("date", "attendee_count", "attendees", "issues", "decisions")
FOLLOW_UP_FIELDS = ("description", "owner", "due_on", "status")
AGREEMENT_FIELDS = ("area", "mechanism", "title", "date", "parties", "item_count",
                    "money_recovered", "money_destination", "notes")  # fmt: skip
ITEM_FIELDS = ("number", "text", "status")


# --- mechanisms, meetings, follow-ups -----------------------------------------------


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
    mechanism.full_clean()
    mechanism.save()
    _audit(actor, AuditEvent.Action.CREATE, mechanism, ip=ip)
    return mechanism


@transaction.atomic
def mechanism_update(
    *, scope: Scope, actor: Any, mechanism: Mechanism, data: dict[str, Any], ip: str | None = None
) -> Mechanism:
    scope.require(mechanism.area)
    before = _assign(mechanism, data, MECHANISM_FIELDS)
    scope.require(mechanism.area)
    _check_host(scope, mechanism.host_workroom, before["host_workroom"])
    mechanism.full_clean()
    mechanism.save()
    _audit(actor, AuditEvent.Action.UPDATE, mechanism, ip=ip, changed=_changed(mechanism, before))
    return mechanism


@transaction.atomic
def mechanism_delete(
    *, scope: Scope, actor: Any, mechanism: Mechanism, ip: str | None = None
) -> None:
    scope.require(mechanism.area)
    _audit(actor, AuditEvent.Action.DELETE, mechanism, ip=ip)
    _refuse_if_used(
        mechanism, _("This mechanism has meetings or agreements and cannot be deleted.")
    )


@transaction.atomic
def meeting_create(
    *, scope: Scope, actor: Any, mechanism: Mechanism, data: dict[str, Any], ip: str | None = None
) -> Meeting:
    scope.require(mechanism.area)
    meeting = Meeting(mechanism=mechanism, created_by=actor or None)
    _assign(meeting, data, MEETING_FIELDS)
    require_not_future(meeting.date, "date")
    meeting.full_clean()
    meeting.save()
    _audit(actor, AuditEvent.Action.CREATE, meeting, area=mechanism.area, ip=ip)
    return meeting


@transaction.atomic
def meeting_update(
    *, scope: Scope, actor: Any, meeting: Meeting, data: dict[str, Any], ip: str | None = None
) -> Meeting:
    area = meeting.mechanism.area
    scope.require(area)
    before = _assign(meeting, data, MEETING_FIELDS)
    require_not_future(meeting.date, "date")
    meeting.full_clean()
    meeting.save()
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        meeting,
        area=area,
        ip=ip,
        changed=_changed(meeting, before),
    )
    return meeting


@transaction.atomic
def meeting_delete(*, scope: Scope, actor: Any, meeting: Meeting, ip: str | None = None) -> None:
    """Delete a meeting with its follow-ups."""
    area = meeting.mechanism.area
    scope.require(area)
    _audit(actor, AuditEvent.Action.DELETE, meeting, area=area, ip=ip)
    meeting.delete()


@transaction.atomic
def follow_up_create(
    *, scope: Scope, actor: Any, meeting: Meeting, data: dict[str, Any], ip: str | None = None
) -> FollowUp:
    area = meeting.mechanism.area
    scope.require(area)
    follow_up = FollowUp(meeting=meeting)
    _assign(follow_up, data, FOLLOW_UP_FIELDS)
    follow_up.full_clean()
    follow_up.save()
    _audit(actor, AuditEvent.Action.CREATE, follow_up, area=area, ip=ip)
    return follow_up


@transaction.atomic
def follow_up_update(
    *, scope: Scope, actor: Any, follow_up: FollowUp, data: dict[str, Any], ip: str | None = None
) -> FollowUp:
    area = follow_up.meeting.mechanism.area
    scope.require(area)
    before = _assign(follow_up, data, FOLLOW_UP_FIELDS)
    follow_up.full_clean()
    follow_up.save()
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        follow_up,
        area=area,
        ip=ip,
        changed=_changed(follow_up, before),
    )
    return follow_up


@transaction.atomic
def follow_up_delete(
    *, scope: Scope, actor: Any, follow_up: FollowUp, ip: str | None = None
) -> None:
    area = follow_up.meeting.mechanism.area
    scope.require(area)
    _audit(actor, AuditEvent.Action.DELETE, follow_up, area=area, ip=ip)
    follow_up.delete()


# --- agreements ----------------------------------------------------------------------


def _check_agreement(scope: Scope, agreement: Agreement, mechanism_before: int | None) -> None:
    scope.require(agreement.area)
    mechanism = agreement.mechanism
    if mechanism is None or mechanism.pk == mechanism_before:
        return
    if not mechanism_list(scope=scope).filter(pk=mechanism.pk).exists():
        raise ValidationError({"mechanism": _("The chosen mechanism is not in your area.")})


def _check_item_count(agreement: Agreement) -> None:
    if agreement.pk is None:
        return
    listed = agreement.items.count()
    if agreement.item_count is not None and listed > agreement.item_count:
        raise ValidationError(
            {
                "item_count": _("%(listed)d items are already listed; the number cannot be less.")
                % {"listed": listed}
            }
        )


@transaction.atomic
def agreement_create(
    *, scope: Scope, actor: Any, data: dict[str, Any], ip: str | None = None
) -> Agreement:
    agreement = Agreement(created_by=actor or None)
    _assign(agreement, data, AGREEMENT_FIELDS)
    _check_agreement(scope, agreement, None)
    require_not_future(agreement.date, "date")
    agreement.full_clean()
    agreement.save()
    _audit(
        actor,
        AuditEvent.Action.CREATE,
        agreement,
        ip=ip,
        items=agreement.item_count,
        money=str(agreement.money_recovered),
    )
    return agreement


@transaction.atomic
def agreement_update(
    *, scope: Scope, actor: Any, agreement: Agreement, data: dict[str, Any], ip: str | None = None
) -> Agreement:
    scope.require(agreement.area)
    before = _assign(agreement, data, AGREEMENT_FIELDS)
    _check_agreement(scope, agreement, before["mechanism"])
    _check_item_count(agreement)
    require_not_future(agreement.date, "date")
    agreement.full_clean()
    agreement.save()
    _audit(actor, AuditEvent.Action.UPDATE, agreement, ip=ip, changed=_changed(agreement, before))
    return agreement


@transaction.atomic
def agreement_delete(
    *, scope: Scope, actor: Any, agreement: Agreement, ip: str | None = None
) -> None:
    """Delete an agreement with its listed items."""
    scope.require(agreement.area)
    _audit(actor, AuditEvent.Action.DELETE, agreement, ip=ip)
    agreement.delete()


def _check_item(item: AgreementItem) -> None:
    agreement = item.agreement
    others = agreement.items.exclude(pk=item.pk)
    if item.number and others.filter(number=item.number).exists():
        raise ValidationError({"number": _("This agreement already has an item with this number.")})
    if item.number and item.number > agreement.item_count:
        raise ValidationError(
            {
                "number": _("The agreement has %(count)d items: number them 1 to %(count)d.")
                % {"count": agreement.item_count}
            }
        )


@transaction.atomic
def agreement_item_create(
    *, scope: Scope, actor: Any, agreement: Agreement, data: dict[str, Any], ip: str | None = None
) -> AgreementItem:
    scope.require(agreement.area)
    item = AgreementItem(agreement=agreement)
    _assign(item, data, ITEM_FIELDS)
    _check_item(item)
    item.full_clean()
    item.save()
    _audit(actor, AuditEvent.Action.CREATE, item, area=agreement.area, ip=ip)
    return item


@transaction.atomic
def agreement_item_update(
    *, scope: Scope, actor: Any, item: AgreementItem, data: dict[str, Any], ip: str | None = None
) -> AgreementItem:
    area = item.agreement.area
    scope.require(area)
    before = _assign(item, data, ITEM_FIELDS)
    _check_item(item)
    item.full_clean()
    item.save()
    _audit(actor, AuditEvent.Action.UPDATE, item, area=area, ip=ip, changed=_changed(item, before))
    return item


@transaction.atomic
def agreement_item_delete(
    *, scope: Scope, actor: Any, item: AgreementItem, ip: str | None = None
) -> None:
    area = item.agreement.area
    scope.require(area)
    _audit(actor, AuditEvent.Action.DELETE, item, area=area, ip=ip)
    item.delete()
