"""Writes of the funds: budget lines, allocations, spending, its approval and reversal.

Each is keyword-only, atomic, checked (scope, amounts to the fen, what is left) and audited.
Nothing is deleted: a wrong spending record is reversed by its negative.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import CampaignActivity
from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.clock import require_not_future
from laoshan_portal.scoping import Scope
from laoshan_portal.uploads import stored_name, validate_image
from volunteering.models import ServiceActivity, Team
from workrooms.models import Activity as WorkroomActivity
from workrooms.models import Workroom

from .models import Allocation, BudgetLine, PurposeKind, Source, Spending, to_fen
from .selectors import allocation_committed, line_allocated, line_remaining

DISTRICT_LEVELS = {Area.Level.PROVINCE, Area.Level.CITY, Area.Level.DISTRICT}
# The purpose a linked object stands for, and the allocation field that holds it.
PURPOSE_LINKS = {
    PurposeKind.WORKROOM: "workroom",
    PurposeKind.TEAM: "team",
    PurposeKind.CAMPAIGN: "campaign_activity",
}


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _require_district(scope: Scope) -> None:
    """Budgets and allocations are entered by the staff of a district (or above)."""
    if scope.unrestricted:
        return
    if scope.area is None or scope.area.level not in DISTRICT_LEVELS:
        raise ValidationError(_("Budgets and allocations are entered by district staff."))


def _require_positive(amount: Decimal, field: str = "amount") -> Decimal:
    amount = to_fen(amount)
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    return amount


def _require_party_dues_allowed(source: str, purpose_kind: str) -> None:
    if source == Source.PARTY_DUES and purpose_kind in settings.FUNDS_PARTY_DUES_EXCLUDED:
        raise ValidationError(
            _("Party dues returned may not be spent on %(purpose)s.")
            % {"purpose": PurposeKind(purpose_kind).label}
        )


def _audit(actor: Any, action: str, obj: Any, ip: str | None, **detail: Any) -> None:
    audit_record(actor=actor, action=action, obj=obj, ip=ip, detail=detail)


@transaction.atomic
def budget_line_create(
    *,
    scope: Scope,
    actor: Any,
    area: Area,
    year: int,
    source: str,
    amount: Decimal,
    notes: str = "",
    ip: str | None = None,
) -> BudgetLine:
    """An area's budget of one source for a year."""
    _require_district(scope)
    scope.require(area)
    line = BudgetLine(
        area=area,
        year=year,
        source=source,
        amount=to_fen(amount),
        notes=notes.strip(),
        created_by=actor,
    )
    if line.amount < 0:
        raise ValidationError({"amount": _("A budget cannot be negative.")})
    line.full_clean()
    line.save()
    _audit(actor, AuditEvent.Action.CREATE, line, ip, amount=str(line.amount), source=source)
    return line


@transaction.atomic
def budget_line_update(
    *,
    scope: Scope,
    actor: Any,
    line: BudgetLine,
    amount: Decimal,
    notes: str,
    ip: str | None = None,
) -> BudgetLine:
    """Correct a line's amount or notes after entry; never below what is already
    allocated from it (which is all that can have been spent from it)."""
    _require_district(scope)
    scope.require(line.area)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    new = to_fen(amount)
    if new < 0:
        raise ValidationError({"amount": _("A budget cannot be negative.")})
    allocated = line_allocated(line)
    if new < allocated:
        raise ValidationError(
            {
                "amount": _(
                    "The line has %(allocated)s yuan allocated already: its amount cannot be less."
                )
                % {"allocated": _yuan(allocated)}
            }
        )
    old_amount, old_notes = line.amount, line.notes
    line.amount, line.notes = new, notes.strip()
    line.full_clean()
    line.save(update_fields=["amount", "notes", "updated_at"])
    changes = {
        field: [str(before), str(after)]
        for field, before, after in (
            ("amount", old_amount, line.amount),
            ("notes", old_notes, line.notes),
        )
        if before != after
    }
    _audit(actor, AuditEvent.Action.UPDATE, line, ip, **changes)
    return line


def _check_purpose_link(purpose_kind: str, links: dict[str, Any], area: Area) -> None:
    """Only the object of the purpose's own kind, and in the allocation's area."""
    own = PURPOSE_LINKS.get(PurposeKind(purpose_kind))
    for field, value in links.items():
        if value is None:
            continue
        if field != own:
            raise ValidationError({field: _("This does not belong to this purpose.")})
        if not value.area.is_within(area):
            raise ValidationError({field: _("This lies outside the area the money goes to.")})


@transaction.atomic
def allocation_create(
    *,
    scope: Scope,
    actor: Any,
    line: BudgetLine,
    area: Area,
    day: date,
    purpose_kind: str,
    purpose: str,
    amount: Decimal,
    workroom: Workroom | None = None,
    team: Team | None = None,
    campaign_activity: CampaignActivity | None = None,
    ip: str | None = None,
) -> Allocation:
    """Set money of ``line`` aside for a purpose in ``area``; at most what is left of it."""
    _require_district(scope)
    scope.require(line.area, "line")
    scope.require(area)
    if not area.is_within(line.area):
        raise ValidationError({"area": _("The money can only go to the line's area or below.")})
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    amount = _require_positive(amount)
    _require_party_dues_allowed(line.source, purpose_kind)
    links = {"workroom": workroom, "team": team, "campaign_activity": campaign_activity}
    _check_purpose_link(purpose_kind, links, area)
    left = line_remaining(line)
    if amount > left:
        raise ValidationError(
            {
                "amount": _(
                    "This allocation of %(amount)s yuan exceeds what is left of the line: "
                    "%(left)s yuan."
                )
                % {"amount": _yuan(amount), "left": _yuan(left)}
            }
        )
    allocation = Allocation(
        line=line,
        area=area,
        date=day,
        purpose_kind=purpose_kind,
        purpose=purpose.strip(),
        amount=amount,
        created_by=actor,
        **links,
    )
    allocation.full_clean()
    allocation.save()
    _audit(actor, AuditEvent.Action.CREATE, allocation, ip, amount=str(amount), line=line.pk)
    return allocation


def _check_paid_for(allocation: Allocation, links: dict[str, Any]) -> None:
    """At most one activity, and in the allocation's area."""
    chosen = {field: value for field, value in links.items() if value is not None}
    if len(chosen) > 1:
        raise ValidationError(_("Choose at most one activity it paid for."))
    for field, value in chosen.items():
        area = value.team.area if isinstance(value, ServiceActivity) else value.area
        if not area.is_within(allocation.area):
            raise ValidationError({field: _("This lies outside the area the money goes to.")})


def _require_within_allocation(allocation: Allocation, amount: Decimal) -> None:
    left = to_fen(allocation.amount - allocation_committed(allocation))
    if amount > left:
        raise ValidationError(
            {
                "amount": _(
                    "Over-spending refused: %(amount)s yuan is more than what is left of "
                    "the allocation, %(left)s yuan."
                )
                % {"amount": _yuan(amount), "left": _yuan(left)}
            }
        )


@transaction.atomic
def spending_create(
    *,
    scope: Scope,
    actor: Any,
    allocation: Allocation,
    day: date,
    payee: str,
    amount: Decimal,
    description: str,
    workroom_activity: WorkroomActivity | None = None,
    service_activity: ServiceActivity | None = None,
    campaign_activity: CampaignActivity | None = None,
    receipt: Any = None,
    ip: str | None = None,
) -> Spending:
    """Record money paid out of ``allocation``; it counts once someone else approves it."""
    scope.require(allocation.area, "allocation")
    allocation = Allocation.objects.select_for_update().select_related("line").get(pk=allocation.pk)
    amount = _require_positive(amount)
    require_not_future(day, "date")
    _require_party_dues_allowed(allocation.line.source, allocation.purpose_kind)
    links = {
        "workroom_activity": workroom_activity,
        "service_activity": service_activity,
        "campaign_activity": campaign_activity,
    }
    _check_paid_for(allocation, links)
    _require_within_allocation(allocation, amount)
    spending = Spending(
        allocation=allocation,
        date=day,
        payee=payee.strip(),
        amount=amount,
        description=description.strip(),
        created_by=actor,
        **links,
    )
    if receipt is not None:
        try:
            content_type = validate_image(receipt)
        except ValidationError as error:
            raise ValidationError({"receipt": error.messages}) from None
        spending.receipt_type = content_type
        spending.receipt.save(stored_name(content_type), receipt, save=False)
    spending.full_clean()
    spending.save()
    _audit(actor, AuditEvent.Action.CREATE, spending, ip, amount=str(amount))
    return spending


@transaction.atomic
def spending_approve(
    *, scope: Scope, actor: Any, spending: Spending, ip: str | None = None
) -> Spending:
    """A second person approves a spending record: never the one who entered it."""
    scope.require(spending.allocation.area, "allocation")
    spending = Spending.objects.select_for_update().get(pk=spending.pk)
    if spending.approved_by_id is not None:
        raise ValidationError(_("This spending record is already approved."))
    if spending.created_by_id is None or spending.created_by_id == actor.pk:
        raise ValidationError(
            _("The person who entered a spending record cannot approve it: ask a colleague.")
        )
    spending.approved_by = actor
    spending.approved_at = clock.now()
    spending.save(update_fields=["approved_by", "approved_at"])
    _audit(actor, AuditEvent.Action.UPDATE, spending, ip, approved=True)
    return spending


@transaction.atomic
def spending_reverse(
    *, scope: Scope, actor: Any, spending: Spending, reason: str, ip: str | None = None
) -> Spending:
    """Correct a spending record by its negative, dated today: the original stays, the
    totals come out as if it had not been spent. The reversal is approved like any entry."""
    scope.require(spending.allocation.area, "allocation")
    spending = Spending.objects.select_for_update().get(pk=spending.pk)
    if spending.reverses_id is not None:
        raise ValidationError(_("A reversing entry cannot itself be reversed."))
    if Spending.objects.filter(reverses=spending).exists():
        raise ValidationError(_("This spending record is already reversed."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the record is reversed.")})
    reversal = Spending(
        allocation=spending.allocation,
        date=clock.today(),
        payee=spending.payee,
        amount=-spending.amount,
        description=_("Reversal of #%(pk)s: %(reason)s") % {"pk": spending.pk, "reason": reason},
        reverses=spending,
        created_by=actor,
    )
    reversal.full_clean()
    reversal.save()
    _audit(
        actor,
        AuditEvent.Action.CREATE,
        reversal,
        ip,
        reverses=spending.pk,
        amount=str(reversal.amount),
    )
    return reversal
