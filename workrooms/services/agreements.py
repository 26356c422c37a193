"""Writes of agreements reached by deliberation and of their numbered items."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laoshan_portal.clock import require_not_future
from laoshan_portal.scoping import Scope

from ..models import Agreement, AgreementItem
from ..selectors import mechanism_list
from .common import _assign, _delete, _save_changes, _save_new

AGREEMENT_FIELDS = ("area", "mechanism", "title", "date", "parties", "item_count",
                    "money_recovered", "money_destination", "notes")  # fmt: skip
ITEM_FIELDS = ("number", "text", "status")


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
    money = str(agreement.money_recovered)
    return _save_new(actor, agreement, ip=ip, items=agreement.item_count, money=money)


@transaction.atomic
def agreement_update(
    *, scope: Scope, actor: Any, agreement: Agreement, data: dict[str, Any], ip: str | None = None
) -> Agreement:
    scope.require(agreement.area)
    before = _assign(agreement, data, AGREEMENT_FIELDS)
    _check_agreement(scope, agreement, before["mechanism"])
    _check_item_count(agreement)
    require_not_future(agreement.date, "date")
    return _save_changes(actor, agreement, before, ip=ip)


@transaction.atomic
def agreement_delete(
    *, scope: Scope, actor: Any, agreement: Agreement, ip: str | None = None
) -> None:
    """Delete an agreement with its listed items."""
    scope.require(agreement.area)
    _delete(actor, agreement, ip=ip)


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
    return _save_new(actor, item, ip=ip)


@transaction.atomic
def agreement_item_update(
    *, scope: Scope, actor: Any, item: AgreementItem, data: dict[str, Any], ip: str | None = None
) -> AgreementItem:
    scope.require(item.area)
    before = _assign(item, data, ITEM_FIELDS)
    _check_item(item)
    return _save_changes(actor, item, before, ip=ip)


@transaction.atomic
def agreement_item_delete(
    *, scope: Scope, actor: Any, item: AgreementItem, ip: str | None = None
) -> None:
    scope.require(item.area)
    _delete(actor, item, ip=ip)
