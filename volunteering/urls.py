"""URLs of volunteering."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "volunteering"

urlpatterns: list[URLPattern] = []
