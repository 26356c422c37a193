"""Sign-in of retirees with the mobile number of their registry record and a password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from cadres.validators import validate_mobile
from laoshan_portal.accounts.backends import StaffBackend
from laoshan_portal.accounts.models import Role, User
from laoshan_portal.crypto import blind_index

from .selectors import accounts_by_mobile


class PhoneBackend(StaffBackend):
    """Finds the records with that mobile (its blind index) that have an account, and
    accepts the one whose password matches. django-axes, ahead of it in
    ``AUTHENTICATION_BACKENDS``, counts the failures of the number as typed."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        try:
            number = validate_mobile(username)
        except ValidationError:
            return None
        accounts = list(accounts_by_mobile(mobile_hash=blind_index(number)))
        if not accounts:
            make_password(password)  # as long as a real check: no timing hint
            return None
        for account in accounts:
            user = account.user
            if (
                user.role == Role.RETIREE
                and user.check_password(password)
                and self.user_can_authenticate(user)
            ):
                return user
        return None
