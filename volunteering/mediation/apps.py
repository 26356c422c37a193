"""App configuration of mediation cases (an inner app of volunteering)."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "volunteering.mediation"
    label = "mediation"
    verbose_name = _("Mediation cases")
