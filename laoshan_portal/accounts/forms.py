"""Forms for areas and staff accounts, their choices limited to the user's scope."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from laoshan_portal.forms import AreaChoiceField, StyledForm
from laoshan_portal.scoping import Scope

from .models import Area, Role, User
from .roles import NON_STAFF_ROLES
from .selectors import area_list


def _area_field(scope: Scope) -> AreaChoiceField:
    field = AreaChoiceField(area_list(scope=scope), label=_("Area"))
    field.base_depth = scope.area.depth if scope.area else 0
    return field


class StaffAssignForm(StyledForm):
    name = forms.CharField(label=_("Full name"), max_length=64)
    # Retiree accounts are opened with an activation code, never assigned here.
    role = forms.ChoiceField(
        label=_("Role"), choices=[c for c in Role.choices if c[0] not in NON_STAFF_ROLES]
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"] = _area_field(scope)
        self._style(self.fields["area"])
        self.order_fields(["username", "name", "area", "role"])


class StaffCreateForm(StaffAssignForm):
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[A-Za-z0-9_.-]+$",
        error_messages={"invalid": _("Use letters, digits, and . _ - only.")},
    )
    password1 = forms.CharField(
        label=_("Initial password"), strip=False, widget=forms.PasswordInput
    )
    password2 = forms.CharField(
        label=_("Initial password again"), strip=False, widget=forms.PasswordInput
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This user name is taken."))
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            probe = User(username=cleaned.get("username", ""), name=cleaned.get("name", ""))
            try:
                validate_password(first, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AreaCreateForm(StyledForm):
    code = forms.RegexField(
        label=_("Code"),
        max_length=32,
        regex=r"^[0-9A-Za-z-]+$",
        error_messages={"invalid": _("Use only letters, digits and hyphens in the code.")},
    )
    name = forms.CharField(label=_("Name"), max_length=64)
    level = forms.ChoiceField(label=_("Level"), choices=Area.Level.choices)

    def __init__(self, *args: Any, parent: Area | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parent is not None:
            # Only the levels below the parent's, the next one down chosen.
            below = Area.Level.below(parent.level)
            level = cast(forms.ChoiceField, self.fields["level"])
            level.choices = [(v, label) for v, label in Area.Level.choices if v in below]
            level.initial = below[0] if below else None

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if Area.objects.filter(code=code).exists():
            raise ValidationError(_("An area with this code exists already."))
        return code


class LoginForm(AuthenticationForm):
    """Django's sign-in form, refusing a user name longer than any account's at once.

    Django's form sets the length limit after the field is made, so a longer name would
    still be tried, and the lock-out would record it in a column too short for it (a
    server error on PostgreSQL). It gets the same answer as a wrong password.
    """

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        longest = User._meta.get_field("username").max_length or 0
        if username is not None and len(username) > longest:
            raise self.get_invalid_login_error()
        return super().clean()
