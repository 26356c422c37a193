"""Writes of API tokens: issuing a staff token (district administrators only), a
retiree's token at sign-in, revoking one, and noting its use. Every issue and revocation
goes to the audit trail.

A token is 43 URL-safe characters shown once; only its keyed hash is stored.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from laoshan_portal import clock
from laoshan_portal.accounts.models import User
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record

from .models import ApiToken

STAFF_TOKEN_DEFAULT_DAYS = 90
STAFF_TOKEN_MAX_DAYS = 365
RETIREE_TOKEN_DAYS = 30
# A token's last use is written at most this often: reads should not all be writes.
LAST_USED_EVERY = timedelta(minutes=1)


def key_hash(key: str) -> str:
    """The keyed hash a token is stored and looked up by (keyed with SECRET_KEY)."""
    return salted_hmac("api.token", key.strip(), algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A token just issued: the row, and the plain key to hand over once."""

    token: ApiToken
    key: str


def _create(*, user: User, name: str, days: int, by: User) -> IssuedToken:
    key = secrets.token_urlsafe(32)
    now = clock.now()
    token = ApiToken.objects.create(
        key_hash=key_hash(key),
        user=user,
        name=name,
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    return IssuedToken(token, key)


@transaction.atomic
def token_issue(
    *,
    actor: User,
    user: User,
    name: str,
    days: int = STAFF_TOKEN_DEFAULT_DAYS,
    ip: str | None = None,
) -> IssuedToken:
    """A staff token for ``user``, valid ``days`` days; only a district administrator
    issues one, and only to an active staff account with an area and a role."""
    if not actor.may_use_admin:
        raise PermissionDenied
    if not 1 <= days <= STAFF_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("A token is valid for 1 to %(max)s days.") % {"max": STAFF_TOKEN_MAX_DAYS}}
        )
    if user.is_retiree or not user.is_active or user.area_id is None or not user.role:
        raise ValidationError(
            {"user": _("Tokens are issued to active staff accounts with an area and a role.")}
        )
    if not name.strip():
        raise ValidationError({"name": _("Name the client the token is for.")})
    issued = _create(user=user, name=name.strip()[:64], days=days, by=actor)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=issued.token,
        area=user.area,
        ip=ip,
        detail={"api_token_for": user.username, "expires_at": issued.token.expires_at.isoformat()},
    )
    return issued


@transaction.atomic
def retiree_token_issue(*, user: User, area: object, ip: str | None = None) -> IssuedToken:
    """The token a retiree gets by signing in with their phone number and password."""
    issued = _create(user=user, name="sign-in", days=RETIREE_TOKEN_DAYS, by=user)
    audit_record(
        actor=user,
        action=AuditEvent.Action.CREATE,
        obj=issued.token,
        area=area,
        ip=ip,
        detail={"expires_at": issued.token.expires_at.isoformat()},
    )
    return issued


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken, ip: str | None = None) -> ApiToken:
    """Refuse the token from now on: the district administrator's, or its holder's own."""
    if not actor.may_use_admin and actor.pk != token.user_id:
        raise PermissionDenied
    if token.revoked:
        return token
    token.revoked = True
    token.save(update_fields=["revoked"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=token,
        area=token.user.area,
        ip=ip,
        detail={"revoked": True},
    )
    return token


def token_used(*, token: ApiToken) -> None:
    """Note that the token was just used (at most once a minute)."""
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
