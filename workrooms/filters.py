"""Filters of the workroom lists, applied inside the selectors on rows already in scope."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.filters import ScopedFilterSet, area_filter, date_filters, text_within

from .models import Activity, ActivityKind, Agreement, Mechanism, Meeting, Workroom

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class WorkroomFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name")
    area = area_filter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Workroom.Kind.choices)
    demonstration = django_filters.ChoiceFilter(
        label=_("Demonstration workroom"), choices=YES_NO, method="filter_demonstration"
    )

    class Meta:
        model = Workroom
        fields: list[str] = []

    def filter_name(self, queryset: Any, name: str, value: str) -> Any:
        return text_within(queryset, value, "name")

    def filter_demonstration(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(is_demonstration=value == "yes") if value else queryset


class ActivityFilter(ScopedFilterSet):
    area = area_filter()
    start, end = date_filters()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActivityKind.choices)
    workroom = django_filters.ModelChoiceFilter(
        label=_("Workroom"), queryset=Workroom.objects.none(), method="filter_workroom"
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("date", "date"), ("area__path", "area"), ("people_served", "people_served")),
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def __init__(self, *args: Any, workrooms: models.QuerySet[Workroom], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.form.fields["workroom"].queryset = workrooms.order_by("name", "pk")

    def filter_workroom(self, queryset: Any, name: str, value: Workroom | None) -> Any:
        """Its own activities and the joint activities it took part in."""
        if value is None:
            return queryset
        joint = Activity.joint_workrooms.through.objects.filter(workroom=value)
        return queryset.filter(
            models.Q(workroom=value) | models.Q(pk__in=joint.values("activity_id"))
        )


class MeetingFilter(ScopedFilterSet):
    area_field = "mechanism__area"
    area = area_filter()
    start, end = date_filters()
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="mechanism__kind", choices=Mechanism.Kind.choices
    )

    class Meta:
        model = Meeting
        fields: list[str] = []


class AgreementFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Title or parties"), method="filter_text")
    area = area_filter()
    start, end = date_filters()

    class Meta:
        model = Agreement
        fields: list[str] = []

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        return text_within(queryset, value, "title", "parties")
