"""App configuration of volunteering."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("Volunteering")

    def ready(self) -> None:
        """The teams of a filter's select box are kept until a team changes; the ranking
        until anything it reads changes."""
        from cadres.models import Cadre
        from laoshan_portal.accounts.models import Area
        from laoshan_portal.kept import forget_on
        from laoshan_portal.widgets import keep_choices

        from .models import ServiceActivity, ServiceRecord, Team, TeamMember
        from .selectors import HOURS_TOPIC

        keep_choices(Team)
        forget_on(HOURS_TOPIC, ServiceRecord, ServiceActivity, Team, TeamMember, Cadre, Area)

    def seed_demo(self) -> dict[str, int]:
        """The Laoshan demo rows of this app (``manage.py seed_demo``); idempotent."""
        from . import demo

        return demo.seed()
