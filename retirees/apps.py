"""App configuration of the retirees' own accounts."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetireesConfig(AppConfig):
    name = "retirees"
    verbose_name = _("Retirees' accounts")

    def ready(self) -> None:
        """The matching page of a need ranks the retirees who offered to help first."""
        from cadres.needs import volunteers

        from .selectors import offering_cadre_ids

        volunteers.register(offering_cadre_ids)

    def seed_demo(self) -> dict[str, int]:
        """The demo retiree accounts (``manage.py seed_demo``); idempotent."""
        from . import demo

        return demo.seed()

    def demo_accounts(self) -> list[str]:
        """Lines for the demo account list that ``seed_demo`` prints."""
        from . import demo

        return demo.account_lines()
