"""URLs of mediation cases."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "mediation"

urlpatterns: list[URLPattern] = []
