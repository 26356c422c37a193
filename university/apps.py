"""App configuration of the senior university and activity centre."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UniversityConfig(AppConfig):
    name = "university"
    verbose_name = _("Senior university")

    def seed_demo(self) -> dict[str, int]:
        """The Laoshan demo rows of this app (``manage.py seed_demo``); idempotent."""
        from . import demo

        return demo.seed()
