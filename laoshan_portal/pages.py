"""What every app's pages share: paging and filtered lists, returning to ``next``, service
arguments, form and delete pages, workbook downloads and permission flags for templates.
Views stay thin: parse, call, render."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.forms import BaseForm
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from laoshan_portal import clock
from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import add_service_errors
from laoshan_portal.scoping import ScopedRequest

PAGE_SIZE = 25  # rows of every paged list
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def next_url(request: ScopedRequest, default: str = "") -> str:
    """Where to go after a form: a local ``next`` (e.g. the phone flow) or ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def service_kwargs(request: ScopedRequest) -> dict[str, Any]:
    """What every service call takes from the request: the scope, the actor, the address."""
    return {
        "scope": request.scope,
        "actor": request.user,
        "ip": client_ip(request),
    }


def xlsx_response(
    request: ScopedRequest, export: Callable[..., int], filename: str, **options: Any
) -> FileResponse:
    """Run an export service on the request's filters (its query string, also for a POST)
    with ``options`` and send its workbook as ``<filename>_<YYYYmmdd>.xlsx`` (Beijing date).
    The workbook is spooled to a temporary file, not held in memory; the response closes
    it once sent."""
    out = tempfile.TemporaryFile()
    export(params=request.GET, out=out, **service_kwargs(request), **options)
    out.seek(0)
    stamp = clock.today().strftime("%Y%m%d")
    return FileResponse(
        out, as_attachment=True, filename=f"{filename}_{stamp}.xlsx", content_type=XLSX
    )


def page_of(request: ScopedRequest, rows: Any) -> Page[Any]:
    """The page of ``rows`` (a queryset or list) that ``?page=`` asks for, PAGE_SIZE long."""
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def list_page(request: ScopedRequest, template: str, found: Any, **context: Any) -> HttpResponse:
    """A filtered list: the filter set ``found`` as ``filter``, the ``page`` of its rows
    that ``?page=`` asks for, ``can_export`` (may the user export the list) and
    ``context``."""
    return render(
        request,
        template,
        {
            "filter": found,
            "page": page_of(request, found.qs),
            "can_export": request.user.has_perm("accounts.export_data"),
            **context,
        },
    )


def can(request: ScopedRequest, *names: str) -> dict[str, bool]:
    """``can_<action>_<model>`` flags for a template, from ``app.action_model`` names."""
    user = request.user
    return {f"can_{name.split('.', 1)[1]}": user.has_perm(name) for name in names}


def form_page(
    request: ScopedRequest,
    form: BaseForm,
    *,
    save: Callable[[], models.Model],
    done: str | Callable[[Any], str],
    message: str,
    context: dict[str, Any],
    template: str = "pages/form.html",
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` and go to ``next``, else to ``done``
    (a URL, or a function of the saved object that gives one).

    A service's ValidationError is shown on the form, which keeps what was typed. The
    default template lays out any form; ``context`` gives it ``title`` and ``cancel`` (and
    ``multipart`` and ``photo_url``, the URL name of a stored photo, for photo forms).
    """
    if request.method == "POST" and form.is_valid():
        try:
            obj = save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message % {"name": obj})
            return redirect(next_url(request) or (done if isinstance(done, str) else done(obj)))
    return render(request, template, {"form": form, "next": next_url(request), **context})


def delete_page(
    request: ScopedRequest,
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
        "pages/confirm_delete.html",
        {"object": obj, "back": back, "warning": warning},
    )
