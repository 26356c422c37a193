"""Forms of the retirees' pages: activation with a code, and sign-in by phone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from cadres.models import cadre_field
from laoshan_portal.accounts.forms import LoginForm

from .models import CORRECTABLE_FIELDS


class ActivationForm(forms.Form):
    """The code from the slip, the mobile on record, and a new password twice."""

    code = forms.RegexField(
        label=_("Code on the slip (8 digits)"),
        regex=r"^\s*\d{8}\s*$",
        error_messages={"invalid": _("The code has 8 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    mobile = forms.CharField(
        label=_("Your mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=password_validation.password_validators_help_text_html,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-lg")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ. Please type them again."))
        return data


class PhoneLoginForm(LoginForm):
    """The staff sign-in form with a retiree's words: the user name is the mobile number."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Mobile number")
        self.fields["username"].widget.attrs.update(
            {"inputmode": "tel", "autocomplete": "tel", "class": "form-control form-control-lg"}
        )
        self.fields["password"].widget.attrs["class"] = "form-control form-control-lg"
        self.error_messages = {
            **self.error_messages,
            "invalid_login": _("The mobile number or the password is not right. Please try again."),
        }


class CorrectionForm(forms.Form):
    """Which field of my record is wrong, and what it should say."""

    field = forms.ChoiceField(
        label=_("What is wrong"),
        choices=lambda: [(name, cadre_field(name).verbose_name) for name in CORRECTABLE_FIELDS],
    )
    new_value = forms.CharField(label=_("What it should say"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].widget.attrs["class"] = "form-select form-select-lg"
        self.fields["new_value"].widget.attrs["class"] = "form-control form-control-lg"
