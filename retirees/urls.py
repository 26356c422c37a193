"""URLs of retirees' accounts: the staff code page and the retirees' own pages (/my/)."""

from __future__ import annotations

from django.urls import path

from .views import activities, codes, community, corrections, mine, take_part

app_name = "retirees"

urlpatterns = [
    path("cadres/<int:pk>/activation-code/", codes.code_issue, name="code_issue"),
    path("my/", mine.home, name="home"),
    path("my/activate/", mine.activate, name="activate"),
    path("my/login/", mine.PhoneLoginView.as_view(), name="login"),
    path("my/certificate/", mine.certificate, name="certificate"),
    path("my/correction/", mine.correction, name="correction"),
    path("my/take-part/", take_part.take_part, name="take_part"),
    path("my/take-part/offer/", take_part.need_offer, name="need_offer"),
    path("my/take-part/withdraw/", take_part.offer_withdraw, name="offer_withdraw"),
    path("my/take-part/sign-up/", take_part.activity_sign_up, name="activity_sign_up"),
    path("my/take-part/sign-off/", take_part.signup_withdraw, name="signup_withdraw"),
    path("my/proposal/", take_part.proposal_new, name="proposal_new"),
    path("my/concern/", take_part.concern_new, name="concern_new"),
    path("retirees/proposals/", community.proposal_index, name="proposal_list"),
    path(
        "retirees/proposals/<int:pk>/decide/",
        community.proposal_decide,
        name="proposal_decide",
    ),
    path("retirees/concerns/", community.concern_index, name="concern_list"),
    path("retirees/concerns/<int:pk>/", community.concern_handle, name="concern_handle"),
    path("retirees/activities/", activities.planned_index, name="planned_list"),
    path("retirees/activities/new/", activities.planned_new, name="planned_new"),
    path("retirees/activities/<int:pk>/", activities.planned_detail, name="planned_detail"),
    path("retirees/corrections/", corrections.correction_index, name="correction_list"),
    path(
        "retirees/corrections/<int:pk>/decide/",
        corrections.correction_decide,
        name="correction_decide",
    ),
]
