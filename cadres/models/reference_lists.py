"""The managed lists a record picks from: specialties and kinds of service."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SpecialtyTag(models.Model):
    """One entry of the managed list of hobbies and specialties (爱好特长)."""

    name = models.CharField(_("name"), max_length=32, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceKind(models.Model):
    """A kind of service a cadre is willing to give (作用发挥意向)."""

    name = models.CharField(_("name"), max_length=32, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("kind of service")
        verbose_name_plural = _("kinds of service")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name
