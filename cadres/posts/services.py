"""Writes of posts (taking one up, ending it) and of an area's party-organisation count."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.scoping import Scope

from ..models import Cadre, PartyOrganisationCount, Post


@transaction.atomic
def post_create(
    *,
    scope: Scope,
    actor: Any,
    cadre: Cadre,
    area: Area,
    kind: str,
    start_date: date,
    organisation: str = "",
    ip: str | None = None,
) -> Post:
    scope.require(cadre.area, "cadre")
    scope.require(area)
    if cadre.status != Cadre.Status.ACTIVE:
        raise ValidationError({"cadre": _("Only an active record can take up a post.")})
    post = Post(
        cadre=cadre,
        area=area,
        kind=kind,
        organisation=organisation.strip(),
        start_date=start_date,
    )
    post.full_clean()
    post.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=post, ip=ip)
    return post


@transaction.atomic
def post_end(
    *, scope: Scope, actor: Any, post: Post, end_date: date, ip: str | None = None
) -> Post:
    scope.require(post.area)
    if post.end_date is not None:
        raise ValidationError(_("This post has ended already."))
    if end_date < post.start_date:
        message = _("The end date cannot be before the start date (%(start)s).")
        raise ValidationError({"end_date": message % {"start": post.start_date.isoformat()}})
    post.end_date = end_date
    post.full_clean()
    post.save(update_fields=["end_date"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=post,
        ip=ip,
        detail={"end_date": end_date.isoformat()},
    )
    return post


@transaction.atomic
def party_organisation_count_set(
    *,
    scope: Scope,
    actor: Any,
    area: Area,
    count: int,
    members: int | None = None,
    groups: int | None = None,
    ip: str | None = None,
) -> PartyOrganisationCount:
    """Set how many grassroots party organisations ``area`` itself has, with their
    registered party members and party groups when known."""
    scope.require(area)
    row = PartyOrganisationCount.objects.select_for_update().filter(area=area).first()
    created = row is None
    before = None if row is None else row.count
    if row is None:
        row = PartyOrganisationCount(area=area, count=count)
    row.count, row.members, row.groups = count, members, groups
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=row,
        ip=ip,
        detail={"count": count, "before": before, "members": members, "groups": groups},
    )
    return row
