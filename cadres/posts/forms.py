"""Forms of the posts and coverage pages; area choices are limited to the scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import DateInput, StyledForm
from laoshan_portal.scoping import Scope

from ..forms import area_field
from ..models import Post


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
        self.fields["area"] = area_field(area_list(scope=scope), scope=scope, label=_("Where"))
        self._style(self.fields["area"])
        self.order_fields(["kind", "area", "organisation", "start_date"])


class PostEndForm(StyledForm):
    end_date = forms.DateField(label=_("Until"), widget=DateInput())


class OrganisationCountForm(StyledForm):
    count = forms.IntegerField(
        label=_("Party organisations of this area itself"), min_value=0, max_value=100000
    )
    members = forms.IntegerField(
        label=_("Registered party members"), min_value=0, max_value=1000000, required=False
    )
    groups = forms.IntegerField(
        label=_("Party groups"), min_value=0, max_value=100000, required=False
    )
