"""Pages of the visits: the list and its export, logging a visit (phone-first), a visit,
changing it, revealing the health found (audited), the need it raised, its photos."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from cadres.models import Cadre
from laoshan_portal import clock
from laoshan_portal.audit.services import client_ip
from laoshan_portal.pages import can, form_page, list_page, service_kwargs, xlsx_response
from laoshan_portal.photos import photo_page
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import services
from ..export import visit_export
from ..forms import VisitForm
from ..models import Visit, VisitPhoto
from ..selectors import visit_filtered


@staff_view("care.view_visit")
def visit_index(request: ScopedRequest) -> HttpResponse:
    found = visit_filtered(scope=request.scope, params=request.GET)
    return list_page(
        request, "care/visit_list.html", found, "accounts.export_data", "care.add_visit"
    )


@staff_view("care.view_visit", "accounts.export_data")
def visit_export_view(request: ScopedRequest) -> FileResponse:
    return xlsx_response(request, visit_export, "走访慰问")


def _suggested_kind(cadre: Cadre) -> str:
    if cadre.status == Cadre.Status.DECEASED:
        return Visit.Kind.CONDOLENCE
    if cadre.serious_illness:
        return Visit.Kind.ILLNESS
    return Visit.Kind.ROUTINE


@staff_view("care.add_visit", scoped=Cadre, methods=("GET", "POST"))
def visit_create(request: ScopedRequest, cadre: Cadre) -> HttpResponse:
    """Log a visit to ``cadre``: one column of fields, usable on a phone."""
    kind = request.GET.get("kind") or _suggested_kind(cadre)
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        scope=request.scope,
        actor=request.user,
        initial={"date": clock.today(), "kind": kind, "staff": [request.user.pk]},
    )
    return form_page(
        request,
        form,
        save=lambda: services.visit_create(
            cadre=cadre,
            data=form.service_data(),
            staff=list(form.cleaned_data["staff"]),
            cadre_visitors=form.cleaned_data["cadre_visitors"],
            photos=form.cleaned_data["photos"],
            **service_kwargs(request),
        ),
        done=lambda visit: reverse("care:visit_detail", args=[visit.pk]),
        message=_("Visit %(name)s saved."),
        context=_form_context(_("Log a visit to %(name)s") % {"name": cadre.name}, cadre),
    )


def _form_context(title: str, cadre: Cadre) -> dict[str, object]:
    return {
        "title": title,
        "cancel": reverse("care:person", args=[cadre.pk]),
        "multipart": True,
        "photo_url": "care:photo",
    }


@staff_view("care.view_visit", scoped=Visit)
def visit_detail(request: ScopedRequest, visit: Visit) -> HttpResponse:
    return render(
        request,
        "care/visit_detail.html",
        {
            "visit": visit,
            "health": "******" if visit.health_findings else "",
            "staff": list(visit.staff.all()),
            "cadre_visitors": list(visit.cadre_visitors.all()),
            "photos": list(visit.photos.all()),
            "referrals": list(visit.referrals.all()),
            "can_reveal": request.user.has_perm("accounts.view_sensitive"),
            **can(request, "care.change_visit", "cadres.add_need"),
        },
    )


@staff_view("care.change_visit", scoped=Visit, methods=("GET", "POST"))
def visit_edit(request: ScopedRequest, visit: Visit) -> HttpResponse:
    if request.method == "GET" and visit.health_findings:
        # The form shows the health found in the clear: that is a reveal.
        services.visit_reveal(actor=request.user, visit=visit, ip=client_ip(request))
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        scope=request.scope,
        actor=request.user,
        instance=visit,
    )
    back = reverse("care:visit_detail", args=[visit.pk])
    return form_page(
        request,
        form,
        save=lambda: services.visit_update(
            visit=visit,
            data=form.service_data(),
            staff=list(form.cleaned_data["staff"]),
            cadre_visitors=form.cleaned_data["cadre_visitors"],
            photos=form.cleaned_data["photos"],
            remove_photos=form.cleaned_data.get("remove_photos") or [],
            **service_kwargs(request),
        ),
        done=back,
        message=_("Visit %(name)s saved."),
        context={**_form_context(str(visit), visit.cadre), "cancel": back},
    )


@staff_view(scoped=Visit, methods=("POST",))
def visit_reveal(request: ScopedRequest, visit: Visit) -> HttpResponse:
    """The health found on the visit in the clear (an htmx fragment); always audited."""
    text = services.visit_reveal(actor=request.user, visit=visit, ip=client_ip(request))
    return render(request, "care/visit_revealed.html", {"text": text})


@staff_view("cadres.add_need", scoped=Visit, methods=("POST",))
def visit_raise_need(request: ScopedRequest, visit: Visit) -> HttpResponse:
    """One action: the needs raised on the visit become a governance need, prefilled."""
    try:
        need = services.visit_raise_need(visit=visit, **service_kwargs(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("care:visit_detail", pk=visit.pk)
    messages.success(request, _("Governance need %(name)s posted.") % {"name": need.title})
    return redirect("cadres:need_detail", pk=need.pk)


@staff_view("care.view_visit", scoped=VisitPhoto)
def photo(request: ScopedRequest, photo: VisitPhoto) -> FileResponse:
    return photo_page(photo)


urlpatterns: list[URLPattern] = [
    path("care/visits/", visit_index, name="visit_list"),
    path("care/visits/export.xlsx", visit_export_view, name="visit_export"),
    path("care/people/<int:pk>/visit/", visit_create, name="visit_create"),
    path("care/visits/<int:pk>/", visit_detail, name="visit_detail"),
    path("care/visits/<int:pk>/edit/", visit_edit, name="visit_edit"),
    path("care/visits/<int:pk>/reveal/", visit_reveal, name="visit_reveal"),
    path("care/visits/<int:pk>/need/", visit_raise_need, name="visit_raise_need"),
    path("care/photos/<int:pk>/", photo, name="photo"),
]
