"""App configuration of the operators' commands."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.apps import apps

        from .database_roles import grant_after_migrate

        # Once per migrate, after every migration ran. Django signals post_migrate for each
        # app with models (not this one): the audit app's is the one to hang it on.
        post_migrate.connect(grant_after_migrate, sender=apps.get_app_config("audit"))
