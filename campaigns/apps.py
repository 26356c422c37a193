"""App configuration of the five campaigns."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Five campaigns")

    def ready(self) -> None:
        from cadres.models import Cadre
        from laoshan_portal.accounts.models import Area
        from laoshan_portal.kept import forget_on

        from .selectors import FIGURES_TOPIC

        # The list's figures read the activities, their lecturers' names and the areas.
        forget_on(FIGURES_TOPIC, *self.get_models(), Cadre, Area)

    def seed_demo(self) -> dict[str, int]:
        """The Laoshan demo rows of this app (``manage.py seed_demo``); idempotent."""
        from . import demo

        return demo.seed()
