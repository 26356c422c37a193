"""Pages of volunteering, one module per page group."""

from __future__ import annotations

from django.urls import URLPattern

from . import activities, teams, volunteers

urlpatterns: list[URLPattern] = teams.urlpatterns + activities.urlpatterns + volunteers.urlpatterns
