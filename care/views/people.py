"""Pages of the care list: the list, its export, a person's care page and the decisions
by hand that put a person on the list or take them off."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from cadres.models import Cadre
from laoshan_portal import clock
from laoshan_portal.pages import can, paged, service_kwargs, xlsx_response
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import services
from ..export import care_list_export
from ..forms import DecisionForm
from ..selectors import care_filtered, care_rows, care_status, manual_entry, visit_list


@staff_view("care.view_visit")
def care_list(request: ScopedRequest) -> HttpResponse:
    today = clock.today()
    found = care_filtered(scope=request.scope, today=today, params=request.GET)
    page = paged(request, found.qs)
    return render(
        request,
        "care/care_list.html",
        {
            "filter": found,
            "page": page,
            "rows": care_rows(page, today),
            **can(request, "accounts.export_data", "care.add_visit"),
        },
    )


@staff_view("care.view_visit", "accounts.export_data")
def care_list_export_view(request: ScopedRequest) -> FileResponse:
    """The care list as filtered on its page, masked, as an .xlsx file (audited)."""
    return xlsx_response(request, care_list_export, "关爱对象")


@staff_view("care.view_visit", scoped=Cadre)
def person(request: ScopedRequest, cadre: Cadre) -> HttpResponse:
    """A person's care page: why they are on the list, their visits, decisions by hand."""
    return render(
        request,
        "care/person.html",
        {
            "cadre": cadre,
            "row": care_status(cadre=cadre, today=clock.today()),
            "entry": manual_entry(cadre),
            "visits": visit_list(scope=request.scope).filter(cadre=cadre)[:50],
            "form": DecisionForm(),
            **can(request, "care.add_visit", "care.change_carelistentry"),
        },
    )


def _decide(request: ScopedRequest, cadre: Cadre, *, include: bool) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason."))
        return redirect("care:person", pk=cadre.pk)
    try:
        services.care_list_decide(
            cadre=cadre,
            include=include,
            reason=form.cleaned_data["reason"],
            **service_kwargs(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = (
            _("%(name)s is on the care list.") if include else _("%(name)s is off the care list.")
        )
        messages.success(request, done % {"name": cadre.name})
    return redirect("care:person", pk=cadre.pk)


@staff_view("care.change_carelistentry", scoped=Cadre, methods=("POST",))
def person_add(request: ScopedRequest, cadre: Cadre) -> HttpResponse:
    return _decide(request, cadre, include=True)


@staff_view("care.change_carelistentry", scoped=Cadre, methods=("POST",))
def person_remove(request: ScopedRequest, cadre: Cadre) -> HttpResponse:
    return _decide(request, cadre, include=False)


urlpatterns: list[URLPattern] = [
    path("care/", care_list, name="care_list"),
    path("care/export.xlsx", care_list_export_view, name="care_list_export"),
    path("care/people/<int:pk>/", person, name="person"),
    path("care/people/<int:pk>/add/", person_add, name="person_add"),
    path("care/people/<int:pk>/remove/", person_remove, name="person_remove"),
]
