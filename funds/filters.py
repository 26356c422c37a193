"""Filters of the spending list, applied inside the selector on the scoped records."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from laoshan_portal.filters import ScopedFilterSet, area_filter, date_filters

from .models import PurposeKind, Source, Spending


class SpendingFilter(ScopedFilterSet):
    area_field = "allocation__area"

    area = area_filter()
    start, end = date_filters()
    source = django_filters.ChoiceFilter(
        label=_("Source"), field_name="allocation__line__source", choices=Source.choices
    )
    purpose_kind = django_filters.ChoiceFilter(
        label=_("Purpose"), field_name="allocation__purpose_kind", choices=PurposeKind.choices
    )

    class Meta:
        model = Spending
        fields: list[str] = []
