"""Pages of the senior university and the activity centre; each module lists its URLs."""

from __future__ import annotations

from django.urls import URLPattern

from . import courses, enrolments, rooms

urlpatterns: list[URLPattern] = [
    *courses.urlpatterns,
    *enrolments.urlpatterns,
    *rooms.urlpatterns,
]
