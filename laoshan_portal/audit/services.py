"""Writing audit events. Every service that changes a record or shows sensitive data
calls ``audit_record`` itself, in the same transaction as the change."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from laoshan_portal import clock

from .models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the client that sent ``request``: the one address every part of the
    portal records and limits by (audit, sign-in lock-out, rate limits).

    Directly on the internet it is the connection's address. Behind ``TRUSTED_PROXY_COUNT``
    reverse proxies, each proxy appends the address it was connected from to
    X-Forwarded-For, so the client is that many entries from the right: the right-most one
    no trusted proxy wrote. Entries further left are whatever the client sent and are never
    read, so a forged one changes nothing. A request that did not pass through every proxy
    (too few entries) or a malformed entry falls back to the connection's address.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_COUNT
    if not hops:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return remote


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    area: Any = None,
    ip: str | None = None,
    succeeded: bool = True,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        user=user,
        username=getattr(actor, "username", "") or "",
        ip=ip,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        area=area if area is not None else getattr(obj, "area", None),
        succeeded=succeeded,
        detail=detail or {},
    )


def audit_export(
    *,
    actor: Any,
    scope: Any,
    count: int,
    params: Any,
    ip: str | None = None,
    set_filters_only: bool = False,
    **detail: Any,
) -> AuditEvent:
    """An export in the audit trail: in the scope's area, how many rows, ``detail`` (what
    was exported) and the names of the filters given (only those with a value if
    ``set_filters_only``), never their values: a name or number searched for is personal
    data too."""
    params = params or {}
    filters = sorted(key for key in params if not set_filters_only or params.get(key))
    return audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        area=scope.area,
        ip=ip,
        detail={"rows": count, **detail, "filters": filters},
    )


# Events are kept at least this long (等保2.0 asks for six months).
RETENTION_DAYS = 180


def audit_retention_cutoff(days: int = RETENTION_DAYS) -> datetime:
    """Events from before this instant may be purged: ``days`` whole days ago, to the second."""
    if days < RETENTION_DAYS:
        raise ValueError(f"Audit events are kept at least {RETENTION_DAYS} days.")
    return clock.now() - timedelta(days=days)


def audit_purge(*, days: int = RETENTION_DAYS) -> tuple[int, datetime]:
    """Delete the events older than ``days``; how many, and the cutoff."""
    cutoff = audit_retention_cutoff(days)
    deleted, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted, cutoff
