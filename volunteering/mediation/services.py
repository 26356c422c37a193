"""Writes of mediation cases: intake, records, closing, follow-ups, scans, reveal; all audited.

The state machine lives here: registered → in mediation (a record is logged) → closed (with
an outcome). Each step checks the scope again and refuses with a Chinese message; the
database constraints in models.py hold the rules that one row can express.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre
from cadres.validators import (
    mask_id_number,
    mask_phone,
    validate_id_number,
    validate_mobile,
)
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.clock import FUTURE_DATE, is_future, require_not_future
from laoshan_portal.scoping import Scope
from laoshan_portal.uploads import stored_name, validate_image
from volunteering.models import Team

from .models import (
    AgreementItem,
    AgreementScan,
    FollowUp,
    MediationCase,
    MediationRecord,
    Party,
)

Case = MediationCase
NUMBER_PREFIX = "TJ"
LANDLINE_PATTERN = re.compile(r"^0\d{2,3}-?\d{7,8}$")
# Parties' fields that only `accounts.view_sensitive` may see, and only through a reveal.
SENSITIVE_PARTY_FIELDS = ("phone", "id_number")


@dataclass(frozen=True)
class PartyData:
    name: str
    role: str
    phone: str = ""
    id_number: str = ""


# ---------------------------------------------------------------------------- checks


def normalise_phone(value: str) -> str:
    """A mobile (11 digits) or a landline with its area code; raises with a Chinese message."""
    value = re.sub(r"\s", "", value or "")
    if not value:
        return ""
    if LANDLINE_PATTERN.match(value):
        return value
    try:
        return validate_mobile(value)
    except ValidationError:
        raise ValidationError(
            _("Give a mobile number (11 digits) or a landline with its area code."),
            code="phone",
        ) from None


def _check_team(scope: Scope, team: Team | None) -> None:
    if team is None or team.kind != Team.Kind.MEDIATION or not scope.contains(team.area):
        raise ValidationError({"team": _("Choose a mediation team of your area.")})


def _check_mediators(scope: Scope, mediators: Sequence[Cadre], *, required: bool) -> None:
    if required and not mediators:
        raise ValidationError({"mediators": _("Choose at least one mediator.")})
    if any(not scope.contains(cadre.area) for cadre in mediators):
        raise ValidationError({"mediators": _("A chosen person is not in your area.")})
    if len({cadre.pk for cadre in mediators}) != len(mediators):
        raise ValidationError({"mediators": _("The same person is chosen twice.")})


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
        Case.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{serial:04d}"


def _audit(actor: Any, case: Case, ip: str | None, action: str, **detail: Any) -> None:
    audit_record(actor=actor, action=action, obj=case, area=case.area, ip=ip, detail=detail)


# ---------------------------------------------------------------------------- intake


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
) -> Case:
    """Register a dispute (登记): it gets the next number of its year."""
    scope.require(area)
    require_not_future(received_on, "received_on")
    _check_team(scope, team)
    mediators = list(mediators)
    _check_mediators(scope, mediators, required=True)
    party_rows = _clean_parties(parties)
    case = Case(
        area=area,
        received_on=received_on,
        category=category,
        source=source,
        team=team,
        summary=summary.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for attempt in range(5):
        case.number = _next_number(received_on.year)
        case.full_clean()
        try:
            # Two clerks saving at once may take the same number: the second tries the next.
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            if attempt == 4:
                raise
    case.mediators.set(mediators)
    for party in party_rows:
        party.case = case
        party.full_clean()
        party.save()
    _audit(actor, case, ip, AuditEvent.Action.CREATE, parties=len(party_rows))
    return case


@transaction.atomic
def case_update(
    *,
    scope: Scope,
    actor: Any,
    case: Case,
    area: Area,
    received_on: date,
    category: str,
    source: str,
    team: Team,
    mediators: Sequence[Cadre],
    summary: str,
    ip: str | None = None,
) -> Case:
    """Correct the intake of a case that is not closed (the parties are kept)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    scope.require(case.area)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("This case is closed: its intake can no longer change."))
    scope.require(area)
    require_not_future(received_on, "received_on")
    first_record = case.records.order_by("date").values_list("date", flat=True).first()
    if first_record is not None and received_on > first_record:
        raise ValidationError(
            {"received_on": _("The case cannot be received after its first mediation record.")}
        )
    _check_team(scope, team)
    mediators = list(mediators)
    _check_mediators(scope, mediators, required=True)
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
    _audit(actor, case, ip, AuditEvent.Action.UPDATE, fields=changed)
    return case


# ---------------------------------------------------------------------------- mediation


@transaction.atomic
def record_create(
    *,
    scope: Scope,
    actor: Any,
    case: Case,
    date: date,
    content: str,
    mediators: Iterable[Cadre] = (),
    attendees: str = "",
    ip: str | None = None,
) -> MediationRecord:
    """Log a mediation session; the first one puts a registered case into mediation."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    scope.require(case.area)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("This case is closed: it takes no more mediation records."))
    require_not_future(date, "date")
    if date < case.received_on:
        raise ValidationError({"date": _("The session cannot be before the case was received.")})
    mediators = list(mediators)
    _check_mediators(scope, mediators, required=False)
    if not content.strip():
        raise ValidationError({"content": _("Say what happened in the session.")})
    record = MediationRecord(
        case=case,
        date=date,
        attendees=attendees.strip(),
        content=content.strip(),
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record.full_clean()
    record.save()
    record.mediators.set(mediators)
    _audit(actor, case, ip, AuditEvent.Action.UPDATE, record_added=record.pk)
    if case.status == Case.Status.REGISTERED:
        case_start_mediation(scope=scope, actor=actor, case=case, ip=ip)
    return record


@transaction.atomic
def case_start_mediation(*, scope: Scope, actor: Any, case: Case, ip: str | None = None) -> Case:
    """registered → in mediation: needs a mediation record."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    scope.require(case.area)
    if case.status != Case.Status.REGISTERED:
        raise ValidationError(_("Only a registered case can go into mediation."))
    if not case.records.exists():
        raise ValidationError(
            _("A case goes into mediation only once a mediation record is logged.")
        )
    case.status = Case.Status.MEDIATING
    case.full_clean()
    case.save(update_fields=["status", "updated_at"])
    _audit(actor, case, ip, AuditEvent.Action.UPDATE, status=[Case.Status.REGISTERED, case.status])
    return case


def split_items(text: str) -> list[str]:
    """Agreement items from text, one a line; a typed number ("1." "2、" "(3)") is dropped."""
    items = []
    for line in (text or "").splitlines():
        line = re.sub(r"^\s*[(（]?\d{1,3}\s*[.、．:：)）]?\s*", "", line).strip()
        if line:
            items.append(line)
    return items


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
    case = Case.objects.select_for_update().get(pk=case.pk)
    scope.require(case.area)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("This case is closed already."))
    last_record = case.records.order_by("-date").values_list("date", flat=True).first()
    if case.status != Case.Status.MEDIATING or last_record is None:
        raise ValidationError(_("A case cannot be closed before a mediation record is logged."))
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
    errors: dict[str, list[str]] = {}
    if outcome == Case.Outcome.SUCCESS:
        if agreement_kind not in Case.AgreementKind.values:
            errors["agreement_kind"] = [_("A settled case needs a written or oral agreement.")]
        elif agreement_kind == Case.AgreementKind.WRITTEN:
            if not items:
                errors["items"] = [_("A written agreement needs its items.")]
            if agreement_signed_on is None:
                errors["agreement_signed_on"] = [_("Give the date the agreement was signed.")]
            elif is_future(agreement_signed_on):
                errors["agreement_signed_on"] = [FUTURE_DATE]
            elif not last_record <= agreement_signed_on <= closed_on:
                errors["agreement_signed_on"] = [
                    _("The agreement is signed after the last session and by the closing day.")
                ]
            if not agreement_copies or agreement_copies < 1:
                errors["agreement_copies"] = [
                    _("Give the number of copies handed to the parties (at least one).")
                ]
        else:
            agreement_signed_on, agreement_copies = None, None
    else:
        agreement_kind, agreement_signed_on, agreement_copies = "", None, None
        if items:
            errors["items"] = [_("Only a settled case has agreement items.")]
    if outcome == Case.Outcome.REFERRED and not referred_to.strip():
        errors["referred_to"] = [_("Say to whom the case was referred.")]
    if outcome == Case.Outcome.FAILED and not outcome_notes.strip():
        errors["outcome_notes"] = [_("Say why the mediation did not succeed.")]
    if errors:
        raise ValidationError(errors)
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
    _audit(
        actor,
        case,
        ip,
        AuditEvent.Action.UPDATE,
        status=[Case.Status.MEDIATING, Case.Status.CLOSED],
        outcome=outcome,
        items=len(items),
    )
    return case


@transaction.atomic
def judicial_set(
    *,
    scope: Scope,
    actor: Any,
    case: Case,
    decision: str,
    on: date | None,
    ip: str | None = None,
) -> Case:
    """Record whether the parties applied for judicial confirmation (ends the reminder)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    scope.require(case.area)
    if case.agreement_kind != Case.AgreementKind.WRITTEN or case.agreement_signed_on is None:
        raise ValidationError(_("Judicial confirmation is for a signed written agreement."))
    if decision not in Case.Judicial.values:
        raise ValidationError({"decision": _("Choose applied or not applied.")})
    if on is None:
        raise ValidationError({"on": _("Give the date.")})
    require_not_future(on, "on")
    if on < case.agreement_signed_on:
        raise ValidationError({"on": _("The date cannot be before the agreement was signed.")})
    case.judicial, case.judicial_on = decision, on
    case.full_clean()
    case.save(update_fields=["judicial", "judicial_on", "updated_at"])
    _audit(actor, case, ip, AuditEvent.Action.UPDATE, judicial=decision)
    return case


@transaction.atomic
def follow_up_create(
    *,
    scope: Scope,
    actor: Any,
    case: Case,
    date: date,
    result: str,
    notes: str = "",
    ip: str | None = None,
) -> FollowUp:
    """Log a follow-up visit (回访) of a settled case."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    scope.require(case.area)
    if case.status != Case.Status.CLOSED or case.outcome != Case.Outcome.SUCCESS:
        raise ValidationError(_("Follow-up visits are logged for settled cases."))
    require_not_future(date, "date")
    agreed = case.agreed_on
    if agreed is not None and date < agreed:
        raise ValidationError({"date": _("The visit cannot be before the agreement.")})
    if result not in FollowUp.Result.values:
        raise ValidationError({"result": _("Choose the result of the visit.")})
    visit = FollowUp(
        case=case,
        date=date,
        result=result,
        notes=notes.strip(),
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    visit.full_clean()
    visit.save()
    _audit(actor, case, ip, AuditEvent.Action.UPDATE, follow_up_added=visit.pk, result=result)
    return visit


@transaction.atomic
def scan_add(
    *, scope: Scope, actor: Any, case: Case, upload: Any, ip: str | None = None
) -> AgreementScan:
    """Attach a scanned page of the signed agreement (an image, checked by its content)."""
    scope.require(case.area)
    if case.agreement_kind != Case.AgreementKind.WRITTEN:
        raise ValidationError(_("Scans are attached to a written agreement."))
    try:
        content_type = validate_image(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    scan = AgreementScan(
        case=case,
        content_type=content_type,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    scan.file.save(stored_name(content_type), upload, save=False)
    scan.save()
    _audit(actor, case, ip, AuditEvent.Action.UPDATE, scan_added=scan.pk)
    return scan


# ---------------------------------------------------------------------------- personal data


def masked_party(party: Party, field: str) -> str:
    value = getattr(party, field)
    if not value:
        return ""
    return mask_id_number(value) if field == "id_number" else mask_phone(value)


def party_rows(parties: Iterable[Party], *, full: bool) -> list[dict[str, Any]]:
    """The parties as shown: contacts in the clear only when ``full``."""
    rows = []
    for party in parties:
        row: dict[str, Any] = {"name": party.name, "role": party.get_role_display()}
        for field in SENSITIVE_PARTY_FIELDS:
            row[field] = getattr(party, field) if full else masked_party(party, field)
        rows.append(row)
    return rows


def case_reveal(*, actor: Any, case: Case, ip: str | None = None) -> list[dict[str, Any]]:
    """The parties' contacts and ID numbers in the clear; refused or not, always audited."""
    if not actor.has_perm("accounts.view_sensitive"):
        audit_record(
            actor=actor,
            action=AuditEvent.Action.REVEAL,
            obj=case,
            area=case.area,
            ip=ip,
            succeeded=False,
        )
        raise PermissionDenied
    parties = list(case.parties.all())
    _audit(
        actor, case, ip, AuditEvent.Action.REVEAL, fields=list(SENSITIVE_PARTY_FIELDS),
        parties=len(parties),
    )  # fmt: skip
    return party_rows(parties, full=True)


def scan_viewed(*, actor: Any, scan: AgreementScan, ip: str | None = None) -> None:
    """A scan holds the parties' names and signatures: each viewing is a reveal."""
    audit_record(
        actor=actor,
        action=AuditEvent.Action.REVEAL,
        obj=scan.case,
        area=scan.case.area,
        ip=ip,
        detail={"scan": scan.pk},
    )
