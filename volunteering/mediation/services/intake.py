"""Registering a case (登记) with its parties, and correcting its intake."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre
from cadres.validators import validate_id_number
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.clock import require_not_future
from laoshan_portal.scoping import Scope
from volunteering.models import Team

from ..models import MediationCase, Party
from .checks import (
    case_audit,
    case_locked,
    check_mediators,
    check_team,
    normalise_phone,
    signed_in,
)

NUMBER_PREFIX = "TJ"
NUMBER_ATTEMPTS = 5


@dataclass(frozen=True)
class PartyData:
    name: str
    role: str
    phone: str = ""
    id_number: str = ""


def _clean_parties(parties: Sequence[PartyData]) -> list[Party]:
    if not parties:
        raise ValidationError(_("Add at least one party to the dispute."))
    found = []
    seen: set[str] = set()
    for data in parties:
        name = data.name.strip()
        if not name:
            raise ValidationError(_("Every party needs a name."))
        if name in seen:
            raise ValidationError(_("%(name)s is listed twice among the parties.") % {"name": name})
        seen.add(name)
        try:
            phone = normalise_phone(data.phone)
            id_number = validate_id_number(data.id_number) if data.id_number.strip() else ""
        except ValidationError as error:
            raise ValidationError(f"{name}：{' '.join(error.messages)}") from None
        found.append(Party(name=name, role=data.role, phone=phone, id_number=id_number))
    return found


def _next_number(year: int) -> str:
    # Numbers run through the whole portal, so the last one is read outside any scope.
    prefix = f"{NUMBER_PREFIX}-{year}-"
    last = (
        MediationCase.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{serial:04d}"


def _save_numbered(case: MediationCase) -> None:
    """Save a new case under the next number of its year."""
    for attempt in range(NUMBER_ATTEMPTS):
        case.number = _next_number(case.received_on.year)
        case.full_clean()
        try:
            # Two clerks saving at once may take the same number: the second tries the next.
            with transaction.atomic():
                case.save()
            return
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise


@transaction.atomic
def case_create(
    *,
    scope: Scope,
    actor: Any,
    area: Area,
    received_on: date,
    category: str,
    source: str,
    team: Team,
    mediators: Sequence[Cadre],
    summary: str,
    parties: Sequence[PartyData],
    ip: str | None = None,
) -> MediationCase:
    """Register a dispute (登记): it gets the next number of its year."""
    scope.require(area)
    require_not_future(received_on, "received_on")
    check_team(scope, team)
    mediators = list(mediators)
    check_mediators(scope, mediators, required=True)
    party_rows = _clean_parties(parties)
    case = MediationCase(
        area=area,
        received_on=received_on,
        category=category,
        source=source,
        team=team,
        summary=summary.strip(),
        created_by=signed_in(actor),
    )
    _save_numbered(case)
    case.mediators.set(mediators)
    for party in party_rows:
        party.case = case
        party.full_clean()
        party.save()
    case_audit(actor, case, ip, AuditEvent.Action.CREATE, parties=len(party_rows))
    return case


@transaction.atomic
def case_update(
    *,
    scope: Scope,
    actor: Any,
    case: MediationCase,
    area: Area,
    received_on: date,
    category: str,
    source: str,
    team: Team,
    mediators: Sequence[Cadre],
    summary: str,
    ip: str | None = None,
) -> MediationCase:
    """Correct the intake of a case that is not closed (the parties are kept)."""
    case = case_locked(scope, case)
    if case.status == MediationCase.Status.CLOSED:
        raise ValidationError(_("This case is closed: its intake can no longer change."))
    scope.require(area)
    require_not_future(received_on, "received_on")
    first_record = case.records.order_by("date").values_list("date", flat=True).first()
    if first_record is not None and received_on > first_record:
        raise ValidationError(
            {"received_on": _("The case cannot be received after its first mediation record.")}
        )
    check_team(scope, team)
    mediators = list(mediators)
    check_mediators(scope, mediators, required=True)
    fields = {
        "area": area,
        "received_on": received_on,
        "category": category,
        "source": source,
        "team": team,
        "summary": summary.strip(),
    }
    changed = [name for name, value in fields.items() if getattr(case, name) != value]
    for name, value in fields.items():
        setattr(case, name, value)
    case.full_clean()
    case.save()
    before = set(case.mediators.values_list("pk", flat=True))
    if before != {cadre.pk for cadre in mediators}:
        case.mediators.set(mediators)
        changed.append("mediators")
    case_audit(actor, case, ip, AuditEvent.Action.UPDATE, fields=changed)
    return case
