"""App configuration of the talent registry."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("Talent registry")

    def ready(self) -> None:
        """The registry list's total and its specialty and kind lists are kept in the
        cache until a record, a specialty or a kind of service changes."""
        from laoshan_portal.kept import forget_on
        from laoshan_portal.widgets import keep_choices

        from .models import Cadre, ServiceKind, SpecialtyTag

        forget_on("cadres", Cadre)
        forget_on("registry-lists", SpecialtyTag, ServiceKind)
        keep_choices(SpecialtyTag, "registry-lists")
        keep_choices(ServiceKind, "registry-lists")

    def seed_demo(self) -> dict[str, int]:
        """The Laoshan demo rows of this app (``manage.py seed_demo``); idempotent."""
        from . import demo

        return demo.seed()
