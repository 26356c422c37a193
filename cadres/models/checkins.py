"""A check-in (社区报到): a retired cadre reporting in to the community they live in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.crypto import EncryptedTextField

from .reference_lists import ServiceKind, SpecialtyTag
from .registry import Cadre


class CheckIn(models.Model):
    """A retired cadre reporting in to the community where they live (社区报到)."""

    class Source(models.TextChoices):
        QR = "qr", _("Scanned the community's QR code")
        STAFF = "staff", _("Registered by staff")
        RETIREMENT = "retirement", _("Routed from a retirement")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    area = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="checkins"
    )
    compound = models.ForeignKey(
        Area,
        verbose_name=_("compound"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=32)
    mobile = EncryptedTextField(_("mobile"), blank=True)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    former_unit = models.CharField(_("former work unit"), max_length=100, blank=True)
    retirement_date = models.DateField(_("retirement date"), null=True, blank=True)
    specialties = models.ManyToManyField(SpecialtyTag, verbose_name=_("specialties"), blank=True)
    service_kinds = models.ManyToManyField(
        ServiceKind, verbose_name=_("willing to serve as"), blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default="pending", db_index=True
    )
    reject_reason = models.CharField(_("reason for rejection"), max_length=200, blank=True)
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checkins",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    blind_indexes = {"id_number_hash": "id_number"}

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="confirmed") | models.Q(cadre__isnull=False),
                name="checkin_confirmed_has_cadre",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(reject_reason=""),
                name="checkin_rejected_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.area}"
