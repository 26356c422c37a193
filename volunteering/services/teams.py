"""Writes of teams and their members (cadres of the registry, or residents), and phones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre
from cadres.validators import mask_phone, validate_mobile
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.clock import require_not_future, today
from laoshan_portal.scoping import Scope

from ..models import Team, TeamMember


def _require_cadres_within(scope: Scope, cadres: Iterable[Cadre], field: str) -> None:
    for cadre in cadres:
        if not scope.contains(cadre.area):
            raise ValidationError({field: _("A chosen person is not in your area.")})


def _team_save(scope: Scope, team: Team) -> None:
    scope.require(team.area)
    if team.leader is not None:
        _require_cadres_within(scope, [team.leader], "leader")
    require_not_future(team.founded, "founded")
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
