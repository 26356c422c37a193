"""How API clients sign in: a bearer token, or the portal's session with CSRF enforced.

Either way the request's ``scope`` is the signed-in user's, built as ``ScopeMiddleware``
builds it for pages: the middleware runs before DRF knows the token's user, so it is
built again here once the token is known.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from laoshan_portal.accounts.models import User
from laoshan_portal.accounts.selectors import scope_for_user

from . import selectors, services

KEYWORD = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>``: a token neither revoked nor expired."""

    def authenticate(self, request: Request) -> tuple[User, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed token header."))
        try:
            key = header[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Malformed token header.")) from None
        token = selectors.token_valid(key_hash=services.key_hash(key))
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token is unknown, expired or revoked."))
        services.token_used(token=token)
        request._request.scope = scope_for_user(token.user)  # type: ignore[attr-defined]
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD
