"""Tokens for retirees by signing in with their phone number and password (the same
backend and lock-out as the sign-in page); giving one's own token back."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from laoshan_portal.accounts import services as accounts
from laoshan_portal.audit.services import client_ip
from retirees.selectors import account_by_user

from .. import services
from ..models import ApiToken
from ..serializers import SignInSerializer, TokenSerializer
from ..throttles import SignInThrottle


class TokenView(APIView):
    """POST: a retiree's token (phone number and password). DELETE: revoke the token the
    request is made with."""

    throttle_classes = [SignInThrottle]
    throttle_scope = "sign-in"

    def get_permissions(self) -> list[Any]:
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    def get_authenticators(self) -> list[Any]:
        # Signing in needs no token (a stale one must not refuse it); a browser signed in
        # to the portal still sends its CSRF token, as on every other form.
        if getattr(self.request, "method", "") == "POST":
            return [SessionAuthentication()]
        return super().get_authenticators()

    @extend_schema(request=SignInSerializer, responses={201: TokenSerializer}, auth=[])
    def post(self, request: Request) -> Response:
        form = SignInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        django_request = request._request
        ip = client_ip(django_request)
        phone = form.validated_data["phone"]
        user: Any = authenticate(
            django_request, username=phone, password=form.validated_data["password"]
        )
        if getattr(django_request, "axes_locked_out", False):
            return Response(
                {"detail": _("Too many failed sign-ins. Please try again later.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        account = account_by_user(user_id=user.pk) if user is not None else None
        if account is None:
            accounts.sign_in_failed(username=phone, ip=ip)
            wrong = _("The mobile number or the password is not right. Please try again.")
            raise ValidationError({"detail": wrong})
        accounts.sign_in_succeeded(user=user, ip=ip)
        issued = services.retiree_token_issue(user=user, area=account.cadre.area, ip=ip)
        body = {"token": issued.key, "expires_at": issued.token.expires_at}
        return Response(TokenSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        if not isinstance(request.auth, ApiToken):
            raise ValidationError({"detail": _("Only a token can be given back this way.")})
        token = request.auth
        services.token_revoke(actor=token.user, token=token, ip=client_ip(request._request))
        return Response(status=status.HTTP_204_NO_CONTENT)
