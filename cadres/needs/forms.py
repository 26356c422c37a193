"""Forms of the needs pages; area choices are limited to the scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import DateInput, ModelMultipleChoiceField, StyledForm
from laoshan_portal.scoping import Scope

from ..forms import area_field
from ..models import SpecialtyTag


class NeedForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    specialties = ModelMultipleChoiceField(
        label=_("Specialties needed"),
        queryset=SpecialtyTag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    place = forms.CharField(label=_("Where exactly"), max_length=100, required=False)
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    people_needed = forms.IntegerField(
        label=_("People needed"), min_value=1, max_value=999, initial=1
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"] = area_field(
            area_list(scope=scope), scope=scope, label=_("Community or compound")
        )
        self._style(self.fields["area"])
        # StyledForm would give the checkbox list a text box's class.
        self.fields["specialties"].widget.attrs["class"] = "form-check-input"
        self.order_fields(["title", "area", "specialties", "description", "place"])


class NeedDoneForm(StyledForm):
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, by whom, and what came of it."),
    )
