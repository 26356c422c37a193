"""URLs of campaigns: each page group's module lists its own patterns."""

from __future__ import annotations

from .views import activities, log

app_name = "campaigns"

urlpatterns = log.urlpatterns + activities.urlpatterns
