"""URLs of the registry: each page group's module lists its own patterns."""

from __future__ import annotations

from .views import checkin, excel, needs, registry

app_name = "cadres"

urlpatterns = registry.urlpatterns + checkin.urlpatterns + excel.urlpatterns + needs.urlpatterns
