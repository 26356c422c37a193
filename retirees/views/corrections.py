"""The community's page of retirees' correction requests: approve or decline each."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from laoshan_portal.pages import paged, service_kwargs
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import services
from ..models import CorrectionRequest
from ..selectors import correction_request_list


@staff_view("retirees.view_correctionrequest", methods=("GET",))
def correction_index(request: ScopedRequest) -> HttpResponse:
    corrections = correction_request_list(scope=request.scope).order_by(
        "-status", "-requested_at", "-pk"
    )
    return render(
        request,
        "retirees/correction_list.html",
        {
            "page": paged(request, corrections),
            "can_decide": request.user.has_perm("retirees.change_correctionrequest"),
        },
    )


@staff_view("retirees.change_correctionrequest", scoped=CorrectionRequest, methods=("POST",))
def correction_decide(request: ScopedRequest, correction: CorrectionRequest) -> HttpResponse:
    approve = request.POST.get("decision") == "approve"
    try:
        services.correction_decide(
            correction=correction, approve=approve, **service_kwargs(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The record is corrected.") if approve else _("The request is declined.")
        )
    return redirect("retirees:correction_list")
