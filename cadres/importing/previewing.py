"""The dry run of a large file, in the worker: the same check as the page's, its progress in
the cache and its findings kept with the upload for the preview page to show."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

from laoshan_portal.accounts.selectors import scope_for_user

from .checking import check_file
from .uploads import progress_key, update_meta, upload_path


def preview_in_worker(size: int) -> bool:
    """Is a file of ``size`` bytes checked in the worker rather than in the request?"""
    return size > settings.IMPORT_PREVIEW_IN_REQUEST_BYTES


def import_check(*, token: str, user_id: int) -> dict[str, Any]:
    """Check the kept file for its owner's scope; the meta then holds the preview."""
    user = get_user_model().objects.get(pk=user_id)
    path = upload_path(token, user)
    if path is None:
        return update_meta(token, state="failed", message="the upload is gone")

    def report(done: int) -> None:
        cache.set(progress_key(token), {"phase": "previewing", "done": done}, 3600)

    result = check_file(path, scope=scope_for_user(user), progress=report)
    return update_meta(
        token,
        state="checked",
        total=result.total,
        good=result.good,
        valid=result.is_valid,
        preview=result.summary(),
    )
