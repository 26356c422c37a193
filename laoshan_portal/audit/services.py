"""Writing audit events. Every service that changes a record or shows sensitive data
calls ``audit_record`` itself, in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
