"""Audit events written as they are (the services write theirs through audit_record)."""

from __future__ import annotations

import factory

from laoshan_portal.audit.models import AuditEvent


class AuditEventFactory(factory.django.DjangoModelFactory):
    """A sign-in by nobody in particular."""

    class Meta:
        model = AuditEvent

    action = AuditEvent.Action.LOGIN
