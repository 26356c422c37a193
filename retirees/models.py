"""A retired cadre's account, tied to their registry record, and the one-time codes that
open it.

Neither holds data of its own beyond the link: what a retiree sees is their registry
record, read through ``retirees.selectors``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre, cadre_field
from laoshan_portal.accounts.models import Area


class RetireeAccount(models.Model):
    """The sign-in of one cadre: a user with the retiree role, and the record it opens."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="retiree_account",
    )
    cadre = models.OneToOneField(
        Cadre,
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="retiree_account",
    )
    activated_at = models.DateTimeField(_("activated"))

    class Meta:
        verbose_name = _("retiree account")
        verbose_name_plural = _("retiree accounts")

    def __str__(self) -> str:
        return str(self.cadre)


class ActivationCode(models.Model):
    """A one-time code a secretary hands a cadre to set (or reset) their password.

    Only a keyed hash of the code is stored: the plain code is shown once, on the slip.
    """

    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre"),
        on_delete=models.CASCADE,
        related_name="activation_codes",
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gte=models.F("issued_at")),
                name="activation_code_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.issued_at:%Y-%m-%d}"

    @property
    def area(self) -> Area:
        """The cadre's residence: where the audit trail files the code."""
        return self.cadre.area


# The record's fields a retiree may ask to correct: what they know best, and nothing that
# identifies them (the ID number, the mobile they sign in with) or that staff assess.
CORRECTABLE_FIELDS = ("address", "former_unit", "former_post", "specialty_notes")


class CorrectionRequest(models.Model):
    """A retiree's request to correct one field of their record: it changes nothing until
    a secretary approves it, and then goes through the registry's own update."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the community")
        APPROVED = "approved", _("Corrected")
        REJECTED = "rejected", _("Not corrected")

    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre"),
        on_delete=models.CASCADE,
        related_name="correction_requests",
    )
    field = models.CharField(
        _("field"),
        max_length=32,
        choices=[(name, cadre_field(name).verbose_name) for name in CORRECTABLE_FIELDS],
    )
    new_value = models.CharField(_("correct value"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(field__in=CORRECTABLE_FIELDS),
                name="correction_request_correctable_field",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.field_label}"

    @property
    def field_label(self) -> str:
        return str(cadre_field(self.field).verbose_name)

    @property
    def area(self) -> Area:
        return self.cadre.area
