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
            if not _always_allowed(request):
                return redirect("accounts:password_change")
        return self.get_response(request)


class TwoFactorMiddleware:
    """Asks for the second step (or its set-up) before anything else, where required."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .twofactor import otp_required, otp_verified

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and otp_required(user)
            and not otp_verified(request)
            and not _always_allowed(request)
        ):
            return redirect("accounts:otp_verify" if user.otp_enabled else "accounts:otp_setup")
        return self.get_response(request)


def _always_allowed(request: HttpRequest) -> bool:
    """Pages a half-signed-in user may reach: the password and second-step pages."""
    allowed = {
        reverse("accounts:password_change"),
        reverse("accounts:logout"),
        reverse("accounts:otp_setup"),
        reverse("accounts:otp_verify"),
    }
    return request.path in allowed or request.path.startswith(settings.STATIC_URL)


def password_expired(user: Any) -> bool:
    changed = user.password_changed_at
    if changed is None:
        return True
    return timezone.now() - changed > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
