"""App configuration of the funds."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = _("Funds")

    def seed_demo(self) -> dict[str, int]:
        """The Laoshan demo budget, allocations and spending (``manage.py seed_demo``);
        idempotent."""
        from .demo import seed

        return seed()
