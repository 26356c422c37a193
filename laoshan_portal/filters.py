"""Filters of the activity lists, applied inside a selector on rows already in scope: the
area filter lists the streets and communities of the reader's scope, indented."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import ANY_CHOICE, AreaChoiceField, DateInput, label_empty_choices
from laoshan_portal.scoping import Scope
from laoshan_portal.widgets import quicken


class AreaFilterField(AreaChoiceField):
    """Streets and communities in scope, indented under each other."""


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaFilterField


def area_filter() -> AreaFilter:
    """The ``area`` filter of a ``ScopedFilterSet``: rows in the area chosen or below it."""
    return AreaFilter(label=_("Area"), queryset=Area.objects.none(), method="filter_within")


def date_filters() -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    """``start, end = date_filters()``: rows dated within the two days, both included."""
    return (
        django_filters.DateFilter(
            label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput()
        ),
        django_filters.DateFilter(
            label=_("Until"), field_name="date", lookup_expr="lte", widget=DateInput()
        ),
    )


class ScopedFilterSet(django_filters.FilterSet):
    """A filter set with an ``area`` filter whose choices are the scope's streets and
    communities; its widgets have Bootstrap's classes, its empty choices read "All".

    ``area_field`` names the path to the area of the filtered rows.
    """

    area_field = "area"

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.form.fields["area"]
        levels = [Area.Level.STREET, Area.Level.COMMUNITY]
        field.queryset = area_list(scope=scope).filter(level__in=levels).order_by("path")
        field.base_depth = scope.area.depth if scope.area else 0
        for item in self.form.fields.values():
            item.widget.attrs["class"] = (
                "form-select" if hasattr(item.widget, "choices") else "form-control"
            )
            quicken(item)
        label_empty_choices(self.form.fields.values(), str(ANY_CHOICE))

    def filter_within(self, queryset: Any, name: str, value: Area | None) -> Any:
        if value is None:
            return queryset
        return queryset.filter(**{f"{self.area_field}__path__startswith": value.path})

    def period(self) -> dict[str, date | None]:
        """The ``start`` and ``end`` chosen (None where not, or not valid), for figures."""
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        return {"start": cleaned.get("start"), "end": cleaned.get("end")}


def text_within(queryset: models.QuerySet[Any], value: str, *fields: str) -> Any:
    """Rows with ``value`` (trimmed, at most 64 characters) in one of ``fields``."""
    text = value.strip()[:64]
    if not text:
        return queryset
    found = models.Q()
    for field in fields:
        found |= models.Q(**{f"{field}__contains": text})
    return queryset.filter(found)
