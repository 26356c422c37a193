"""The URLs of taking part, under /api/v1/ with the rest: offering to help on a need
(报名), signing up for a planned activity, proposals (建言献策) and concerns (我要反映).
The views (``api/views/take_part.py``) read and write through retirees' selectors and
services. Each takes only the retiree's own rows, so none is wrapped in ``scoped``."""

from __future__ import annotations

from django.urls import path

from .views import take_part as views

urlpatterns = [
    path("me/needs/<int:pk>/offer/", views.MyNeedOfferView.as_view(), name="my_need_offer"),
    path("me/offers/", views.MyOffersView.as_view(), name="my_offers"),
    path("me/activities/", views.MyActivitiesView.as_view(), name="my_activities"),
    path(
        "me/activities/<int:pk>/signup/",
        views.MyActivitySignupView.as_view(),
        name="my_activity_signup",
    ),
    path("me/proposals/", views.MyProposalsView.as_view(), name="my_proposals"),
    path("me/concerns/", views.MyConcernsView.as_view(), name="my_concerns"),
]
