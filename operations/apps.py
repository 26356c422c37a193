"""App configuration of the operators' commands."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from .database_roles import grant_after_migrate

        # Once per migrate, after every app's migrations (this app is installed last).
        post_migrate.connect(grant_after_migrate, sender=self)
