"""Referring the needs raised on a visit to another body (转介), and marking a referral
answered."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from laoshan_portal import clock
from laoshan_portal.pages import form_page, service_kwargs
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import services
from ..forms import ReferralForm
from ..models import Referral, Visit


@staff_view("care.change_visit", scoped=Visit, methods=("GET", "POST"))
def visit_refer(request: ScopedRequest, visit: Visit) -> HttpResponse:
    """One action beside "post as a governance need": refer the need to another body."""
    form = ReferralForm(request.POST or None)
    back = reverse("care:visit_detail", args=[visit.pk])
    return form_page(
        request,
        form,
        save=lambda: services.visit_refer(
            visit=visit, data=form.cleaned_data, **service_kwargs(request)
        ),
        done=back,
        message=_("Referred: %(name)s."),
        context={
            "title": _("Refer the need raised on %(visit)s") % {"visit": visit},
            "cancel": back,
        },
    )


@staff_view("care.change_visit", scoped=Referral, methods=("POST",))
def referral_answer(request: ScopedRequest, referral: Referral) -> HttpResponse:
    try:
        services.referral_answer(referral=referral, day=clock.today(), **service_kwargs(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Referral marked answered."))
    return redirect("care:visit_detail", pk=referral.visit_id)


urlpatterns: list[URLPattern] = [
    path("care/visits/<int:pk>/refer/", visit_refer, name="visit_refer"),
    path("care/referrals/<int:pk>/answered/", referral_answer, name="referral_answer"),
]
