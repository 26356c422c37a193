"""Filters of the campaign activity list, applied inside the selector on the scoped rows."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from laoshan_portal.filters import ScopedFilterSet, area_filter, date_filters, text_within

from .models import Campaign, CampaignActivity


class ActivityFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Title, topic or unit"), method="filter_search")
    area = area_filter()
    start, end = date_filters()
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

    def filter_search(self, queryset: Any, name: str, value: str) -> Any:
        return text_within(queryset, value, "title", "topic", "unit")
