"""URLs of sign-in, areas and staff management."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/two-step/setup/", views.otp_setup, name="otp_setup"),
    path("accounts/two-step/", views.otp_verify, name="otp_verify"),
    path("areas/", views.area_index, name="area_index"),
    path("areas/<str:code>/", views.area_detail, name="area_detail"),
    path("areas/<str:code>/children/new/", views.area_child_create, name="area_child_create"),
    path("staff/", views.staff_index, name="staff_index"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/deactivate/", views.staff_deactivate, name="staff_deactivate"),
    path("staff/<int:pk>/activate/", views.staff_activate, name="staff_activate"),
]
