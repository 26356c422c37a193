"""Filters of the campaign activity list, applied inside the selector on the scoped rows."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.forms import DateInput

from .models import Campaign, CampaignActivity


class AreaFilterField(forms.ModelChoiceField):
    """Streets and communities in scope, indented under each other."""

    def label_from_instance(self, obj: Any) -> str:
        return "\u3000" * max(obj.depth - getattr(self, "base_depth", 0), 0) + obj.name


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaFilterField


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title, topic or unit"), method="filter_search")
    area = AreaFilter(label=_("Area"), queryset=Area.objects.none(), method="filter_within")
    start = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput()
    )
    end = django_filters.DateFilter(
        label=_("Until"), field_name="date", lookup_expr="lte", widget=DateInput()
    )
    campaign = django_filters.ChoiceFilter(
        label=_("Campaign"), field_name="campaign_id", choices=Campaign.Code.choices
    )
    venue_type = django_filters.ChoiceFilter(
        label=_("Venue type"), choices=CampaignActivity.VenueType.choices
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("date", "date"), ("area__path", "area"), ("people_reached", "people_reached")),
    )

    class Meta:
        model = CampaignActivity
        fields: list[str] = []

    def __init__(self, *args: Any, areas: models.QuerySet[Area], base_depth: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.form.fields["area"]
        field.queryset = areas.filter(level__in=[Area.Level.STREET, Area.Level.COMMUNITY]).order_by(
            "path"
        )
        field.base_depth = base_depth
        for item in self.form.fields.values():
            item.widget.attrs["class"] = (
                "form-select" if hasattr(item.widget, "choices") else "form-control"
            )

    def filter_search(self, queryset: Any, name: str, value: str) -> Any:
        text = value.strip()[:64]
        if not text:
            return queryset
        return queryset.filter(
            models.Q(title__contains=text)
            | models.Q(topic__contains=text)
            | models.Q(unit__contains=text)
        )

    def filter_within(self, queryset: Any, name: str, value: Area | None) -> Any:
        return queryset.filter(area__path__startswith=value.path) if value else queryset
