"""The staff page that issues a cadre's activation code and prints its slip."""

from __future__ import annotations

import segno
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from cadres.models import Cadre
from laoshan_portal.pages import service_kwargs
from laoshan_portal.scoping import ScopedRequest, public_url, staff_view

from .. import services
from ..selectors import activation_code_list, retiree_account_list


@staff_view("retirees.add_activationcode", scoped=Cadre, methods=("GET", "POST"))
@never_cache
def code_issue(request: ScopedRequest, cadre: Cadre) -> HttpResponse:
    """GET: what issuing does; POST: issue the code and show its slip, the one time the
    code is ever shown."""
    scope = request.scope
    context = {
        "cadre": cadre,
        "account": retiree_account_list(scope=scope).filter(cadre=cadre).first(),
        "open_codes": activation_code_list(scope=scope).filter(cadre=cadre, used_at__isnull=True),
    }
    if request.method == "POST":
        try:
            issued = services.activation_issue(cadre=cadre, **service_kwargs(request))
        except ValidationError as error:
            return render(
                request, "retirees/code_issue.html", {**context, "errors": error.messages}
            )
        address = public_url(request, reverse("retirees:activate"))
        qr = segno.make(address, error="m", micro=False)
        return render(
            request,
            "retirees/code_slip.html",
            {
                "cadre": cadre,
                "code": issued.code,
                "activation": issued.activation,
                "address": address,
                "qr_svg": qr.svg_inline(scale=1, border=0, omitsize=True),
            },
        )
    return render(request, "retirees/code_issue.html", context)
