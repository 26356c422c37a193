"""Forms of community check-ins: the public QR form, staff registration, confirm, reject."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import AreaChoiceField, ModelMultipleChoiceField, StyledForm
from laoshan_portal.scoping import Scope
from laoshan_portal.widgets import quicken

from ..forms import area_field
from ..models import Cadre, CheckIn, ServiceKind, SpecialtyTag
from ..selectors import residence_list
from ..validators import validate_id_number, validate_mobile


def _choices_as_buttons(field: forms.Field) -> None:
    # Big toggle buttons instead of tiny checkboxes: the public form is filled in on
    # phones, often by older people.
    field.widget.attrs = {"class": "btn-check", "autocomplete": "off"}


class IdentityFields(StyledForm):
    """Name, mobile and ID number, checked the way the registry checks them."""

    name = forms.CharField(
        label=_("Full name"), max_length=32, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    mobile = forms.CharField(
        label=_("Mobile"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_mobile(self) -> str:
        return validate_mobile(self.cleaned_data["mobile"])

    def clean_id_number(self) -> str:
        return validate_id_number(self.cleaned_data["id_number"])


class WillingnessFields(forms.Form):
    specialties = ModelMultipleChoiceField(
        label=_("Specialties"),
        queryset=SpecialtyTag.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    service_kinds = ModelMultipleChoiceField(
        label=_("Willing to serve as"),
        queryset=ServiceKind.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Anything else"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublicCheckInForm(IdentityFields, WillingnessFields):
    """What a cadre fills in after scanning the community's QR code."""

    compound = forms.ModelChoiceField(
        label=_("Compound"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Not in the list / not sure"),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the community and the Retired Cadres Bureau keep these details "
            "to contact me and to arrange services."
        ),
        error_messages={"required": _("Please agree, or we cannot take your check-in.")},
    )

    field_order = [
        "name", "mobile", "id_number", "compound", "specialties", "service_kinds", "note",
        "consent",
    ]  # fmt: skip

    def __init__(self, *args: Any, compounds: models.QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Area]", self.fields["compound"]).queryset = compounds
        for name in ("specialties", "service_kinds"):
            _choices_as_buttons(self.fields[name])


def residence_choices(scope: Scope) -> AreaChoiceField:
    """Communities, compounds and buildings of the scope, as an indented tree."""
    return area_field(
        residence_list(scope=scope),
        scope=scope,
        label=_("Lives in"),
        help_text=_("The community, or better the compound, where the person lives."),
    )


class StaffCheckInForm(IdentityFields, WillingnessFields):
    """Staff register a check-in on someone's behalf."""

    former_unit = forms.CharField(label=_("Former work unit"), max_length=100, required=False)
    retirement_date = forms.DateField(
        label=_("Retirement date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    field_order = [
        "residence", "name", "mobile", "id_number", "former_unit", "retirement_date",
        "specialties", "service_kinds", "note",
    ]  # fmt: skip

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residence"] = residence_choices(scope)
        self._style(self.fields["residence"])
        for name in ("specialties", "service_kinds"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        self.order_fields(self.field_order)


class RetirementForm(IdentityFields):
    """The district hands a new retiree over to the community of residence."""

    former_unit = forms.CharField(label=_("Former work unit"), max_length=100)
    retirement_date = forms.DateField(
        label=_("Retirement date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residence"] = residence_choices(scope)
        self._style(self.fields["residence"])
        self.order_fields(
            ["name", "mobile", "id_number", "residence", "former_unit", "retirement_date"]
        )


class ConfirmForm(StyledForm):
    """What a new registry record needs beyond the check-in."""

    residence = forms.ModelChoiceField(label=_("Lives in"), queryset=Area.objects.none())
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "---------"), *Cadre.Gender.choices]
    )
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    # No preselected answer: staff must ask rather than accept a default.
    political_status = forms.ChoiceField(
        label=_("Political status"), choices=[("", "---------"), *Cadre.PoliticalStatus.choices]
    )

    def __init__(self, *args: Any, scope: Scope, checkin: CheckIn, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = residence_list(scope=scope).filter(path__startswith=checkin.area.path)
        field = AreaChoiceField(places, label=_("Lives in"))
        field.base_depth = checkin.area.depth
        self.fields["residence"] = field
        self._style(field)
        self.order_fields(["residence", "gender", "birth_date", "political_status"])


class RejectForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Please give the reason for rejecting.")},
    )


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *CheckIn.Status.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    decided_from = forms.DateField(
        label=_("Decided from"),
        required=False,
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}),
    )
    decided_to = forms.DateField(
        label=_("Decided until"),
        required=False,
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}),
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = area_field(area_list(scope=scope), scope=scope, label=_("Area"), required=False)
        area.widget.attrs["class"] = "form-select"
        quicken(area)
        self.fields["area"] = area

    def filter(self, checkins: models.QuerySet[CheckIn]) -> models.QuerySet[CheckIn]:
        """``checkins`` narrowed to what the form asks (all of them when it is invalid)."""
        if not self.is_valid():
            return checkins
        data = self.cleaned_data
        if data["status"]:
            checkins = checkins.filter(status=data["status"])
        if data["decided_from"]:
            checkins = checkins.filter(decided_at__date__gte=data["decided_from"])
        if data["decided_to"]:
            checkins = checkins.filter(decided_at__date__lte=data["decided_to"])
        if data["area"]:
            checkins = checkins.filter(area__path__startswith=data["area"].path)
        return checkins
