"""Pieces shared by the workroom pages: returning to ``next``, forms, deletes, exports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from laoshan_portal.forms import add_service_errors
from laoshan_portal.pages import PAGE_SIZE, XLSX, can, next_url, service_kwargs, xlsx_response


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


__all__ = [
    "PAGE_SIZE",
    "XLSX",
    "can",
    "delete_page",
    "form_page",
    "next_url",
    "service_kwargs",
    "xlsx_response",
]
