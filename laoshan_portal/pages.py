"""What every app's pages share: paging, returning to ``next``, service arguments, workbook
downloads and permission flags for templates. Views stay thin: parse, call, render."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from laoshan_portal import clock
from laoshan_portal.audit.services import client_ip

PAGE_SIZE = 25  # rows of every paged list
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def next_url(request: HttpRequest, default: str = "") -> str:
    """Where to go after a form: a local ``next`` (e.g. the phone flow) or ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def service_kwargs(request: HttpRequest) -> dict[str, Any]:
    """What every service call takes from the request: the scope, the actor, the address."""
    return {
        "scope": request.scope,  # type: ignore[attr-defined]
        "actor": request.user,
        "ip": client_ip(request),
    }


def xlsx_response(
    request: HttpRequest, export: Callable[..., int], filename: str, **options: Any
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


def can(request: HttpRequest, *names: str) -> dict[str, bool]:
    """``can_<action>_<model>`` flags for a template, from ``app.action_model`` names."""
    user = request.user
    return {f"can_{name.split('.', 1)[1]}": user.has_perm(name) for name in names}
