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
        # What every signed-in page reads of the accounts and the tree is kept in the
        # cache until it changes (laoshan_portal.kept).
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from laoshan_portal.kept import forget_on, read_versions_once_per_request
        from laoshan_portal.widgets import keep_choices

        from .backends import account_changed
        from .models import Area, User

        forget_on("permissions", Group, Permission)
        forget_on("areas", Area)
        keep_choices(Area, "areas")
        read_versions_once_per_request()
        post_save.connect(account_changed, sender=User, dispatch_uid="kept-account-save")
        post_delete.connect(account_changed, sender=User, dispatch_uid="kept-account-del")
        for links in (User.groups.through, User.user_permissions.through):
            uid = f"kept-account-{links._meta.label_lower}"
            m2m_changed.connect(account_changed, sender=links, dispatch_uid=uid)
