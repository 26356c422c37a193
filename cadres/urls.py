"""URLs of the registry: each page group's module lists its own patterns."""

from __future__ import annotations

from .views import checkins, excel, needs, picker, posts, registry

app_name = "cadres"

urlpatterns = [
    *registry.urlpatterns,
    *picker.urlpatterns,
    *checkins.urlpatterns,
    *excel.urlpatterns,
    *needs.urlpatterns,
    *posts.urlpatterns,
]
