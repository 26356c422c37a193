"""URLs of workrooms: every page group's patterns, under the namespace ``workrooms``."""

from __future__ import annotations

from django.urls import URLPattern

from .views import activities, agreements, deliberation, workrooms

app_name = "workrooms"

urlpatterns: list[URLPattern] = [
    *workrooms.urlpatterns,
    *activities.urlpatterns,
    *deliberation.urlpatterns,
    *agreements.urlpatterns,
]
