"""Writes to areas and staff accounts. Each checks the actor's scope again itself."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_append, audit_record
from laoshan_portal.scoping import Scope

from .models import Area, Role, User
from .roles import ROLE_LEVELS, role_group


def _area_path(parent: Area | None, code: str) -> str:
    return f"{parent.path if parent else '/'}{code}/"


@transaction.atomic
def _require_level_below(parent: Area, level: str) -> None:
    """A child sits at a level below its parent's: no 省 under a 社区."""
    if level not in Area.Level.below(parent.level):
        raise ValidationError(
            {
                "level": _("An area below %(parent)s (%(level)s) must be of a lower level.")
                % {"parent": parent.name, "level": parent.get_level_display()}
            }
        )


def area_create(
    *,
    scope: Scope,
    actor: Any,
    parent: Area | None,
    code: str,
    name: str,
    level: str,
    ip: str | None = None,
) -> Area:
    """Add an area below ``parent``; only the unrestricted may add a root."""
    if parent is None and not scope.unrestricted:
        raise PermissionDenied
    if parent is not None:
        scope.require(parent)
        _require_level_below(parent, level)
    area = Area(
        parent=parent,
        code=code,
        name=name,
        level=level,
        path=_area_path(parent, code),
        depth=(parent.depth + 1) if parent else 0,
    )
    area.full_clean()
    area.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=area, area=area, ip=ip)
    return area


@transaction.atomic
def area_update(
    *,
    scope: Scope,
    actor: Any,
    area: Area,
    name: str,
    code: str,
    parent: Area | None,
    ip: str | None = None,
) -> Area:
    """Rename, recode or move an area; the paths of its whole subtree follow in one UPDATE."""
    if not scope.unrestricted and (scope.area is None or area.pk == scope.area.pk):
        # Staff work below their own area; its own record belongs to the level above.
        raise PermissionDenied
    scope.require(area)
    if parent is not None:
        scope.require(parent)
        _require_level_below(parent, area.level)
        if parent.is_within(area):
            raise ValidationError({"parent": _("An area cannot be moved below itself.")})
    elif not scope.unrestricted:
        raise PermissionDenied
    old_path, old_depth = area.path, area.depth
    area.name, area.code, area.parent = name, code, parent
    area.path = _area_path(parent, code)
    area.depth = (parent.depth + 1) if parent else 0
    area.full_clean()
    area.save()
    if area.path != old_path:
        Area.objects.filter(path__startswith=old_path).exclude(pk=area.pk).update(
            path=Concat(Value(area.path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + (area.depth - old_depth),
        )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=area,
        area=area,
        ip=ip,
        detail={"path": [old_path, area.path]} if area.path != old_path else {},
    )
    return area


def _check_assignment(scope: Scope, area: Area, role: str) -> None:
    scope.require(area)
    levels = ROLE_LEVELS.get(Role(role))
    if levels and area.level not in levels:
        raise ValidationError(
            {
                "role": _("A %(role)s must be assigned to an area of level: %(levels)s.")
                % {
                    "role": Role(role).label,
                    "levels": "、".join(str(Area.Level(level).label) for level in levels),
                }
            }
        )


def _apply_role(user: User) -> None:
    user.groups.set([role_group(user.role)] if user.role else [])


@transaction.atomic
def staff_create(
    *,
    scope: Scope,
    actor: Any = None,
    username: str,
    name: str,
    password: str,
    area: Area,
    role: str,
) -> User:
    _check_assignment(scope, area, role)
    user = User(username=username, name=name, area=area, role=role, is_staff=True)
    user.set_password(password)
    user.full_clean()
    user.save()
    _apply_role(user)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=user,
        area=area,
        detail={"role": role, "area": area.code},
    )
    return user


@transaction.atomic
def staff_assign(
    *, scope: Scope, actor: Any = None, user: User, name: str, area: Area, role: str
) -> User:
    """Give a staff account its area and role (both within the actor's scope)."""
    scope.require(user.area)
    _check_assignment(scope, area, role)
    before = {"area": getattr(user.area, "code", ""), "role": user.role}
    user.name, user.area, user.role, user.is_staff = name, area, role, True
    user.full_clean()
    user.save()
    _apply_role(user)
    after = {"area": area.code, "role": role}
    if before != after:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.ASSIGN,
            obj=user,
            area=area,
            detail={"before": before, "after": after},
        )
    return user


@transaction.atomic
def staff_set_active(*, scope: Scope, actor: User, user: User, active: bool) -> User:
    """Deactivate or reactivate an account; a deactivated one loses its sessions at once."""
    scope.require(user.area)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        area=user.area,
        detail={"is_active": active},
    )
    return user


def password_changed(*, user: User) -> None:
    """Start the password's age afresh (after the user changed it themselves)."""
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password_changed_at"])


def sessions_clear_expired(*, now: datetime | None = None) -> int:
    """Delete expired sessions; returns how many there were."""
    deleted, _ = Session.objects.filter(expire_date__lt=now or timezone.now()).delete()
    return deleted


def sign_in_succeeded(*, user: User, ip: str | None = None) -> None:
    audit_record(actor=user, action=AuditEvent.Action.LOGIN, ip=ip)


def sign_in_failed(*, username: str, ip: str | None = None) -> None:
    """A failed sign-in, tied to the account tried when there is one, so that its area's
    administrators see it (the name as typed is kept either way)."""
    target = User.objects.filter(username=username).select_related("area").first()
    audit_append(
        [
            AuditEvent(
                user=target,
                area=target.area if target else None,
                username=username,
                ip=ip,
                action=AuditEvent.Action.LOGIN_FAILED,
                succeeded=False,
            )
        ]
    )
