"""URLs of retirees' accounts: the staff code page and the retirees' own pages (/my/)."""

from __future__ import annotations

from django.urls import path

from .views import codes, mine

app_name = "retirees"

urlpatterns = [
    path("cadres/<int:pk>/activation-code/", codes.code_issue, name="code_issue"),
    path("my/", mine.home, name="home"),
    path("my/activate/", mine.activate, name="activate"),
    path("my/login/", mine.PhoneLoginView.as_view(), name="login"),
    path("my/certificate/", mine.certificate, name="certificate"),
]
