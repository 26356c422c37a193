"""Password rules beyond Django's own: characters of at least three kinds, not the user
name inside, none of the last passwords again."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """Require lower case, upper case, digits and symbols: at least three of the four."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                _(
                    "The password must mix at least three of: lower-case letters, "
                    "upper-case letters, digits and symbols."
                ),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _(
            "Use at least three of: lower-case letters, upper-case letters, digits and symbols."
        )


class UserNameValidator:
    """Refuse a password that holds the user name, in any case (``ruidu2026Ruidu!``)."""

    def validate(self, password: str, user: Any = None) -> None:
        name = (getattr(user, "username", "") or "").casefold()
        if len(name) >= 3 and name in password.casefold():
            raise ValidationError(
                _("The password must not contain the user name."), code="password_has_username"
            )

    def get_help_text(self) -> str:
        return _("It must not contain your user name.")


class PasswordHistoryValidator:
    """Refuse the current password and the ``keep`` before it; remember each new one."""

    def __init__(self, keep: int = 5) -> None:
        self.keep = keep

    def _earlier(self, user: Any) -> list[str]:
        if user is None or user.pk is None:
            return []
        from .models import PasswordHistory

        kept = PasswordHistory.objects.filter(user=user).values_list("password", flat=True)
        return list(kept[: self.keep])

    def validate(self, password: str, user: Any = None) -> None:
        current = [user.password] if user is not None and user.pk and user.password else []
        if any(check_password(password, encoded) for encoded in current + self._earlier(user)):
            raise ValidationError(
                _("Choose a password you have not used for your last %(count)d passwords.")
                % {"count": self.keep},
                code="password_reused",
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        """Called by Django once the new password is saved: keep its hash, drop old ones."""
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.keep :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self) -> str:
        return _("It must differ from your last %(count)d passwords.") % {"count": self.keep}
