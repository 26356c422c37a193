"""App configuration of the audit trail."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "laoshan_portal.audit"
    label = "audit"
    verbose_name = _("Audit trail")
