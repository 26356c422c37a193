"""App configuration of care work (走访慰问)."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("Care work")

    def ready(self) -> None:
        """A change to what the plans count makes every kept coverage figure and plan
        item old."""
        from django.db.models.signals import post_delete, post_save

        from cadres.models import Cadre
        from laoshan_portal.accounts.models import Area
        from laoshan_portal.kept import forget_on
        from laoshan_portal.kept_parts import forget_areas_on
        from laoshan_portal.signals import bulk_change

        from .coverage import coverage_changed
        from .models import CareListEntry, CarePlan, Visit
        from .selectors import PLANS_TOPIC

        # a plan or an area changes every area's part; a person, their visits and their
        # care-list entry only their area's (both areas', when a person moves)
        forget_on(PLANS_TOPIC, CarePlan, Area)
        forget_areas_on(PLANS_TOPIC, Cadre, "area")
        forget_areas_on(PLANS_TOPIC, Visit, "cadre__area")
        forget_areas_on(PLANS_TOPIC, CareListEntry, "cadre__area")

        for model in (Cadre, Visit, CareListEntry, CarePlan, Area):
            label = model._meta.label_lower
            post_save.connect(coverage_changed, sender=model, dispatch_uid=f"coverage-{label}")
            post_delete.connect(coverage_changed, sender=model, dispatch_uid=f"coverage-{label}-")
        bulk_change.connect(coverage_changed, dispatch_uid="coverage-bulk")

    def seed_demo(self) -> dict[str, int]:
        """The Laoshan demo rows of this app (``manage.py seed_demo``); idempotent."""
        from . import demo

        return demo.seed()
