"""Filters of the workroom lists, applied inside the selectors on rows already in scope."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.forms import DateInput

from .models import Activity, ActivityKind, Agreement, Mechanism, Meeting, Workroom


class AreaFilterField(forms.ModelChoiceField):
    """Streets and communities in scope, indented under each other."""

    def label_from_instance(self, obj: Any) -> str:
        return "\u3000" * max(obj.depth - getattr(self, "base_depth", 0), 0) + obj.name


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaFilterField


class ScopedFilterSet(django_filters.FilterSet):
    """A filter set whose area choices are the streets and communities of the scope.

    ``area_field`` names the path to the area of the filtered rows.
    """

    area_field = "area"

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

    def filter_within(self, queryset: Any, name: str, value: Area | None) -> Any:
        if value is None:
            return queryset
        return queryset.filter(**{f"{self.area_field}__path__startswith": value.path})


def _area() -> AreaFilter:
    return AreaFilter(label=_("Area"), queryset=Area.objects.none(), method="filter_within")


def _dates() -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    return (
        django_filters.DateFilter(
            label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput()
        ),
        django_filters.DateFilter(
            label=_("Until"), field_name="date", lookup_expr="lte", widget=DateInput()
        ),
    )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class WorkroomFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name")
    area = _area()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Workroom.Kind.choices)
    demonstration = django_filters.ChoiceFilter(
        label=_("Demonstration workroom"), choices=YES_NO, method="filter_demonstration"
    )

    class Meta:
        model = Workroom
        fields: list[str] = []

    def filter_name(self, queryset: Any, name: str, value: str) -> Any:
        text = value.strip()[:64]
        return queryset.filter(name__contains=text) if text else queryset

    def filter_demonstration(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(is_demonstration=value == "yes") if value else queryset


class ActivityFilter(ScopedFilterSet):
    area = _area()
    start, end = _dates()
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
    area = _area()
    start, end = _dates()
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="mechanism__kind", choices=Mechanism.Kind.choices
    )

    class Meta:
        model = Meeting
        fields: list[str] = []


class AgreementFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Title or parties"), method="filter_text")
    area = _area()
    start, end = _dates()

    class Meta:
        model = Agreement
        fields: list[str] = []

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        text = value.strip()[:64]
        if not text:
            return queryset
        return queryset.filter(models.Q(title__contains=text) | models.Q(parties__contains=text))
