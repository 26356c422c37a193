"""Forms of the posts, coverage and needs pages; area choices are limited to the scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import AreaChoiceField, DateInput, ModelMultipleChoiceField, StyledForm
from laoshan_portal.scoping import Scope

from .models import Post, SpecialtyTag


def _area_field(scope: Scope, label: Any) -> AreaChoiceField:
    field = AreaChoiceField(area_list(scope=scope), label=label)
    field.base_depth = scope.area.depth if scope.area else 0
    return field


class PostForm(StyledForm):
    kind = forms.ChoiceField(label=_("Post"), choices=Post.Kind.choices)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=100,
        required=False,
        help_text=_("For example 千泰居小区党支部."),
    )
    start_date = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"] = _area_field(scope, _("Where"))
        self._style(self.fields["area"])
        self.order_fields(["kind", "area", "organisation", "start_date"])


class PostEndForm(StyledForm):
    end_date = forms.DateField(label=_("Until"), widget=DateInput())


class OrganisationCountForm(StyledForm):
    count = forms.IntegerField(
        label=_("Party organisations of this area itself"), min_value=0, max_value=100000
    )


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
        self.fields["area"] = _area_field(scope, _("Community or compound"))
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
