"""Pieces shared by the workroom pages: returning to ``next``, forms, deletes, exports."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import add_service_errors

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def next_url(request: HttpRequest) -> str:
    """A local ``next`` to return to after saving (the phone flow), or ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def service_kwargs(request: HttpRequest) -> dict[str, Any]:
    """What every service call takes from the request."""
    return {
        "scope": request.scope,  # type: ignore[attr-defined]
        "actor": request.user,
        "ip": client_ip(request),
    }


def form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    save: Callable[[], models.Model],
    done: Callable[[Any], str],
    message: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` and go to ``next`` or ``done(obj)``.

    A service's ValidationError is shown on the form, which keeps what was typed.
    """
    if request.method == "POST" and form.is_valid():
        try:
            obj = save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message % {"name": obj})
            return redirect(next_url(request) or done(obj))
    return render(
        request,
        "workrooms/form.html",
        {"form": form, "next": next_url(request), **context},
    )


def delete_page(
    request: HttpRequest,
    obj: models.Model,
    *,
    delete: Callable[[], None],
    back: str,
    done: str,
    message: str,
    warning: str = "",
) -> HttpResponse:
    """GET asks for confirmation; POST deletes, or says why it cannot."""
    if request.method == "POST":
        name = str(obj)
        try:
            delete()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, message % {"name": name})
        return redirect(done)
    return render(
        request,
        "workrooms/confirm_delete.html",
        {"object": obj, "back": back, "warning": warning},
    )


def xlsx_response(request: HttpRequest, export: Callable[..., int], filename: str) -> HttpResponse:
    """Run an export service on the request's filters and send the workbook."""
    out = tempfile.TemporaryFile()  # FileResponse closes it once sent
    export(params=request.GET, out=out, **service_kwargs(request))
    out.seek(0)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return FileResponse(
        out, as_attachment=True, filename=f"{filename}_{stamp}.xlsx", content_type=XLSX
    )


def can(request: HttpRequest, *names: str) -> dict[str, bool]:
    """``can_<action>_<model>`` flags for a template, from ``app.action_model`` names."""
    user = request.user
    return {f"can_{name.split('.', 1)[1]}": user.has_perm(name) for name in names}
