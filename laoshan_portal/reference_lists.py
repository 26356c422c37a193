"""Writes to the portal-wide managed lists (specialty tags, service kinds): saved and
audited in one transaction, whoever writes them (the admin is the one page that does)."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record


@transaction.atomic
def reference_item_save(*, actor: Any, item: models.Model, ip: str | None = None) -> models.Model:
    """Validate and save a list entry; a create or an update in the audit trail."""
    created = item.pk is None
    item.full_clean()
    item.save()
    action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
    audit_record(actor=actor, action=action, obj=item, ip=ip)
    return item


@transaction.atomic
def reference_item_delete(*, actor: Any, item: models.Model, ip: str | None = None) -> None:
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=item, ip=ip)
    item.delete()
