"""Governance needs (治理需求) and the cadres assigned to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area

from .reference_lists import SpecialtyTag
from .registry import Cadre


class Need(models.Model):
    """A community governance need (社区治理需求) that cadres are matched to."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        DONE = "done", _("Done")

    area = models.ForeignKey(
        Area, verbose_name=_("place"), on_delete=models.PROTECT, related_name="needs"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    specialties = models.ManyToManyField(
        SpecialtyTag, verbose_name=_("specialties needed"), blank=True
    )
    place = models.CharField(_("where exactly"), max_length=100, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    people_needed = models.PositiveSmallIntegerField(_("people needed"), default=1)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default="open", db_index=True
    )
    outcome = models.TextField(_("outcome"), blank=True)
    cadres: models.ManyToManyField[Cadre, NeedAssignment] = models.ManyToManyField(
        Cadre, verbose_name=_("assigned cadres"), through="NeedAssignment", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        verbose_name = _("governance need")
        verbose_name_plural = _("governance needs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people_needed__gte=1), name="need_people_at_least_one"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(outcome=""),
                name="need_done_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NeedAssignment(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="assignments")
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["need", "cadre"], name="need_cadre_once"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} → {self.need}"
