"""How a signed-in request reads its account: the account, its area and its permissions
from the cache in one round trip (two queries when they are not there)."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from laoshan_portal.kept import forget_now_and_on_commit, kept

# An account is read from the database again when its copy in the cache is this old, so a
# change made outside the portal (in SQL) counts within a minute. The portal's own changes
# (an account, its groups, a permission, an area saved) drop the copy at once.
ACCOUNT_KEPT_SECONDS = 60


class StaffBackend(ModelBackend):
    """Django's own password and permission rules, read with fewer queries.

    Every page needs the account, its area (its scope) and its permissions (the
    navigation and the view's own check). They come from the cache together, in the
    round trip that reads the versions of the kept values' topics (``laoshan_portal.kept``),
    kept until the account itself, its groups or its own permissions change
    (``account_changed``), a group or a permission does (the "permissions" topic) or an
    area does ("areas"; all wired in the app's ``ready``), and read again after
    ``ACCOUNT_KEPT_SECONDS`` whatever happens. The copy holds the account's password hash
    (the session's check needs it): the cache is as private as the database. The
    permission sets are the same as ``ModelBackend``'s, cached on the account for the
    request in the same places.
    """

    def get_user(self, user_id: Any) -> Any:
        user, permissions, _ = kept(
            ["areas", "permissions", f"account-{user_id}"],
            f"account-{user_id}",
            lambda: _account(user_id),
            still_good=lambda found: time.time() - found[2] < ACCOUNT_KEPT_SECONDS,
        )
        if user is None:
            return None
        user._perm_cache = set(permissions)
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = kept(
                ["permissions", f"account-{user_obj.pk}"],
                f"permissions-{user_obj.pk}",
                lambda: _permission_names(user_obj),
            )
        cached: set[str] = user_obj._perm_cache
        return cached


def _account(user_id: Any) -> tuple[Any, frozenset[str], float]:
    """The account with its area, its permissions (``None`` and none if it is gone), and
    when they were read."""
    users = get_user_model()._default_manager.select_related("area")
    user = users.filter(pk=user_id).first()
    permissions = frozenset(_permission_names(user)) if user else frozenset()
    return user, permissions, time.time()


def _permission_names(user: Any) -> set[str]:
    """ "app_label.codename" of every permission ``user`` holds, itself or by its groups."""
    if user.is_superuser:
        permissions = Permission.objects.all()
    else:
        permissions = Permission.objects.filter(Q(user=user) | Q(group__user=user)).distinct()
    pairs = permissions.values_list("content_type__app_label", "codename").order_by()
    return {f"{app_label}.{codename}" for app_label, codename in pairs}


def account_changed(*, instance: Any, reverse: bool = False, **kwargs: Any) -> None:
    """An account was saved or deleted, or its groups or own permissions changed: the
    permissions kept for it are old. From the group's or permission's side (``reverse``)
    the accounts are ``pk_set``; a group cleared of everyone forgets every account's."""
    if not reverse:
        forget_now_and_on_commit(f"account-{instance.pk}")
        return
    pks = kwargs.get("pk_set")
    if pks is None:
        forget_now_and_on_commit("permissions")
    else:
        forget_now_and_on_commit(*(f"account-{pk}" for pk in pks))
