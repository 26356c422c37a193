"""Writes of workrooms, clusters, activities and deliberation: checked, atomic, audited.

Every service checks the scope again (the area, and every person or workroom chosen),
calls ``full_clean()`` before saving and writes the audit entry in the same transaction,
so a refused input leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre
from cadres.selectors import cadre_list
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.photos import files_delete_after_commit, photos_check, photos_store
from laoshan_portal.scoping import Scope

from .models import (
    Activity,
    ActivityPhoto,
    Agreement,
    AgreementItem,
    Cluster,
    FollowUp,
    Mechanism,
    Meeting,
    Workroom,
)
from .selectors import mechanism_list, workroom_list

WORKROOM_FIELDS = ("area", "name", "kind", "founded_on", "is_demonstration",
                   "supervising_branch", "description")  # fmt: skip
CLUSTER_FIELDS = ("area", "name", "description")
ACTIVITY_FIELDS = ("date", "kind", "people_served", "summary")
MECHANISM_FIELDS = ("area", "name", "kind", "host_workroom", "frequency", "parties", "notes")
MEETING_FIELDS = ("date", "attendee_count", "attendees", "issues", "decisions")
FOLLOW_UP_FIELDS = ("description", "owner", "due_on", "status")
AGREEMENT_FIELDS = ("area", "mechanism", "title", "date", "parties", "item_count",
                    "money_recovered", "money_destination", "notes")  # fmt: skip
ITEM_FIELDS = ("number", "text", "status")


# --- shared pieces -------------------------------------------------------------------


def _assign(obj: models.Model, data: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """Copy ``fields`` from ``data`` (text trimmed); returns the values before."""
    before = {name: getattr(obj, obj._meta.get_field(name).attname) for name in fields}
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, name, value)
    return before


def _changed(obj: models.Model, before: dict[str, Any]) -> list[str]:
    return [
        name for name, old in before.items()
        if getattr(obj, obj._meta.get_field(name).attname) != old
    ]  # fmt: skip


def _check_people(
    *, scope: Scope, people: Sequence[Cadre], kept: set[int], field: str = "participants"
) -> None:
    """Each person once, and everyone in scope unless already on the record (``kept``)."""
    ids = [cadre.pk for cadre in people]
    if len(ids) != len(set(ids)):
        raise ValidationError({field: _("The same person is chosen twice.")})
    wanted = set(ids) - kept
    if not wanted:
        return
    found = set(cadre_list(scope=scope).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        raise ValidationError({field: _("A chosen person is not in your area.")})


def _audit(
    actor: Any,
    action: str,
    obj: models.Model,
    *,
    area: Area | None = None,
    ip: str | None = None,
    **detail: Any,
) -> None:
    audit_record(actor=actor, action=action, obj=obj, area=area, ip=ip, detail=detail)


def _refuse_if_used(obj: models.Model, message: str) -> None:
    try:
        obj.delete()
    except models.ProtectedError:
        raise ValidationError(message) from None


# --- workrooms -----------------------------------------------------------------------


def _check_workroom_people(
    *, scope: Scope, lead: Cadre, members: Sequence[Cadre], kept: set[int]
) -> None:
    _check_people(scope=scope, people=[lead], kept=kept, field="lead")
    _check_people(scope=scope, people=members, kept=kept, field="members")


@transaction.atomic
def workroom_create(
    *,
    scope: Scope,
    actor: Any,
    data: dict[str, Any],
    lead: Cadre,
    members: Sequence[Cadre] = (),
    ip: str | None = None,
) -> Workroom:
    """A workroom with its lead (who is also a member) and members."""
    workroom = Workroom(lead=lead)
    _assign(workroom, data, WORKROOM_FIELDS)
    scope.require(workroom.area)
    members = list(members)
    _check_workroom_people(scope=scope, lead=lead, members=members, kept=set())
    workroom.full_clean()
    workroom.save()
    workroom.members.set(_with_lead(lead, members))
    _audit(actor, AuditEvent.Action.CREATE, workroom, ip=ip, members=len(members))
    return workroom


def _with_lead(lead: Cadre, members: list[Cadre]) -> list[Cadre]:
    return members if any(m.pk == lead.pk for m in members) else [lead, *members]


@transaction.atomic
def workroom_update(
    *,
    scope: Scope,
    actor: Any,
    workroom: Workroom,
    data: dict[str, Any],
    lead: Cadre,
    members: Sequence[Cadre],
    ip: str | None = None,
) -> Workroom:
    """Change a workroom; people already in it stay allowed even if outside the scope."""
    scope.require(workroom.area)
    old_members = set(workroom.memberships.values_list("cadre_id", flat=True))
    kept = old_members | {workroom.lead_id}
    old_lead = workroom.lead_id
    before = _assign(workroom, data, WORKROOM_FIELDS)
    workroom.lead = lead
    scope.require(workroom.area)
    members = _with_lead(lead, list(members))
    _check_workroom_people(scope=scope, lead=lead, members=members, kept=kept)
    workroom.full_clean()
    workroom.save()
    workroom.members.set(members)
    changed = _changed(workroom, before)
    if "area" in changed:
        # One filter serves workroom and joint activities: their area follows the workroom.
        workroom.activities.update(area=workroom.area)
    if old_lead != lead.pk:
        changed.append("lead")
    if old_members != {m.pk for m in members}:
        changed.append("members")
    _audit(actor, AuditEvent.Action.UPDATE, workroom, ip=ip, changed=changed)
    return workroom


@transaction.atomic
def workroom_delete(*, scope: Scope, actor: Any, workroom: Workroom, ip: str | None = None) -> None:
    """Delete a workroom that has logged nothing and belongs to no mechanism or cluster."""
    scope.require(workroom.area)
    _audit(actor, AuditEvent.Action.DELETE, workroom, ip=ip)
    workroom.memberships.all().delete()
    _refuse_if_used(
        workroom,
        _("This workroom has activities, mechanisms or clusters and cannot be deleted."),
    )


# --- clusters ------------------------------------------------------------------------


def _check_cluster_workrooms(scope: Scope, cluster: Cluster, workrooms: list[Workroom]) -> None:
    ids = [w.pk for w in workrooms]
    if len(ids) != len(set(ids)):
        raise ValidationError({"workrooms": _("The same workroom is chosen twice.")})
    found = set(workroom_list(scope=scope).filter(pk__in=ids).values_list("pk", flat=True))
    if set(ids) - found:
        raise ValidationError({"workrooms": _("A chosen workroom is not in your area.")})
    outside = [w.name for w in workrooms if not w.area.is_within(cluster.area)]
    if outside:
        raise ValidationError(
            {
                "workrooms": _("These workrooms are not in the cluster's area: %(names)s.")
                % {"names": "、".join(outside)}
            }
        )


@transaction.atomic
def cluster_create(
    *,
    scope: Scope,
    actor: Any,
    data: dict[str, Any],
    workrooms: Sequence[Workroom],
    ip: str | None = None,
) -> Cluster:
    cluster = Cluster()
    _assign(cluster, data, CLUSTER_FIELDS)
    scope.require(cluster.area)
    workrooms = list(workrooms)
    _check_cluster_workrooms(scope, cluster, workrooms)
    cluster.full_clean()
    cluster.save()
    cluster.workrooms.set(workrooms)
    _audit(actor, AuditEvent.Action.CREATE, cluster, ip=ip, workrooms=len(workrooms))
    return cluster


@transaction.atomic
def cluster_update(
    *,
    scope: Scope,
    actor: Any,
    cluster: Cluster,
    data: dict[str, Any],
    workrooms: Sequence[Workroom],
    ip: str | None = None,
) -> Cluster:
    scope.require(cluster.area)
    old = set(cluster.memberships.values_list("workroom_id", flat=True))
    before = _assign(cluster, data, CLUSTER_FIELDS)
    scope.require(cluster.area)
    workrooms = list(workrooms)
    _check_cluster_workrooms(scope, cluster, workrooms)
    cluster.full_clean()
    cluster.save()
    cluster.workrooms.set(workrooms)
    changed = _changed(cluster, before)
    if "area" in changed:
        cluster.activities.update(area=cluster.area)
    if old != {w.pk for w in workrooms}:
        changed.append("workrooms")
    _audit(actor, AuditEvent.Action.UPDATE, cluster, ip=ip, changed=changed)
    return cluster


@transaction.atomic
def cluster_delete(*, scope: Scope, actor: Any, cluster: Cluster, ip: str | None = None) -> None:
    scope.require(cluster.area)
    _audit(actor, AuditEvent.Action.DELETE, cluster, ip=ip)
    cluster.memberships.all().delete()
    _refuse_if_used(cluster, _("This cluster has joint activities and cannot be deleted."))


# --- activities ----------------------------------------------------------------------


def _check_joint(cluster: Cluster | None, joint: list[Workroom]) -> None:
    if cluster is None:
        if joint:
            raise ValidationError(
                {"joint_workrooms": _("Only a cluster's joint activity lists workrooms.")}
            )
        return
    ids = [w.pk for w in joint]
    if len(ids) != len(set(ids)):
        raise ValidationError({"joint_workrooms": _("The same workroom is chosen twice.")})
    members = set(cluster.memberships.values_list("workroom_id", flat=True))
    if set(ids) - members:
        raise ValidationError(
            {"joint_workrooms": _("A chosen workroom does not belong to this cluster.")}
        )


@transaction.atomic
def activity_create(
    *,
    scope: Scope,
    actor: Any,
    data: dict[str, Any],
    workroom: Workroom | None = None,
    cluster: Cluster | None = None,
    joint_workrooms: Sequence[Workroom] = (),
    participants: Sequence[Cadre] = (),
    photos: Sequence[Any] = (),
    ip: str | None = None,
) -> Activity:
    """Log an activity of a workroom, or a joint one of a cluster, or nothing at all."""
    if (workroom is None) == (cluster is None):
        raise ValidationError({"workroom": _("Choose the workroom the activity belongs to.")})
    owner: Workroom | Cluster = workroom or cluster  # type: ignore[assignment]
    scope.require(owner.area, "workroom")
    activity = Activity(
        workroom=workroom, cluster=cluster, area=owner.area, created_by=actor or None
    )
    _assign(activity, data, ACTIVITY_FIELDS)
    participants = list(participants)
    joint = list(joint_workrooms)
    _check_people(scope=scope, people=participants, kept=set())
    _check_joint(cluster, joint)
    activity.full_clean()
    types = photos_check(photos, already=0)
    activity.save()
    activity.participants.set(participants)
    activity.joint_workrooms.set(joint)
    photos_store(ActivityPhoto, activity, photos, types)
    _audit(
        actor,
        AuditEvent.Action.CREATE,
        activity,
        ip=ip,
        participants=len(participants),
        photos=len(photos),
    )
    return activity


@transaction.atomic
def activity_update(
    *,
    scope: Scope,
    actor: Any,
    activity: Activity,
    data: dict[str, Any],
    workroom: Workroom | None = None,
    joint_workrooms: Sequence[Workroom] = (),
    participants: Sequence[Cadre] = (),
    photos: Sequence[Any] = (),
    remove_photos: Iterable[ActivityPhoto] = (),
    ip: str | None = None,
) -> Activity:
    """Change an activity; a workroom's may move to another workroom in scope."""
    scope.require(activity.area)
    before = _assign(activity, data, ACTIVITY_FIELDS)
    old_workroom = activity.workroom_id
    if activity.workroom_id and workroom is not None and workroom.pk != activity.workroom_id:
        scope.require(workroom.area, "workroom")
        activity.workroom = workroom
        activity.area = workroom.area
    old_people = set(activity.participant_links.values_list("cadre_id", flat=True))
    participants = list(participants)
    joint = list(joint_workrooms)
    _check_people(scope=scope, people=participants, kept=old_people)
    _check_joint(activity.cluster, joint)
    activity.full_clean()
    removed = [photo for photo in remove_photos if photo.activity_id == activity.pk]
    remaining = activity.photos.count() - len(removed)
    types = photos_check(photos, already=remaining)
    activity.save()
    activity.participants.set(participants)
    activity.joint_workrooms.set(joint)
    names = [photo.file.name for photo in removed]
    ActivityPhoto.objects.filter(pk__in=[photo.pk for photo in removed]).delete()
    files_delete_after_commit(names)
    photos_store(ActivityPhoto, activity, photos, types)
    changed = _changed(activity, before)
    if activity.workroom_id != old_workroom:
        changed.append("workroom")
    if old_people != {cadre.pk for cadre in participants}:
        changed.append("participants")
    if removed or photos:
        changed.append("photos")
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        activity,
        ip=ip,
        changed=changed,
        photos_added=len(photos),
        photos_removed=len(removed),
    )
    return activity


@transaction.atomic
def activity_delete(*, scope: Scope, actor: Any, activity: Activity, ip: str | None = None) -> None:
    """Delete an activity with its participants and photos (files go once committed)."""
    scope.require(activity.area)
    _audit(actor, AuditEvent.Action.DELETE, activity, ip=ip)
    names = list(activity.photos.values_list("file", flat=True))
    activity.delete()
    files_delete_after_commit(names)


# --- deliberation: mechanisms, meetings, follow-ups ----------------------------------


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
