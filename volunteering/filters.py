"""Filters of the team and activity lists, applied inside the selectors."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.forms import ANY_CHOICE, label_empty_choices
from laoshan_portal.widgets import quicken

from .models import ServiceActivity, Team

BRANDS = ("山海夕阳红", "银龄先锋")


class StyledFilters:
    """Bootstrap classes on the filter form's widgets; empty choices read "All"."""

    form: forms.Form

    def style(self) -> None:
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
            widget.attrs["class"] = (
                "form-select" if isinstance(widget, forms.Select) else "form-control"
            )
            quicken(field)
        label_empty_choices(self.form.fields.values(), str(ANY_CHOICE))


class AreaAndTeamChoices(StyledFilters):
    """A filter set whose ``area`` and ``team`` choices are given: those of the reader's
    scope, which the selector passes in."""

    filters: dict[str, Any]

    def __init__(
        self,
        *args: Any,
        areas: models.QuerySet[Area],
        teams: models.QuerySet[Team],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.filters["area"].queryset = areas.order_by("path")
        self.filters["team"].queryset = teams
        self.style()


class AreaWithinFilter(django_filters.ModelChoiceFilter):
    """The chosen area and everything below it, among the areas in scope."""

    def __init__(self, *args: Any, path_field: str, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Area.objects.none())
        super().__init__(*args, **kwargs)
        self.path_field = path_field

    def filter(self, qs: models.QuerySet[Any], value: Area | None) -> models.QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(**{f"{self.path_field}__startswith": value.path})


class TeamFilter(StyledFilters, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")
    area = AreaWithinFilter(label=_("Area"), path_field="area__path")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Team.Kind.choices)
    brand = django_filters.CharFilter(label=_("Brand"), field_name="brand", lookup_expr="exact")

    class Meta:
        model = Team
        fields: list[str] = []

    def __init__(self, *args: Any, areas: models.QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["area"].queryset = areas.order_by("path")
        self.form.fields["brand"].widget = forms.Select(
            choices=[("", _("Any brand")), *((b, b) for b in BRANDS)]
        )
        self.style()


class ActivityFilter(AreaAndTeamChoices, django_filters.FilterSet):
    area = AreaWithinFilter(label=_("Area"), path_field="team__area__path")
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("Until"), field_name="date", lookup_expr="lte")
    team = django_filters.ModelChoiceFilter(label=_("Team"), queryset=Team.objects.none())
    kind = django_filters.ChoiceFilter(
        label=_("Kind of team"), field_name="team__kind", choices=Team.Kind.choices
    )

    class Meta:
        model = ServiceActivity
        fields: list[str] = []
