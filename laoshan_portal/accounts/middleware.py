"""Per-request account middleware: the scope, and the password-age rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .selectors import scope_for_user


class ScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.scope = SimpleLazyObject(lambda: scope_for_user(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)


class PasswordAgeMiddleware:
    """Sends a user whose password is initial or too old to the password change page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and password_expired(user):
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("accounts:password_change")
        return self.get_response(request)


def password_expired(user: Any) -> bool:
    changed = user.password_changed_at
    if changed is None:
        return True
    return timezone.now() - changed > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
