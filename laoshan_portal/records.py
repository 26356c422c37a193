"""Fields every record entered by staff carries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EnteredBy(models.Model):
    """A record staff enter on a page: who entered it and when."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        abstract = True


class EnteredRecord(EnteredBy):
    """A record staff enter and may change afterwards: also when it last changed."""

    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
