"""Closing a case in mediation with its outcome, and the agreement of a settled one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.clock import FUTURE_DATE, is_future, require_not_future
from laoshan_portal.scoping import Scope

from ..models import AgreementItem, MediationCase
from .checks import case_audit, case_locked

Case = MediationCase


def split_items(text: str) -> list[str]:
    """Agreement items from text, one a line; a typed number ("1." "2、" "(3)") is dropped."""
    items = []
    for line in (text or "").splitlines():
        line = re.sub(r"^\s*[(（]?\d{1,3}\s*[.、．:：)）]?\s*", "", line).strip()
        if line:
            items.append(line)
    return items


def _signed_on_error(signed_on: date | None, last_record: date, closed_on: date) -> str | None:
    if signed_on is None:
        return _("Give the date the agreement was signed.")
    if is_future(signed_on):
        return str(FUTURE_DATE)
    if not last_record <= signed_on <= closed_on:
        return _("The agreement is signed after the last session and by the closing day.")
    return None


def _agreement_errors(
    *,
    outcome: str,
    kind: str,
    signed_on: date | None,
    copies: int | None,
    items: Sequence[str],
    last_record: date,
    closed_on: date,
) -> dict[str, list[str]]:
    """A settled case has an agreement (a written one with items, a date and copies);
    no other outcome has agreement items."""
    errors: dict[str, list[str]] = {}
    if outcome != Case.Outcome.SUCCESS:
        if items:
            errors["items"] = [_("Only a settled case has agreement items.")]
        return errors
    if kind not in Case.AgreementKind.values:
        errors["agreement_kind"] = [_("A settled case needs a written or oral agreement.")]
    elif kind == Case.AgreementKind.WRITTEN:
        if not items:
            errors["items"] = [_("A written agreement needs its items.")]
        signed_on_error = _signed_on_error(signed_on, last_record, closed_on)
        if signed_on_error:
            errors["agreement_signed_on"] = [signed_on_error]
        if not copies or copies < 1:
            errors["agreement_copies"] = [
                _("Give the number of copies handed to the parties (at least one).")
            ]
    return errors


def _outcome_errors(outcome: str, referred_to: str, outcome_notes: str) -> dict[str, list[str]]:
    if outcome == Case.Outcome.REFERRED and not referred_to.strip():
        return {"referred_to": [_("Say to whom the case was referred.")]}
    if outcome == Case.Outcome.FAILED and not outcome_notes.strip():
        return {"outcome_notes": [_("Say why the mediation did not succeed.")]}
    return {}


def _last_record_on(case: Case) -> date:
    """The day of the last mediation record of a case in mediation; refused otherwise."""
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("This case is closed already."))
    last_record = case.records.order_by("-date").values_list("date", flat=True).first()
    if case.status != Case.Status.MEDIATING or last_record is None:
        raise ValidationError(_("A case cannot be closed before a mediation record is logged."))
    return last_record


@transaction.atomic
def case_close(
    *,
    scope: Scope,
    actor: Any,
    case: Case,
    outcome: str,
    closed_on: date | None,
    agreement_kind: str = "",
    agreement_signed_on: date | None = None,
    agreement_copies: int | None = None,
    items: Sequence[str] = (),
    referred_to: str = "",
    outcome_notes: str = "",
    ip: str | None = None,
) -> Case:
    """in mediation → closed, with its outcome (and the agreement of a settled case)."""
    case = case_locked(scope, case)
    last_record = _last_record_on(case)
    if outcome not in Case.Outcome.values:
        raise ValidationError(
            {"outcome": _("Choose the outcome before closing: settled, not settled or referred.")}
        )
    if closed_on is None:
        raise ValidationError({"closed_on": _("Give the date the case was closed.")})
    require_not_future(closed_on, "closed_on")
    if closed_on < last_record:
        raise ValidationError(
            {"closed_on": _("The case cannot be closed before its last mediation record.")}
        )
    items = [item.strip() for item in items if item.strip()]
    errors = _agreement_errors(
        outcome=outcome,
        kind=agreement_kind,
        signed_on=agreement_signed_on,
        copies=agreement_copies,
        items=items,
        last_record=last_record,
        closed_on=closed_on,
    )
    errors.update(_outcome_errors(outcome, referred_to, outcome_notes))
    if errors:
        raise ValidationError(errors)
    if outcome != Case.Outcome.SUCCESS:
        agreement_kind = ""
    if agreement_kind != Case.AgreementKind.WRITTEN:
        agreement_signed_on, agreement_copies = None, None
    case.status = Case.Status.CLOSED
    case.outcome = outcome
    case.closed_on = closed_on
    case.agreement_kind = agreement_kind
    case.agreement_signed_on = agreement_signed_on
    case.agreement_copies = agreement_copies
    case.referred_to = referred_to.strip() if outcome == Case.Outcome.REFERRED else ""
    case.outcome_notes = outcome_notes.strip()
    case.full_clean()
    case.save()
    for number, text in enumerate(items, start=1):
        item = AgreementItem(case=case, number=number, text=text)
        item.full_clean()
        item.save()
    case_audit(
        actor,
        case,
        ip,
        AuditEvent.Action.UPDATE,
        status=[Case.Status.MEDIATING, Case.Status.CLOSED],
        outcome=outcome,
        items=len(items),
    )
    return case
