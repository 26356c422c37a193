"""The decorator of every retiree page: the signed-in retiree and their account."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from laoshan_portal.accounts.models import Role
from laoshan_portal.scoping import ScopedRequest

from .models import RetireeAccount
from .selectors import account_by_user

R = TypeVar("R", bound=HttpResponseBase)


class RetireeRequest(ScopedRequest):
    """A request of a signed-in retiree: ``retiree`` is their account, with its cadre.
    For type checking only."""

    retiree: RetireeAccount


def retiree_view(view: Callable[..., R]) -> Callable[..., R | HttpResponseBase]:
    """A retiree's own page: anonymous visitors go to the retirees' sign-in page; anyone
    signed in who is not a retiree with an account gets a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> R | HttpResponseBase:
        user: Any = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.RETIREE_LOGIN_URL)
        if user.role != Role.RETIREE:
            raise Http404
        account = account_by_user(user_id=user.pk)
        if account is None:
            raise Http404
        request.retiree = account  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
