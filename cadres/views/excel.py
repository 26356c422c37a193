"""Pages of the registry: the import template, the Excel import (check, confirm) and export."""

from __future__ import annotations

from io import BytesIO
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laoshan_portal.audit.services import client_ip
from laoshan_portal.celery import task
from laoshan_portal.forms import SensitiveExportForm, StyledForm, add_service_errors
from laoshan_portal.pages import XLSX, xlsx_response
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import excel_export
from ..importing.checking import check_file
from ..importing.previewing import preview_in_worker
from ..importing.uploads import (
    IMPORT_MAX_BYTES,
    progress_key,
    read_meta,
    update_meta,
    upload_path,
    upload_save,
)
from ..importing.writing import import_run


class UploadForm(StyledForm):
    file = forms.FileField(
        label=gettext_lazy("Filled-in registry sheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() != ".xlsx":
            raise forms.ValidationError(
                _("Upload an Excel workbook saved as .xlsx (in Excel: Save as, Excel workbook).")
            )
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB: split it in two."))
        return upload


@staff_view("cadres.add_cadre", methods=("GET",))
def import_template(request: ScopedRequest) -> HttpResponseBase:
    buffer = BytesIO()
    excel_export.template_workbook(scope=request.scope, out=buffer)
    buffer.seek(0)
    return FileResponse(
        buffer, as_attachment=True, filename="银龄人才信息库导入模板.xlsx", content_type=XLSX
    )


@staff_view("cadres.add_cadre", methods=("GET", "POST"))
def import_upload(request: ScopedRequest) -> HttpResponse:
    """Upload and dry run: every row is checked, nothing is saved."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = upload_save(user=request.user, upload=upload, filename=upload.name)
        if preview_in_worker(upload.size):
            meta = update_meta(token, state="previewing", filename=upload.name)
            task("cadres.tasks.cadre_check_task").delay(token, request.user.pk)
            return render(request, "cadres/excel_progress.html", {"token": token, "meta": meta})
        path = upload_path(token, request.user)
        assert path is not None  # noqa: S101 - just saved for this user  # nosec B101
        result = check_file(path, scope=request.scope)
        update_meta(
            token, state="checked", total=result.total, good=result.good, valid=result.is_valid
        )
        return render(
            request,
            "cadres/excel_preview.html",
            {"result": result, "token": token, "filename": upload.name},
        )
    return render(request, "cadres/excel_import.html", {"form": form})


def _owned_upload(request: ScopedRequest, token: str) -> dict[str, Any]:
    """The kept upload named by the token; another user's (or none) is a 404."""
    if upload_path(token, request.user) is None and not _finished(request, token):
        raise Http404
    meta = read_meta(token)
    if meta is None:
        raise Http404
    return meta


def _finished(request: ScopedRequest, token: str) -> bool:
    # After a successful import the file is gone but its record still names its owner.
    meta = read_meta(token)
    return bool(meta and meta.get("user") == request.user.pk and meta.get("state") == "done")


@staff_view("cadres.add_cadre", methods=("POST",))
def import_confirm(request: ScopedRequest) -> HttpResponse:
    """Write the checked file: all rows or none; in the background when a worker runs."""
    token = request.POST.get("token", "")
    if upload_path(token, request.user) is None:
        raise Http404
    meta = read_meta(token) or {}
    # One confirmation per upload, even if the button is pressed twice.
    if meta.get("state") != "checked" or not cache.add(f"cadres-import-lock:{token}", 1, 3600):
        return render(request, "cadres/excel_progress.html", {"token": token, "meta": meta})
    update_meta(token, state="running", started=timezone.now().isoformat())
    ip = client_ip(request)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        meta = import_run(token=token, user_id=request.user.pk, ip=ip)
        return render(request, "cadres/excel_result.html", {"meta": meta, "token": token})
    task("cadres.tasks.cadre_import_task").delay(token, request.user.pk, ip)
    return render(request, "cadres/excel_progress.html", {"token": token, "meta": meta})


@staff_view("cadres.add_cadre", methods=("GET",))
def import_status(request: ScopedRequest) -> HttpResponse:
    """The progress of a running import (polled by htmx), then its result."""
    token = request.GET.get("token", "")
    meta = _owned_upload(request, token)
    progress = cache.get(progress_key(token)) or {}
    if meta.get("state") == "checked" and "preview" in meta:  # a large file's dry run is done
        if request.headers.get("HX-Request"):  # the polling fragment: load the whole page
            return HttpResponse(headers={"HX-Redirect": request.get_full_path()})
        context = {"result": meta["preview"], "token": token, "filename": meta.get("filename")}
        return render(request, "cadres/excel_preview.html", context)
    if request.headers.get("HX-Request"):
        template = "cadres/excel_status.html"
    elif meta.get("state") in {"done", "failed"}:
        template = "cadres/excel_result.html"
    else:
        template = "cadres/excel_progress.html"
    return render(request, template, {"meta": meta, "progress": progress, "token": token})


@staff_view("accounts.export_data", methods=("GET",))
def export(request: ScopedRequest) -> HttpResponseBase:
    """The registry list as filtered on its page, as an .xlsx file, masked."""
    return xlsx_response(request, excel_export.cadre_export, "银龄人才信息库")


@staff_view("accounts.export_data", "accounts.view_sensitive", methods=("GET", "POST"))
def export_full(request: ScopedRequest) -> HttpResponseBase:
    """The same list with ID numbers and phones in full: chosen, with a reason, audited."""
    form = SensitiveExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return xlsx_response(
                request,
                excel_export.cadre_export,
                "银龄人才信息库",
                full=True,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
    back = reverse("cadres:cadre_list") + "?" + request.GET.urlencode()
    return render(request, "sensitive_export.html", {"form": form, "back": back})


urlpatterns: list[URLPattern] = [
    path("cadres/import/template.xlsx", import_template, name="import_template"),
    path("cadres/import/", import_upload, name="import"),
    path("cadres/import/confirm/", import_confirm, name="import_confirm"),
    path("cadres/import/status/", import_status, name="import_status"),
    path("cadres/export.xlsx", export, name="export"),
    path("cadres/export/full/", export_full, name="export_full"),
]
