"""How a signed-in request reads its account: the account with its area in one query,
and every permission from the cache (one query when it is not there)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from laoshan_portal.kept import forget_now_and_on_commit, kept


class StaffBackend(ModelBackend):
    """Django's own password and permission rules, read with fewer queries.

    Every page needs the account's area (its scope) and its permissions (the navigation
    and the view's own check). The area comes with the account; the permissions given to
    the account and to its role's group come in one query, kept in the cache until a
    group or a permission changes (the "permissions" topic) or the account itself, its
    groups or its own permissions do (``account_changed``; both wired in the app's
    ``ready``). The sets are the same as ``ModelBackend``'s, and
    cached on the account for the request in the same places.
    """

    def get_user(self, user_id: Any) -> Any:
        users = get_user_model()._default_manager.select_related("area")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
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
