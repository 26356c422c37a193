"""Audit events: written once, never changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        REVEAL = "reveal", _("Revealed sensitive data")
        EXPORT = "export", _("Exported")
        IMPORT = "import", _("Imported")
        MERGE = "merge", _("Merged")
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed to log in")
        ASSIGN = "assign", _("Changed role or area")

    # Set by the service before the event is hashed (audit.services.audit_append).
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    # No database constraint and no cascade: the trail outlives what it records, and the
    # append-only trigger would refuse the UPDATE of a SET_NULL anyway.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    area = models.ForeignKey(
        "accounts.Area",
        verbose_name=_("area"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    succeeded = models.BooleanField(_("succeeded"), default=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    # The hash chain (audit.chain): the previous event's hash and this event's own.
    # A row written around the services gets none, and breaks the chain where it stands.
    prev_hash = models.CharField(
        _("previous hash"), max_length=64, blank=True, editable=False, db_default=""
    )
    hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False, db_default="")

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_repr}"
