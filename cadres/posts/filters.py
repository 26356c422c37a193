"""The posts list's filter, and which posts count as held on a day."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy

from laoshan_portal.accounts.models import Area
from laoshan_portal.clock import today
from laoshan_portal.forms import ANY_CHOICE, label_empty_choices
from laoshan_portal.widgets import quicken

from ..models import Post


def current_posts_q(on: date | None = None, prefix: str = "") -> models.Q:
    """Posts held on ``on``: started by then and not ended (an end date is the last day
    *not* held, so a post ended today no longer counts today)."""
    on = on or today()
    return models.Q(**{f"{prefix}start_date__lte": on}) & (
        models.Q(**{f"{prefix}end_date__isnull": True}) | models.Q(**{f"{prefix}end_date__gt": on})
    )


class PostFilter(django_filters.FilterSet):
    STATE_CHOICES = [("current", gettext_lazy("Current")), ("ended", gettext_lazy("Ended"))]

    kind = django_filters.ChoiceFilter(label=gettext_lazy("Post"), choices=Post.Kind.choices)
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Current or ended"), choices=STATE_CHOICES, method="filter_state"
    )
    area = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Area"), queryset=Area.objects.none(), method="filter_within"
    )

    class Meta:
        model = Post
        fields: list[str] = []

    def __init__(self, *args: Any, areas: models.QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Buildings would make the list of choices long and add nothing to a filter.
        self.filters["area"].queryset = areas.exclude(level=Area.Level.BUILDING).order_by("path")
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"
            quicken(field)
        label_empty_choices(self.form.fields.values(), str(ANY_CHOICE))

    def filter_state(self, queryset: Any, name: str, value: str) -> Any:
        current = current_posts_q()
        return queryset.filter(current) if value == "current" else queryset.exclude(current)

    def filter_within(self, queryset: Any, name: str, value: Area | None) -> Any:
        return queryset.filter(area__path__startswith=value.path) if value else queryset
