"""URLs of care work: each page group's module lists its own patterns."""

from __future__ import annotations

from .views import people, plans, referrals, visits

app_name = "care"

urlpatterns = people.urlpatterns + visits.urlpatterns + referrals.urlpatterns + plans.urlpatterns
