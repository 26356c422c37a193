"""The filters of the case list, applied inside the selectors."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area
from volunteering.filters import AreaWithinFilter, StyledFilters
from volunteering.models import Team

from .models import MediationCase

Case = MediationCase


class CaseFilter(StyledFilters, django_filters.FilterSet):
    number = django_filters.CharFilter(
        label=_("Case number"), field_name="number", lookup_expr="icontains"
    )
    area = AreaWithinFilter(label=_("Area"), path_field="area__path")
    received_from = django_filters.DateFilter(
        label=_("Received from"), field_name="received_on", lookup_expr="gte"
    )
    received_to = django_filters.DateFilter(
        label=_("Received until"), field_name="received_on", lookup_expr="lte"
    )
    closed_from = django_filters.DateFilter(
        label=_("Closed from"), field_name="closed_on", lookup_expr="gte"
    )
    closed_to = django_filters.DateFilter(
        label=_("Closed until"), field_name="closed_on", lookup_expr="lte"
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Case.Category.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Case.Status.choices)
    outcome = django_filters.ChoiceFilter(
        label=_("Mediation outcome"), choices=Case.Outcome.choices
    )
    team = django_filters.ModelChoiceFilter(label=_("Mediation team"), queryset=Team.objects.none())
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("received_on", "received"), ("number", "number"), ("area__path", "area")),
    )

    class Meta:
        model = MediationCase
        fields: list[str] = []

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
