"""App configuration of dashboards and reports."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    label = "reports"
    verbose_name = _("Dashboards and reports")

    def ready(self) -> None:
        from . import summary

        summary.connect()
