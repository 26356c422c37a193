"""Per-request account middleware: the session's idle timeout, the scope, and the
password-age and second-step rules."""

from __future__ import annotations

import time
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

# When the session's end was last moved forward (seconds since the epoch).
SESSION_REFRESHED_KEY = "_refreshed_at"


class SessionRefreshMiddleware:
    """Moves the end of a session forward while it is in use, at most once a minute.

    A session ends ``SESSION_COOKIE_AGE`` (``SESSION_IDLE_MINUTES``) after it was last
    saved. Rather than a write to the session table on every page, it is saved when the
    last save is older than ``SESSION_REFRESH_SECONDS`` (at most a tenth of the idle
    limit), so an idle session ends up to that much before the limit after its last
    request, never later.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # A request that never used the session is left alone: reading it here would add a
        # query and a "Vary: Cookie" to the response.
        if session is None or not (session.accessed or session.modified):
            return response
        refreshed = session.get(SESSION_REFRESHED_KEY)
        if session.is_empty():  # anonymous, expired, or just signed out: nothing to keep
            return response
        now = int(time.time())
        if (
            session.modified  # saved anyway: its end moves now
            or not isinstance(refreshed, int)
            or not 0 <= now - refreshed < refresh_interval()
        ):
            session[SESSION_REFRESHED_KEY] = now
        return response


def refresh_interval() -> int:
    """Seconds between two saves of an active session: short beside the idle limit."""
    return min(settings.SESSION_REFRESH_SECONDS, settings.SESSION_COOKIE_AGE // 10)


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
    return bool(timezone.now() - changed > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS))
