"""The filters of the case list, applied inside the selectors."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from volunteering.filters import AreaAndTeamChoices, AreaWithinFilter
from volunteering.models import Team

from .models import MediationCase

Case = MediationCase


class CaseFilter(AreaAndTeamChoices, django_filters.FilterSet):
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
