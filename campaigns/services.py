"""Writes of the campaigns' activities: create, change, delete, each checked and audited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre
from cadres.selectors import cadre_list
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.clock import require_not_future
from laoshan_portal.photos import delete_with_photos, photos_change
from laoshan_portal.scoping import Scope

from .models import KIND_FIELDS, KIND_SPECIFIC_FIELDS, ActivityPhoto, Campaign, CampaignActivity

COMMON_FIELDS = ("area", "date", "title", "notes")
EDITABLE_FIELDS = (*COMMON_FIELDS, *KIND_SPECIFIC_FIELDS)
TEXT_FIELDS = ("title", "notes", "topic", "unit", "addressed_to")
# Numbers and the lecturer are NULL when they do not belong to the kind; text is "".
NULLABLE_FIELDS = {f.name for f in CampaignActivity._meta.concrete_fields if f.null}


def _check_people(
    *,
    scope: Scope,
    participants: Sequence[Cadre],
    lecturer: Cadre | None,
    kept: set[int],
) -> None:
    """Each person once, and everyone in scope unless already on the activity (``kept``).

    One query: the ids among them that the scope holds.
    """
    ids = [cadre.pk for cadre in participants]
    if len(ids) != len(set(ids)):
        raise ValidationError({"participants": _("The same person is chosen twice.")})
    wanted = set(ids) | ({lecturer.pk} if lecturer is not None else set())
    wanted -= kept
    if not wanted:
        return
    found = set(cadre_list(scope=scope).filter(pk__in=wanted).values_list("pk", flat=True))
    if set(ids) - kept - found:
        raise ValidationError({"participants": _("A chosen person is not in your area.")})
    if lecturer is not None and lecturer.pk in wanted - found:
        raise ValidationError({"lecturer": _("The lecturer is not in your area.")})


def _assign(activity: CampaignActivity, data: dict[str, Any]) -> None:
    """Copy the form's values; the fields of other kinds are emptied, text is trimmed."""
    own = KIND_FIELDS.get(activity.campaign_id, ())
    for name in EDITABLE_FIELDS:
        if name in COMMON_FIELDS or name in own:
            value = data.get(name)
            if name in TEXT_FIELDS:
                value = (value or "").strip()
            setattr(activity, name, value)
        else:
            setattr(activity, name, None if name in NULLABLE_FIELDS else "")


def _values(activity: CampaignActivity) -> dict[str, Any]:
    return {name: activity.serializable_value(name) for name in EDITABLE_FIELDS}


@transaction.atomic
def activity_create(
    *,
    scope: Scope,
    actor: Any,
    campaign: Campaign | str,
    data: dict[str, Any],
    participants: Sequence[Cadre] = (),
    photos: Sequence[Any] = (),
    ip: str | None = None,
) -> CampaignActivity:
    """Log an activity of ``campaign`` with its participants and photos, or nothing at all."""
    code = campaign.pk if isinstance(campaign, Campaign) else campaign
    activity = CampaignActivity(campaign_id=code, created_by=actor if actor else None)
    if code not in KIND_FIELDS:
        raise ValidationError(_("Choose one of the five campaigns."))
    _assign(activity, data)
    scope.require(activity.area)
    participants = list(participants)
    _check_people(scope=scope, participants=participants, lecturer=activity.lecturer, kept=set())
    require_not_future(activity.date, "date")
    activity.full_clean()
    change = photos_change(ActivityPhoto, activity, add=photos)
    activity.save()
    activity.participants.set(participants)
    change.apply()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=activity,
        ip=ip,
        detail={"campaign": code, "participants": len(participants), "photos": len(photos)},
    )
    return activity


@transaction.atomic
def activity_update(
    *,
    scope: Scope,
    actor: Any,
    activity: CampaignActivity,
    data: dict[str, Any],
    participants: Sequence[Cadre],
    photos: Sequence[Any] = (),
    remove_photos: Iterable[ActivityPhoto] = (),
    ip: str | None = None,
) -> CampaignActivity:
    """Change an activity; people already on it stay allowed even if outside the scope."""
    scope.require(activity.area)
    before = _values(activity)
    old_participants = set(activity.participant_links.values_list("cadre_id", flat=True))
    kept = old_participants | ({activity.lecturer_id} if activity.lecturer_id else set())
    _assign(activity, data)
    scope.require(activity.area)
    participants = list(participants)
    _check_people(scope=scope, participants=participants, lecturer=activity.lecturer, kept=kept)
    require_not_future(activity.date, "date")
    activity.full_clean()
    change = photos_change(ActivityPhoto, activity, add=photos, remove=remove_photos)
    activity.save()
    activity.participants.set(participants)
    change.apply()
    after = _values(activity)
    changed = [name for name in EDITABLE_FIELDS if after[name] != before[name]]
    if old_participants != {cadre.pk for cadre in participants}:
        changed.append("participants")
    if change.removed or change.added:
        changed.append("photos")
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=activity,
        ip=ip,
        detail={
            "changed": changed,
            "photos_added": len(photos),
            "photos_removed": len(change.removed),
        },
    )
    return activity


@transaction.atomic
def activity_delete(
    *, scope: Scope, actor: Any, activity: CampaignActivity, ip: str | None = None
) -> None:
    """Delete an activity with its participants and photos (files go once committed)."""
    scope.require(activity.area)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=activity,
        ip=ip,
        detail={"campaign": activity.campaign_id},
    )
    delete_with_photos(ActivityPhoto, activity)
