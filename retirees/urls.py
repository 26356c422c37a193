"""URLs of retirees' accounts: the staff code page and the retirees' own pages (/my/)."""

from __future__ import annotations

from django.urls import path

from .views import codes, corrections, mine

app_name = "retirees"

urlpatterns = [
    path("cadres/<int:pk>/activation-code/", codes.code_issue, name="code_issue"),
    path("my/", mine.home, name="home"),
    path("my/activate/", mine.activate, name="activate"),
    path("my/login/", mine.PhoneLoginView.as_view(), name="login"),
    path("my/certificate/", mine.certificate, name="certificate"),
    path("my/correction/", mine.correction, name="correction"),
    path("retirees/corrections/", corrections.correction_index, name="correction_list"),
    path(
        "retirees/corrections/<int:pk>/decide/",
        corrections.correction_decide,
        name="correction_decide",
    ),
]
