"""Forms of mediation cases: intake with its parties, records, closing, follow-ups, scans."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cadres.forms import CadrePickerField, CadrePickerWidget
from cadres.selectors import cadre_list
from cadres.validators import validate_id_number
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import AreaChoiceField, DateInput, ModelMultipleChoiceField
from laoshan_portal.forms import StyledForm as PortalStyledForm
from laoshan_portal.scoping import Scope
from volunteering.models import Team

from .models import FollowUp, MediationCase, Party
from .selectors import mediation_team_list
from .services import PartyData, normalise_phone, split_items

Case = MediationCase


class StyledForm(PortalStyledForm):
    """The portal's styled form."""


ID_PATTERN = re.compile(r"^\d{1,18}$")


class PickerWidget(CadrePickerWidget):
    """The shared picker widget, redrawn after a bad post with only values that can be ids.

    The shared one looks every submitted value up as an id, so " " or a 20-digit number
    would be a server error instead of the form error the field gives.
    """

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        ids = [v for v in value if ID_PATTERN.match(str(v))]
        return super().optgroups(name, ids, attrs)


class PickerField(CadrePickerField, ModelMultipleChoiceField):
    """Cadres in scope from the search box; an id too large for the database is a form
    error (the portal's ModelMultipleChoiceField guard), not a server error."""

    widget = PickerWidget


class TeamChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Choose a mediation team of your area.")}


class CaseForm(StyledForm):
    """The intake (登记) of a case, without its parties (a formset beside it)."""

    area = AreaChoiceField(queryset=Area.objects.none(), label=_("Where the dispute is"))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    category = forms.ChoiceField(label=_("Category"), choices=Case.Category.choices)
    source = forms.ChoiceField(label=_("Source"), choices=Case.Source.choices)
    team = TeamChoiceField(queryset=Team.objects.none(), label=_("Mediation team"))
    summary = forms.CharField(
        label=_("Summary of the dispute"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = cast(AreaChoiceField, self.fields["area"])
        area.queryset = area_list(scope=scope).exclude(level=Area.Level.BUILDING).order_by("path")
        if scope.area is not None:
            area.base_depth = scope.area.depth
        team = cast(TeamChoiceField, self.fields["team"])
        team.queryset = mediation_team_list(scope=scope).filter(active=True).order_by("name")
        # Placed here so it renders after the team, as the intake form on paper has it.
        mediators = PickerField(queryset=cadre_list(scope=scope), label=_("Mediators"))
        mediators.error_messages["required"] = _("Choose at least one mediator.")
        summary = self.fields.pop("summary")
        self.fields["mediators"] = mediators
        self.fields["summary"] = summary


class PartyForm(StyledForm):
    name = forms.CharField(label=_("Full name"), max_length=32)
    role = forms.ChoiceField(label=_("Party to the dispute as"), choices=Party.Role.choices)
    phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    id_number = forms.CharField(label=_("ID number (if given)"), max_length=20, required=False)

    def has_changed(self) -> bool:
        # A spare row keeps its role select's first option: only typed text counts.
        return any(str(self[name].data or "").strip() for name in ("name", "phone", "id_number"))

    def clean_name(self) -> str:
        return str(self.cleaned_data["name"]).strip()

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"].strip()
        return validate_id_number(value) if value else ""


class BasePartyFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        # The first party applies; those added after it are, most often, respondents.
        role = Party.Role.APPLICANT if index == 0 else Party.Role.RESPONDENT
        return {**super().get_form_kwargs(index), "initial": {"role": role}}

    def clean(self) -> None:
        if any(self.errors):
            return
        names = [
            form.cleaned_data["name"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not names:
            raise ValidationError(_("Add at least one party to the dispute."))
        for name in names:
            if names.count(name) > 1:
                raise ValidationError(
                    _("%(name)s is listed twice among the parties.") % {"name": name}
                )

    def parties(self) -> list[PartyData]:
        return [
            PartyData(
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                phone=form.cleaned_data["phone"],
                id_number=form.cleaned_data["id_number"],
            )
            for form in self.forms
            if form.cleaned_data
        ]


# The factory's class is a BasePartyFormSet (its ``parties()`` included).
PartyFormSet = cast(
    type[BasePartyFormSet],
    forms.formset_factory(
        PartyForm, formset=BasePartyFormSet, extra=2, max_num=20, validate_max=True
    ),
)


class RecordForm(StyledForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    attendees = forms.CharField(
        label=_("Others present"),
        max_length=200,
        required=False,
        help_text=_("e.g. both parties, a relative, the property manager"),
    )
    content = forms.CharField(
        label=_("What happened"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mediators = PickerField(
            queryset=cadre_list(scope=scope), label=_("Mediators present"), required=False
        )
        content = self.fields.pop("content")
        attendees = self.fields.pop("attendees")
        self.fields["mediators"] = mediators
        self.fields["attendees"] = attendees
        self.fields["content"] = content


class CloseForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("Mediation outcome"),
        choices=[("", "---------"), *Case.Outcome.choices],
        required=False,
    )
    closed_on = forms.DateField(label=_("Closing date"), widget=DateInput(), required=False)
    agreement_kind = forms.ChoiceField(
        label=_("Agreement"),
        choices=[("", "---------"), *Case.AgreementKind.choices],
        required=False,
        help_text=_("For a settled case."),
    )
    items = forms.CharField(
        label=_("Agreement items"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One item a line; they are numbered in this order."),
    )
    agreement_signed_on = forms.DateField(
        label=_("Agreement signed"), widget=DateInput(), required=False
    )
    agreement_copies = forms.IntegerField(
        label=_("Copies handed to the parties"), min_value=1, max_value=99, required=False
    )
    referred_to = forms.CharField(
        label=_("Referred to"),
        max_length=100,
        required=False,
        help_text=_("For a referred case: the court, office or organisation."),
    )
    outcome_notes = forms.CharField(
        label=_("Notes on the outcome"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a case not settled: why."),
    )

    def clean_items(self) -> list[str]:
        return split_items(self.cleaned_data["items"])


class JudicialForm(StyledForm):
    decision = forms.ChoiceField(label=_("Judicial confirmation"), choices=Case.Judicial.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput())


class FollowUpForm(StyledForm):
    date = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    result = forms.ChoiceField(label=_("Result"), choices=FollowUp.Result.choices)
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScanForm(StyledForm):
    file = forms.FileField(label=_("Scanned page (photo)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = "image/*"
