"""The filters of the course list, applied inside its selector."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from laoshan_portal.filters import ScopedFilterSet, area_filter
from laoshan_portal.scoping import Scope

from .models import Course, Term


class CourseFilter(ScopedFilterSet):
    area = area_filter()
    term = django_filters.ModelChoiceFilter(label=_("Term"), queryset=Term.objects.none())
    subject = django_filters.ChoiceFilter(label=_("Subject"), choices=Course.Subject.choices)

    class Meta:
        model = Course
        fields = ["area", "term", "subject"]

    def __init__(self, *args: Any, scope: Scope, terms: Any, **kwargs: Any) -> None:
        super().__init__(*args, scope=scope, **kwargs)
        self.form.fields["term"].queryset = terms
