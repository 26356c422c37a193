"""URLs of mediation cases."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "mediation"

urlpatterns = [
    path("mediation/", views.case_index, name="case_list"),
    path("mediation/export/", views.case_export, name="case_export"),
    path("mediation/new/", views.case_create, name="case_create"),
    path("mediation/<int:pk>/", views.case_detail, name="case_detail"),
    path("mediation/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("mediation/<int:pk>/reveal/", views.case_reveal, name="case_reveal"),
    path("mediation/<int:pk>/dossier.pdf", views.case_pdf, name="case_pdf"),
    path("mediation/<int:pk>/dossier/full/", views.case_pdf_full, name="case_pdf_full"),
    path("mediation/<int:pk>/records/new/", views.record_create, name="record_create"),
    path("mediation/<int:pk>/close/", views.case_close, name="case_close"),
    path("mediation/<int:pk>/judicial/", views.case_judicial, name="case_judicial"),
    path("mediation/<int:pk>/follow-ups/new/", views.follow_up_create, name="follow_up_create"),
    path("mediation/<int:pk>/scans/new/", views.scan_create, name="scan_create"),
    path("mediation/scans/<int:pk>/", views.scan_file, name="scan_file"),
]
