"""Writes of service activities and their hours: entering, declining, correcting records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.models import Cadre
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.clock import require_not_future
from laoshan_portal.scoping import Scope

from ..models import ServiceActivity, ServiceRecord, Team, TeamMember

MAX_HOURS_A_DAY = Decimal(24)


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
    require_not_future(activity.date, "date")
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
        for record in activity.records.all():  # one by one: the dashboards' figures follow
            record.date = activity.date
            record.save(update_fields=["date"])
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
    person: dict[str, Cadre | TeamMember | None] = (
        {"cadre": entry.cadre} if entry.cadre is not None else {"member": entry.member}
    )
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
    require_not_future(activity.date, "date")
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
