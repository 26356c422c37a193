"""Reads of the audit trail, through the reader's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models

from laoshan_portal.forms import query_text
from laoshan_portal.scoping import Scope, selector_for

from .models import AuditEvent


@selector_for(AuditEvent)
def audit_list(*, scope: Scope) -> models.QuerySet[AuditEvent]:
    """Events about an area in scope, or by a user of an area in scope (sign-ins)."""
    events = AuditEvent.objects.all()
    if scope.unrestricted:
        return events
    if scope.area is None:
        return events.none()
    path = scope.area.path
    return events.filter(
        models.Q(area__path__startswith=path) | models.Q(user__area__path__startswith=path)
    )


def audit_filtered(*, scope: Scope, params: Any) -> models.QuerySet[AuditEvent]:
    events = audit_list(scope=scope)
    action = params.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    username = query_text(params, "user", 150)
    if username:
        events = events.filter(username__icontains=username)
    for key, lookup in (("from", "at__date__gte"), ("to", "at__date__lte")):
        try:
            events = events.filter(**{lookup: date.fromisoformat(params.get(key, ""))})
        except ValueError:
            continue
    return events.order_by("-at", "-pk")
