"""Two-step verification with a TOTP app (and one-time backup codes), via django-otp.

Required for administrators and superusers, optional for everyone else (once turned on,
it is asked at every sign-in). A verified sign-in is marked in the session, so checking
it costs no query per request.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record

from .models import Role, User

SESSION_KEY = "otp_device"
BACKUP_CODES = 10


def otp_required(user: Any) -> bool:
    administrator = user.is_superuser or user.role == Role.ADMIN
    return bool(user.otp_enabled or (administrator and settings.ADMIN_TWO_FACTOR))


def otp_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_KEY))


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, made if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(
    *, request: HttpRequest, user: User, device: TOTPDevice, token: str
) -> list[str] | None:
    """Confirm the device with a first code; returns the new backup codes, or None."""
    if device.user_id != user.pk or not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    user.otp_enabled = True
    user.save(update_fields=["otp_enabled"])
    request.session[SESSION_KEY] = device.persistent_id
    audit_record(actor=user, action=AuditEvent.Action.UPDATE, obj=user, detail={"otp": "on"})
    return codes


def otp_verify(*, request: HttpRequest, user: User, token: str) -> bool:
    """Check a code from the app or a backup code (each backup code works once)."""
    device = match_token(user, token.strip())
    if device is None:
        return False
    request.session[SESSION_KEY] = device.persistent_id
    return True
