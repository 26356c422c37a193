"""Writes of activities: a workroom's, or a cluster's joint one, with people and photos."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.clock import require_not_future
from laoshan_portal.photos import delete_with_photos, photos_change
from laoshan_portal.scoping import Scope

from ..models import Activity, ActivityPhoto, Cluster, Workroom
from .common import _assign, _audit, _changed, _check_people

ACTIVITY_FIELDS = ("date", "kind", "people_served", "summary")


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
    require_not_future(activity.date, "date")
    activity.full_clean()
    change = photos_change(ActivityPhoto, activity, add=photos)
    activity.save()
    activity.participants.set(participants)
    activity.joint_workrooms.set(joint)
    change.apply()
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
    require_not_future(activity.date, "date")
    activity.full_clean()
    change = photos_change(ActivityPhoto, activity, add=photos, remove=remove_photos)
    activity.save()
    activity.participants.set(participants)
    activity.joint_workrooms.set(joint)
    change.apply()
    changed = _changed(activity, before)
    if activity.workroom_id != old_workroom:
        changed.append("workroom")
    if old_people != {cadre.pk for cadre in participants}:
        changed.append("participants")
    if change.removed or change.added:
        changed.append("photos")
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        activity,
        ip=ip,
        changed=changed,
        photos_added=len(photos),
        photos_removed=len(change.removed),
    )
    return activity


@transaction.atomic
def activity_delete(*, scope: Scope, actor: Any, activity: Activity, ip: str | None = None) -> None:
    """Delete an activity with its participants and photos (files go once committed)."""
    scope.require(activity.area)
    _audit(actor, AuditEvent.Action.DELETE, activity, ip=ip)
    delete_with_photos(ActivityPhoto, activity)
