"""Forms of the funds: a budget line, an allocation of a line, a spending record of an
allocation, and the reason of a reversal. Choices hold only what the user's scope holds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.selectors import activity_list as campaign_activity_list
from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import AreaChoiceField, DateInput, StyledForm
from laoshan_portal.scoping import Scope
from volunteering.selectors import activity_list as service_activity_list
from volunteering.selectors import team_list
from workrooms.selectors import activity_list as workroom_activity_list
from workrooms.selectors import workroom_list

from .models import Allocation, BudgetLine, PurposeKind, Source

MAX_YUAN = Decimal("9999999999.99")


def _yuan(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MAX_YUAN,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )


def _area_field(areas: models.QuerySet[Area], scope: Scope) -> AreaChoiceField:
    field = AreaChoiceField(areas, label=_("Area"))
    field.base_depth = scope.area.depth if scope.area else 0
    return field


def _optional(queryset: models.QuerySet[Any], label: Any) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(queryset=queryset, label=label, required=False)


class BudgetLineForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    amount = _yuan(_("Amount (yuan)"))
    notes = forms.CharField(label=_("Notes"), max_length=200, required=False)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": clock.today().year, "area": scope.area})
        super().__init__(*args, **kwargs)
        self.fields = {"area": _area_field(area_list(scope=scope), scope), **self.fields}


class BudgetLineChangeForm(StyledForm):
    """A line's amount and notes, corrected after entry."""

    amount = _yuan(_("Amount (yuan)"))
    notes = forms.CharField(label=_("Notes"), max_length=200, required=False)


class AllocationForm(StyledForm):
    past_dates = ("date",)

    date = forms.DateField(label=_("Date"), widget=DateInput())
    purpose_kind = forms.ChoiceField(label=_("Purpose"), choices=PurposeKind.choices)
    purpose = forms.CharField(
        label=_("Purpose in words"), max_length=100, help_text=_("e.g. 红色宣讲资料印制")
    )
    amount = _yuan(_("Amount (yuan)"))

    def __init__(self, *args: Any, scope: Scope, line: BudgetLine, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": clock.today(), "area": line.area})
        super().__init__(*args, **kwargs)
        within = {"area__path__startswith": line.area.path}
        areas = area_list(scope=scope).filter(path__startswith=line.area.path)
        self.fields = {"area": _area_field(areas, scope), **self.fields}
        self.fields["workroom"] = _optional(
            workroom_list(scope=scope).filter(**within), _("Workroom")
        )
        self.fields["team"] = _optional(team_list(scope=scope).filter(**within), _("Team"))
        self.fields["campaign_activity"] = _optional(
            campaign_activity_list(scope=scope).filter(**within), _("Campaign activity")
        )


class SpendingForm(StyledForm):
    past_dates = ("date",)

    date = forms.DateField(label=_("Date"), widget=DateInput())
    payee = forms.CharField(label=_("Payee"), max_length=100)
    amount = _yuan(_("Amount (yuan)"))
    description = forms.CharField(label=_("What it paid for"), max_length=200)
    receipt = forms.FileField(label=_("Receipt scan (photo)"), required=False)

    def __init__(self, *args: Any, scope: Scope, allocation: Allocation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": clock.today()})
        super().__init__(*args, **kwargs)
        within = {"area__path__startswith": allocation.area.path}
        self.fields["receipt"].widget.attrs["accept"] = "image/*"
        self.fields["workroom_activity"] = _optional(
            workroom_activity_list(scope=scope).filter(**within).order_by("-date"),
            _("Workroom activity"),
        )
        self.fields["service_activity"] = _optional(
            service_activity_list(scope=scope)
            .filter(team__area__path__startswith=allocation.area.path)
            .order_by("-date"),
            _("Volunteer activity"),
        )
        self.fields["campaign_activity"] = _optional(
            campaign_activity_list(scope=scope).filter(**within).order_by("-date"),
            _("Campaign activity"),
        )


class ReverseForm(StyledForm):
    reason = forms.CharField(label=_("Why it is reversed"), max_length=150)
