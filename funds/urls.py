"""URLs of the funds."""

from __future__ import annotations

from .views import ledger, overview

app_name = "funds"

urlpatterns = overview.urlpatterns + ledger.urlpatterns
