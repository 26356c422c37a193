"""Top-level URLs of the portal."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from laoshan_portal.accounts import views as account_views
from laoshan_portal.health import healthz

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("laoshan_portal.accounts.urls")),
    path("", include("cadres.urls")),
    path("", include("workrooms.urls")),
    path("", include("volunteering.urls")),
    path("", include("volunteering.mediation.urls")),
    path("", include("campaigns.urls")),
    path("", include("care.urls")),
    path("", include("funds.urls")),
    path("", include("university.urls")),
    path("", include("laoshan_portal.audit.views")),
    path("", include("reports.views")),
    path("", include("todo.views")),
    path("", include("retirees.urls")),
    path("api/v1/", include("api.urls")),
]

handler403 = "laoshan_portal.accounts.views.permission_denied"
handler404 = "laoshan_portal.accounts.views.page_not_found"
