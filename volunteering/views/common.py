"""Helpers shared by the volunteering pages."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from laoshan_portal.audit.services import client_ip

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def next_url(request: HttpRequest, default: str) -> str:
    """Where to go after a form: a local ``next`` (e.g. the phone flow) or ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def xlsx_response(request: HttpRequest, export: Callable[..., int], filename: str) -> HttpResponse:
    """Run an export service on the request's filters and send the workbook."""
    buffer = io.BytesIO()
    export(
        scope=request.scope,  # type: ignore[attr-defined]
        actor=request.user,
        params=request.GET,
        out=buffer,
        ip=client_ip(request),
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response


def perms(request: HttpRequest, *names: str) -> dict[str, Any]:
    """``can_<action>_<model>`` flags for a template, from ``app.action_model`` names."""
    user = request.user
    return {f"can_{name.split('.', 1)[1]}": user.has_perm(name) for name in names}
