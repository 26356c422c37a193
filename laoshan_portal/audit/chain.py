"""The audit trail's hash chain: each event stores the hash of the one before it and its
own hash over that link and its content, so that a changed, removed or inserted event
breaks the chain at that point, whoever made the change (a database superuser too).

The digest is part of the stored data: changing how it is computed breaks every chain
already written. Its input is the event's content as the database gives it back.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import AuditEvent

GENESIS = ""  # the link of the first event, and of none after a purge


def event_digest(event: AuditEvent, prev_hash: str) -> str:
    """SHA-256 over ``prev_hash`` and every recorded field of ``event``."""
    content: list[Any] = [
        prev_hash,
        event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        event.user_id,
        event.username,
        event.ip,
        event.action,
        event.object_type,
        event.object_id,
        event.object_repr,
        event.area_id,
        event.succeeded,
        event.detail,
    ]
    payload = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()
