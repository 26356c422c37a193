"""Writes of teams, activities, service hours and certificates.

Every function is keyword-only and atomic, checks the scope again, validates before it
saves and writes the audit entry in the same transaction: a refused entry saves nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.models import Cadre
from cadres.validators import mask_id_number, mask_phone, validate_mobile
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.clock import today
from laoshan_portal.scoping import Scope

from .models import Certificate, ServiceActivity, ServiceRecord, Team, TeamMember
from .selectors import records_for_certificate

MAX_HOURS_A_DAY = Decimal(24)
CERTIFICATE_PREFIX = "LS"
SIGNING_SALT = "volunteering.certificate"


def _require_cadres_within(scope: Scope, cadres: Iterable[Cadre], field: str) -> None:
    for cadre in cadres:
        if not scope.contains(cadre.area):
            raise ValidationError({field: _("A chosen person is not in your area.")})


def _not_in_future(value: date | None, field: str) -> None:
    if value is not None and value > today():
        raise ValidationError({field: _("The date cannot be in the future.")})


# --- teams -------------------------------------------------------------------------


def _team_save(scope: Scope, team: Team) -> None:
    scope.require(team.area)
    if team.leader is not None:
        _require_cadres_within(scope, [team.leader], "leader")
    _not_in_future(team.founded, "founded")
    team.name = team.name.strip()
    team.brand = team.brand.strip()
    try:
        team.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict:  # the unique name in the area
            raise ValidationError(
                {"name": _("A team of this name exists already in this area.")}
            ) from None
        raise
    team.save()
    if team.leader is not None:
        _add_cadre(team, team.leader, joined=team.founded)


def _add_cadre(team: Team, cadre: Cadre, *, joined: date | None = None) -> bool:
    """Make ``cadre`` a current member; False when they are one already."""
    member = TeamMember.objects.filter(team=team, cadre=cadre).first()
    if member is None:
        TeamMember.objects.create(team=team, cadre=cadre, joined=joined or today())
        return True
    if member.left is not None:
        member.left = None
        member.joined = joined or today()
        member.save(update_fields=["left", "joined"])
        return True
    return False


@transaction.atomic
def team_create(
    *,
    scope: Scope,
    actor: Any,
    name: str,
    kind: str,
    area: Area,
    brand: str = "",
    leader: Cadre | None = None,
    founded: date | None = None,
    active: bool = True,
    ip: str | None = None,
) -> Team:
    team = Team(
        name=name, kind=kind, area=area, brand=brand, leader=leader, founded=founded, active=active
    )
    _team_save(scope, team)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=team, ip=ip)
    return team


@transaction.atomic
def team_update(
    *,
    scope: Scope,
    actor: Any,
    team: Team,
    name: str,
    kind: str,
    area: Area,
    brand: str,
    leader: Cadre | None,
    founded: date | None,
    active: bool,
    ip: str | None = None,
) -> Team:
    scope.require(team.area)
    data = {
        "name": name,
        "kind": kind,
        "brand": brand,
        "area": area,
        "leader": leader,
        "founded": founded,
        "active": active,
    }
    changed = [k for k, v in data.items() if getattr(team, k) != v]
    for field in changed:
        setattr(team, field, data[field])
    _team_save(scope, team)
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=team, ip=ip, detail={"fields": changed}
    )
    return team


@transaction.atomic
def team_cadres_add(
    *, scope: Scope, actor: Any, team: Team, cadres: Sequence[Cadre], ip: str | None = None
) -> int:
    """Add cadres of the registry as members; returns how many were not members yet."""
    scope.require(team.area)
    _require_cadres_within(scope, cadres, "cadres")
    added = [cadre.pk for cadre in cadres if _add_cadre(team, cadre)]
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=team,
        ip=ip,
        detail={"members_added": added},
    )
    return len(added)


@transaction.atomic
def team_resident_add(
    *, scope: Scope, actor: Any, team: Team, name: str, phone: str = "", ip: str | None = None
) -> TeamMember:
    """Add a resident who is not in the registry: a name, and a phone if they have one."""
    scope.require(team.area)
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Please give the name.")]
    if phone:
        try:
            phone = validate_mobile(phone)
        except ValidationError as error:
            errors["phone"] = error.messages
    if errors:
        raise ValidationError(errors)
    member = TeamMember(team=team, resident_name=name, resident_phone=phone, joined=today())
    member.full_clean()
    member.save()
    # The phone is not copied into the trail: it would be a second, clear copy.
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=member,
        area=team.area,
        ip=ip,
        detail={"team": team.pk},
    )
    return member


@transaction.atomic
def team_member_remove(
    *, scope: Scope, actor: Any, member: TeamMember, ip: str | None = None
) -> TeamMember:
    """A member leaves: the row stays (with the date), so past hours keep their person."""
    team = member.team
    scope.require(team.area)
    if member.left is not None:
        raise ValidationError(_("This person has left the team already."))
    if member.cadre_id is not None and member.cadre_id == team.leader_id:
        raise ValidationError(_("The leader cannot leave: choose another leader first."))
    member.left = today()
    member.save(update_fields=["left"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=member,
        area=team.area,
        ip=ip,
        detail={"left": member.left.isoformat()},
    )
    return member


def member_phone_display(member: TeamMember) -> str:
    return mask_phone(member.resident_phone) if member.resident_phone else ""


def team_phones_reveal(
    *, actor: Any, team: Team, members: Iterable[TeamMember], ip: str | None = None
) -> dict[int, str]:
    """Residents' phones in the clear, for a user allowed to see them; always audited."""
    if not actor.has_perm("accounts.view_sensitive"):
        audit_record(actor=actor, action=AuditEvent.Action.REVEAL, obj=team, ip=ip, succeeded=False)
        raise PermissionDenied
    phones = {m.pk: m.resident_phone for m in members if m.resident_phone}
    audit_record(
        actor=actor,
        action=AuditEvent.Action.REVEAL,
        obj=team,
        ip=ip,
        detail={"fields": ["resident_phone"], "members": sorted(phones)},
    )
    return phones


# --- activities and hours -----------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """Hours of one person at an activity: a cadre, or a resident member of the team."""

    hours: Any
    cadre: Cadre | None = None
    member: TeamMember | None = None

    @property
    def name(self) -> str:
        return self.cadre.name if self.cadre is not None else self.member.resident_name  # type: ignore[union-attr]

    @property
    def key(self) -> tuple[str, int]:
        return ("c", self.cadre.pk) if self.cadre is not None else ("m", self.member.pk)  # type: ignore[union-attr]


def _hours(value: Any, name: str) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(name)s: the hours must be a number.") % {"name": name}) from None
    if hours <= 0:
        raise ValidationError(_("%(name)s: the hours must be more than 0.") % {"name": name})
    if hours > MAX_HOURS_A_DAY:
        raise ValidationError(
            _("%(name)s: nobody serves more than 24 hours a day.") % {"name": name}
        )
    return hours


def _activity_check(scope: Scope, activity: ServiceActivity) -> None:
    scope.require(activity.team.area, "team")
    if activity.date is None:
        raise ValidationError({"date": _("Please give the date.")})
    _not_in_future(activity.date, "date")
    activity.title = (activity.title or "").strip()
    activity.full_clean()


@transaction.atomic
def activity_create(
    *,
    scope: Scope,
    actor: Any,
    team: Team,
    date: date,
    title: str,
    place: str = "",
    content: str = "",
    entries: Sequence[Entry] = (),
    ip: str | None = None,
) -> ServiceActivity:
    """Log an activity, and with ``entries`` its hours in the same transaction."""
    activity = ServiceActivity(
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        team=team,
        date=date,
        title=title,
        place=place,
        content=content,
    )
    _activity_check(scope, activity)
    activity.save()
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, obj=activity, area=activity.team.area, ip=ip
    )
    if entries:
        service_records_add(scope=scope, actor=actor, activity=activity, entries=entries, ip=ip)
    return activity


@transaction.atomic
def activity_update(
    *,
    scope: Scope,
    actor: Any,
    activity: ServiceActivity,
    team: Team,
    date: date,
    title: str,
    place: str,
    content: str,
    ip: str | None = None,
) -> ServiceActivity:
    """Change what, where and when; a new date must keep everyone within 24 hours."""
    scope.require(activity.team.area, "team")
    data = {"team": team, "date": date, "title": title, "place": place, "content": content}
    changed = [k for k, v in data.items() if getattr(activity, k) != v]
    for field in changed:
        setattr(activity, field, data[field])
    _activity_check(scope, activity)
    activity.save()
    if "date" in changed:
        records = list(activity.records.filter(status=ServiceRecord.Status.ACCEPTED))
        activity.records.update(date=activity.date)
        for record in records:
            _check_day(
                date=activity.date,
                entry=Entry(hours=Decimal(0), cadre=record.cadre, member=record.member),
                adding=Decimal(0),
                field="date",
            )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=activity,
        area=activity.team.area,
        ip=ip,
        detail={"fields": changed},
    )
    return activity


def _lock_person(entry: Entry) -> None:
    """Serialise entries of one person, so two staff cannot both fill the same day."""
    if entry.cadre is not None:
        Cadre.objects.select_for_update().filter(pk=entry.cadre.pk).exists()
    else:
        TeamMember.objects.select_for_update().filter(pk=entry.member.pk).exists()  # type: ignore[union-attr]


def _check_day(*, date: date, entry: Entry, adding: Decimal, field: str | None = None) -> None:
    person = {"cadre": entry.cadre} if entry.cadre is not None else {"member": entry.member}
    served = ServiceRecord.objects.filter(
        status=ServiceRecord.Status.ACCEPTED, date=date, **person
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if served + adding > MAX_HOURS_A_DAY:
        message = _(
            "%(name)s would have more than 24 hours on %(date)s (%(served)s hours entered already)."
        ) % {"name": entry.name, "date": date.isoformat(), "served": served}
        raise ValidationError({field: [message]} if field else message)


@transaction.atomic
def service_records_add(
    *,
    scope: Scope,
    actor: Any,
    activity: ServiceActivity,
    entries: Sequence[Entry],
    ip: str | None = None,
) -> list[ServiceRecord]:
    """Enter hours for several people at once: all of them, or none when one is refused."""
    team = activity.team
    scope.require(team.area, "team")
    _not_in_future(activity.date, "date")
    if not entries:
        raise ValidationError(_("Choose at least one person and their hours."))
    errors: list[str] = []
    seen: set[tuple[str, int]] = set()
    checked: list[tuple[Entry, Decimal]] = []
    for entry in entries:
        if entry.cadre is not None and not scope.contains(entry.cadre.area):
            errors.append(_("A chosen person is not in your area."))
            continue
        if entry.member is not None and entry.member.team_id != team.pk:
            errors.append(_("%(name)s is not a member of this team.") % {"name": entry.name})
            continue
        if entry.key in seen:
            errors.append(_("%(name)s is chosen twice.") % {"name": entry.name})
            continue
        seen.add(entry.key)
        try:
            checked.append((entry, _hours(entry.hours, entry.name)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    made = []
    for entry, hours in sorted(checked, key=lambda pair: pair[0].key):
        _lock_person(entry)
        already = activity.records.filter(
            status=ServiceRecord.Status.ACCEPTED, cadre=entry.cadre, member=entry.member
        ).exists()
        if already:
            errors.append(_("%(name)s is on this activity already.") % {"name": entry.name})
            continue
        try:
            _check_day(date=activity.date, entry=entry, adding=hours)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        made.append(_record_save(activity, entry, hours, actor))
    if errors:
        # Raising rolls back the records made above: nothing is half-saved.
        raise ValidationError(errors)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=activity,
        area=team.area,
        ip=ip,
        detail={"records": [r.pk for r in made], "hours": str(sum(r.hours for r in made))},
    )
    return made


def _record_save(
    activity: ServiceActivity,
    entry: Entry,
    hours: Decimal,
    actor: Any,
    corrects: ServiceRecord | None = None,
) -> ServiceRecord:
    record = ServiceRecord(
        activity=activity,
        cadre=entry.cadre,
        member=entry.member,
        date=activity.date,
        hours=hours,
        corrects=corrects,
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record.full_clean(validate_constraints=False)
    try:
        # A savepoint, so the unique constraint's refusal leaves the transaction usable.
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError(
            _("%(name)s is on this activity already.") % {"name": entry.name}
        ) from None
    return record


def _decline(record: ServiceRecord, actor: Any, reason: str) -> None:
    record.status = ServiceRecord.Status.DECLINED
    record.decline_reason = reason
    record.declined_by = actor if getattr(actor, "is_authenticated", False) else None
    record.declined_at = timezone.now()
    record.full_clean(validate_constraints=False)
    record.save(update_fields=["status", "decline_reason", "declined_by", "declined_at"])


def _locked_accepted(scope: Scope, record: ServiceRecord) -> ServiceRecord:
    scope.require(record.activity.team.area, "team")
    current = (
        ServiceRecord.objects.select_for_update(of=("self",))
        .select_related("activity", "activity__team", "cadre", "member")
        .get(pk=record.pk)
    )
    if current.status != ServiceRecord.Status.ACCEPTED:
        raise ValidationError(_("This entry has been declined already."))
    return current


@transaction.atomic
def service_record_decline(
    *, scope: Scope, actor: Any, record: ServiceRecord, reason: str, ip: str | None = None
) -> ServiceRecord:
    """Decline a wrong entry: it stays, marked, with the reason, who and when."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for declining.")})
    record = _locked_accepted(scope, record)
    _decline(record, actor, reason)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=record,
        area=record.activity.team.area,
        ip=ip,
        detail={"status": "declined"},
    )
    return record


@transaction.atomic
def service_record_correct(
    *,
    scope: Scope,
    actor: Any,
    record: ServiceRecord,
    hours: Any,
    reason: str,
    ip: str | None = None,
) -> ServiceRecord:
    """Decline an entry and enter the corrected hours beside it, in one step."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for the correction.")})
    record = _locked_accepted(scope, record)
    entry = Entry(hours=hours, cadre=record.cadre, member=record.member)
    try:
        corrected = _hours(hours, entry.name)
    except ValidationError as error:
        raise ValidationError({"hours": error.messages}) from None
    _decline(record, actor, reason)
    _lock_person(entry)
    _check_day(date=record.date, entry=entry, adding=corrected, field="hours")
    new = _record_save(record.activity, entry, corrected, actor, corrects=record)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=record,
        area=record.activity.team.area,
        ip=ip,
        detail={"status": "declined", "corrected_by": new.pk, "hours": str(corrected)},
    )
    return new


# --- certificates -------------------------------------------------------------------


def masked_name(name: str) -> str:
    """于通海 → 于*海, 韩卫 → 韩*: enough to recognise, not to copy."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


ISSUING_BUREAU_LEVELS = (Area.Level.PROVINCE, Area.Level.CITY, Area.Level.DISTRICT)


def issuer_name(area: Area) -> str:
    """A district (or higher) issues as its retired cadres bureau; a street or community
    as itself."""
    if area.level in ISSUING_BUREAU_LEVELS:
        # An organisation's proper name, frozen into the certificate: not a UI string.
        return f"{area.name}委老干部局"
    return area.name


def _root_of(area: Area) -> Area:
    code = area.path.strip("/").split("/")[0]
    return Area.objects.get(code=code)


def certificate_signature(number: str) -> str:
    return signing.Signer(salt=SIGNING_SALT).signature(number)


def certificate_verify_path(certificate: Certificate) -> str:
    number = certificate.number or ""
    return reverse(
        "volunteering:certificate_verify",
        kwargs={"number": number, "signature": certificate_signature(number)},
    )


def certificate_from_link(*, number: str, signature: str) -> Certificate | None:
    """The certificate a verification link names, or None for a bad signature."""
    signer = signing.Signer(salt=SIGNING_SALT)
    try:
        signer.unsign(f"{number}{signer.sep}{signature}")
    except signing.BadSignature:
        return None
    return Certificate.objects.filter(number=number).select_related("issuer_area").first()


@transaction.atomic
def certificate_issue(
    *,
    scope: Scope,
    actor: Any,
    period_start: date,
    period_end: date,
    cadre: Cadre | None = None,
    member: TeamMember | None = None,
    ip: str | None = None,
) -> Certificate:
    """Issue a certificate of the accepted hours the issuer holds for a period."""
    if (cadre is None) == (member is None):
        raise ValidationError(_("A certificate is for one person."))
    holder_area = cadre.area if cadre is not None else member.team.area  # type: ignore[union-attr]
    scope.require(holder_area)
    if period_start is None or period_end is None:
        raise ValidationError(_("Please give the period."))
    _not_in_future(period_end, "period_end")
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end date cannot be before the start date.")})
    records = records_for_certificate(
        scope=scope, cadre=cadre, member=member, start=period_start, end=period_end
    )
    if not records:
        raise ValidationError(_("There are no accepted hours in this period to certify."))
    issuing_area = getattr(actor, "area", None) or _root_of(holder_area)
    name = cadre.name if cadre is not None else member.resident_name  # type: ignore[union-attr]
    certificate = Certificate(
        area=holder_area,
        cadre=cadre,
        member=member,
        holder_name=name,
        id_number_masked=mask_id_number(cadre.id_number) if cadre and cadre.id_number else "",
        period_start=period_start,
        period_end=period_end,
        total_hours=sum((r.hours for r in records), Decimal(0)),
        activity_count=len({r.activity_id for r in records}),
        activities=[
            {
                "date": r.date.isoformat(),
                "title": r.activity.title,
                "team": r.activity.team.name,
                "hours": str(r.hours),
            }
            for r in records
        ],
        issuer_name=issuer_name(issuing_area),
        issuer_area=issuing_area,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        issued_on=today(),
    )
    certificate.full_clean(exclude=["number"])
    certificate.save()
    # The number follows the row id: unique without a counter to lock.
    certificate.number = f"{CERTIFICATE_PREFIX}-{certificate.issued_on.year}-{certificate.pk:06d}"
    certificate.save(update_fields=["number"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=certificate,
        ip=ip,
        detail={"hours": str(certificate.total_hours), "records": len(records)},
    )
    return certificate


@transaction.atomic
def certificate_revoke(
    *, scope: Scope, actor: Any, certificate: Certificate, reason: str, ip: str | None = None
) -> Certificate:
    """Revoke a certificate: its verification page says so from now on."""
    scope.require(certificate.area)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for revoking.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate has been revoked already."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=certificate,
        ip=ip,
        detail={"status": "revoked"},
    )
    return certificate
