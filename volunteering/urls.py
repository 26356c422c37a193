"""URLs of volunteering: each page group's module lists its own patterns."""

from __future__ import annotations

from .views import urlpatterns

app_name = "volunteering"

__all__ = ["app_name", "urlpatterns"]
