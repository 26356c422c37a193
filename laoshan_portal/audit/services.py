"""Writing audit events. Every service that changes a record or shows sensitive data
calls ``audit_record`` itself, in the same transaction as the change. Every event joins
the hash chain (``audit.chain``) as it is written; ``audit_verify`` walks it."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest

from laoshan_portal import clock

from .chain import GENESIS, event_digest
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


# Serialises writers of the chain on PostgreSQL until their transaction ends, so that
# each event links to the one committed before it (an arbitrary, fixed key).
_CHAIN_LOCK = 0x6C616F73


def _chain_head() -> str:
    """The last event's hash; on PostgreSQL under the chain's lock (migration 0003)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT audit_chain_head(%s)", [_CHAIN_LOCK])
            last = cursor.fetchone()[0]
    else:  # the embedded SQLite default: one process, not a production set-up
        last = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
    return str(last or GENESIS)


def audit_append(events: Sequence[AuditEvent]) -> list[AuditEvent]:
    """Write ``events`` in order at the end of the chain: each gets its time, the hash of
    the one before and its own hash."""
    with transaction.atomic(savepoint=False):
        prev_hash = _chain_head()
        now = clock.now()
        ip_field = AuditEvent._meta.get_field("ip")
        for event in events:
            event.at = now
            event.ip = ip_field.get_prep_value(event.ip)  # as the database will give it back
            event.prev_hash = prev_hash
            event.hash = prev_hash = event_digest(event, prev_hash)
        return AuditEvent.objects.bulk_create(events, batch_size=1000)


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
    event = AuditEvent(
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
    return audit_append([event])[0]


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
    """Delete the events older than ``days`` from the start of the chain; how many, and the
    cutoff. The purge is itself an event, holding the hash of the last event deleted: the
    link the first remaining event points to (``audit_verify`` accepts it there).

    The portal's runtime database role may not delete events: run it with the migration
    role (docs/OPERATIONS.md).
    """
    cutoff = audit_retention_cutoff(days)
    with transaction.atomic():
        recent = AuditEvent.objects.filter(at__gte=cutoff).order_by("pk").first()
        # Only a run from the chain's start, so that what remains is one unbroken chain.
        old = AuditEvent.objects.filter(pk__lt=recent.pk) if recent else AuditEvent.objects.all()
        last = old.order_by("-pk").values_list("hash", flat=True).first()
        # Run even when nothing is old enough: a role that may not delete hears so now.
        deleted, _ = old.delete()
        if not deleted:
            return 0, cutoff
        audit_append(
            [
                AuditEvent(
                    username="",
                    action=AuditEvent.Action.DELETE,
                    object_type=AuditEvent._meta.label,
                    object_repr=f"{deleted} audit events before {cutoff:%Y-%m-%d %H:%M} UTC",
                    detail={"purged": deleted, "before": cutoff.isoformat(), "anchor": last},
                )
            ]
        )
    return deleted, cutoff


@dataclass(frozen=True)
class ChainBreak:
    """Where the audit chain stops holding: the first event that does not check."""

    event_id: int
    at: datetime
    reason: str


def audit_verify() -> tuple[int, ChainBreak | None]:
    """Walk the chain from its start: how many events check, and the first break if any.

    An event breaks the chain when its content no longer gives its hash (it was changed),
    or when its link is not the hash of the event before it (one was removed or put in
    between). The first event may link to a purge's anchor instead of the start.
    """
    anchors = set(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.DELETE, object_type=AuditEvent._meta.label
        ).values_list("detail__anchor", flat=True)
    )
    checked, prev_hash = 0, None
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if prev_hash is None:
            linked = event.prev_hash == GENESIS or event.prev_hash in anchors
        else:
            linked = event.prev_hash == prev_hash
        if not linked:
            return checked, ChainBreak(event.pk, event.at, "link")
        if event_digest(event, event.prev_hash) != event.hash:
            return checked, ChainBreak(event.pk, event.at, "content")
        checked += 1
        prev_hash = event.hash
    return checked, None
