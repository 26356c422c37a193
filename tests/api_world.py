"""Clients of the API: a staff account's token (issued by the district administrator
through the service) or a retiree's (by signing in)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from api import services
from laoshan_portal.accounts.models import User


def bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def staff_key(roles: Any, user: User, days: int = 30) -> str:
    return services.token_issue(actor=roles.district_admin, user=user, name="tests", days=days).key


def staff_client(roles: Any, user: User) -> Client:
    return bearer(staff_key(roles, user))


def retiree_client(account: Any) -> Client:
    issued = services.retiree_token_issue(user=account.user, area=account.cadre.area)
    return bearer(issued.key)
