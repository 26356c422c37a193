"""App configuration of dashboards and reports."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    label = "reports"
    verbose_name = _("Dashboards and reports")

    def ready(self) -> None:
        from . import kept_figures, summary

        summary.connect()
        kept_figures.connect()

    def seed_demo(self) -> dict[str, int]:
        """Last month's reports of the demo areas (``manage.py seed_demo``); idempotent."""
        from . import demo

        return demo.seed()
