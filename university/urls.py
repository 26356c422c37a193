"""URLs of the senior university and the activity centre."""

from __future__ import annotations

from .views import urlpatterns

app_name = "university"

__all__ = ["app_name", "urlpatterns"]
