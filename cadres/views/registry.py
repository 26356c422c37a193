"""Pages of the registry: the list, a record, its forms, status, merge and reveal."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
