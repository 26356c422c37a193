"""Filters of the care list and the visit list, applied inside the selectors on rows
already in scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from laoshan_portal import clock
from laoshan_portal.filters import ScopedFilterSet, area_filter, date_filters, text_within

from .models import Visit
from .rules import REASON_LABELS, RULES, Reason, years_before

AGE_BANDS = {
    "under_70": (None, 70, _("Under 70")),
    "70_79": (70, 80, _("70 to 79")),
    "80_89": (80, 90, _("80 to 89")),
    "90_up": (90, None, _("90 and over")),
}


class CareListFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name")
    reason = django_filters.ChoiceFilter(
        label=_("Reason"), choices=list(REASON_LABELS.items()), method="filter_reason"
    )
    area = area_filter()
    age_band = django_filters.ChoiceFilter(
        label=_("Age"),
        choices=[(code, label) for code, (_low, _high, label) in AGE_BANDS.items()],
        method="filter_age",
    )

    class Meta:
        fields: list[str] = []

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or clock.today()

    def filter_name(self, queryset: Any, name: str, value: str) -> Any:
        return text_within(queryset, value, "name", "name_pinyin", "name_initials")

    def filter_reason(self, queryset: Any, name: str, value: str) -> Any:
        if value == Reason.MANUAL:
            return queryset.filter(care_entry__included=True)
        if value in RULES:
            return queryset.filter(RULES[value](self.today))
        return queryset

    def filter_age(self, queryset: Any, name: str, value: str) -> Any:
        if value not in AGE_BANDS:
            return queryset
        low, high, _label = AGE_BANDS[value]
        found = Q()
        if low is not None:
            found &= Q(birth_date__lte=years_before(self.today, low))
        if high is not None:
            found &= Q(birth_date__gt=years_before(self.today, high))
        return queryset.filter(found)


class VisitFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Person visited"), method="filter_name")
    area = area_filter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Visit.Kind.choices)
    start, end = date_filters()
    follow_up = django_filters.BooleanFilter(label=_("Follow-up wanted"))

    class Meta:
        model = Visit
        fields: list[str] = []

    def filter_name(self, queryset: Any, name: str, value: str) -> Any:
        return text_within(queryset, value, "cadre__name", "cadre__name_pinyin")
