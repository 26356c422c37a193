"""URLs of workrooms."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "workrooms"

urlpatterns: list[URLPattern] = []
