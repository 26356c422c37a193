"""App configuration of accounts: roles follow the code after every migration."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(**kwargs: Any) -> None:
    from .roles import roles_sync

    roles_sync()


class AccountsConfig(AppConfig):
    name = "laoshan_portal.accounts"
    label = "accounts"
    verbose_name = _("Areas and staff")

    def ready(self) -> None:
        # Groups and their permissions are derived from roles.py; post_migrate is the
        # moment every permission row exists. dispatch_uid keeps it to one run per migrate.
        post_migrate.connect(_sync_roles, dispatch_uid="accounts.roles_sync")
