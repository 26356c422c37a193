"""Writes of workrooms (lead and members) and of clusters (the workrooms they join)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre
from laoshan_portal.clock import require_not_future
from laoshan_portal.scoping import Scope

from ..models import Cluster, Workroom
from ..selectors import workroom_list
from .common import _assign, _check_people, _delete, _save_changes, _save_new

WORKROOM_FIELDS = ("area", "name", "kind", "founded_on", "is_demonstration",
                   "supervising_branch", "description")  # fmt: skip
CLUSTER_FIELDS = ("area", "name", "description")


def _named(changes: dict[str, bool]) -> list[str]:
    return [name for name, changed in changes.items() if changed]


def _activities_follow(owner: Workroom | Cluster, before: dict[str, Any]) -> None:
    """One filter serves workroom and joint activities: their area follows their owner's."""
    if owner.area_id != before["area"]:
        owner.activities.update(area=owner.area)


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
    require_not_future(workroom.founded_on, "founded_on")
    _save_new(actor, workroom, ip=ip, members=len(members))
    workroom.members.set(_with_lead(lead, members))
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
    require_not_future(workroom.founded_on, "founded_on")
    also = _named({"lead": old_lead != lead.pk, "members": old_members != {m.pk for m in members}})
    _save_changes(actor, workroom, before, ip=ip, also=also)
    workroom.members.set(members)
    _activities_follow(workroom, before)
    return workroom


@transaction.atomic
def workroom_delete(*, scope: Scope, actor: Any, workroom: Workroom, ip: str | None = None) -> None:
    """Delete a workroom that has logged nothing and belongs to no mechanism or cluster."""
    scope.require(workroom.area)
    workroom.memberships.all().delete()
    refuse = _("This workroom has activities, mechanisms or clusters and cannot be deleted.")
    _delete(actor, workroom, ip=ip, refuse=refuse)


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
    _save_new(actor, cluster, ip=ip, workrooms=len(workrooms))
    cluster.workrooms.set(workrooms)
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
    also = _named({"workrooms": old != {w.pk for w in workrooms}})
    _save_changes(actor, cluster, before, ip=ip, also=also)
    cluster.workrooms.set(workrooms)
    _activities_follow(cluster, before)
    return cluster


@transaction.atomic
def cluster_delete(*, scope: Scope, actor: Any, cluster: Cluster, ip: str | None = None) -> None:
    scope.require(cluster.area)
    cluster.memberships.all().delete()
    refuse = _("This cluster has joint activities and cannot be deleted.")
    _delete(actor, cluster, ip=ip, refuse=refuse)
