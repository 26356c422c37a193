"""Reads of API tokens. Tokens belong to accounts, not to areas: the district
administrator lists them all, a holder only their own."""

from __future__ import annotations

from django.db import models

from laoshan_portal import clock

from .models import ApiToken


def token_valid(*, key_hash: str) -> ApiToken | None:
    """The token with this hash if it is neither revoked nor expired, with its user."""
    return (
        ApiToken.objects.select_related("user", "user__area")
        .filter(key_hash=key_hash, revoked=False, expires_at__gt=clock.now())
        .first()
    )


def token_list() -> models.QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user", "created_by")
