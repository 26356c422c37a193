"""App configuration of the workrooms."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkroomsConfig(AppConfig):
    name = "workrooms"
    verbose_name = _("Workrooms")
