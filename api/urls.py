"""The URLs of /api/v1/. A new endpoint: a view in ``api/views/`` (staff or retiree),
its path here, and an object endpoint wrapped in ``scoped`` so the URL walks test it."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cadres.models import Cadre, Need

from . import take_part
from .views import auth, mine, staff
from .views.staff import scoped

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    # The retiree's own
    path("me/", mine.MeView.as_view(), name="me"),
    path("me/hours/", mine.MyHoursView.as_view(), name="my_hours"),
    path("me/stars/", mine.MyStarsView.as_view(), name="my_stars"),
    path("me/certificates/", mine.MyCertificatesView.as_view(), name="my_certificates"),
    path("me/certificates/pdf/", mine.MyCertificatePdfView.as_view(), name="my_certificate_pdf"),
    path("me/needs/", mine.MyNeedsView.as_view(), name="my_needs"),
    # Staff
    path("cadres/", staff.CadreList.as_view(), name="cadre_list"),
    path("cadres/<int:pk>/", scoped(staff.CadreDetail.as_view(), Cadre), name="cadre_detail"),
    path(
        "cadres/<int:pk>/reveal/",
        scoped(staff.CadreReveal.as_view(), Cadre),
        name="cadre_reveal",
    ),
    path(
        "activities/volunteering/",
        staff.ServiceActivityList.as_view(),
        name="service_activity_list",
    ),
    path(
        "activities/workrooms/", staff.WorkroomActivityList.as_view(), name="workroom_activity_list"
    ),
    path("needs/", staff.NeedList.as_view(), name="need_list"),
    path("needs/<int:pk>/", scoped(staff.NeedDetail.as_view(), Need), name="need_detail"),
    # Taking part (sign-ups, proposals, concerns)
    path("", include(take_part.urlpatterns)),
]
