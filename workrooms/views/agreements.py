"""Pages of the agreements reached by deliberation (议事协议) and of their numbered items."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from laoshan_portal.pages import (
    can,
    delete_page,
    form_page,
    list_page,
    service_kwargs,
    xlsx_response,
)
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import services
from ..export import agreement_export
from ..forms import AgreementForm, AgreementItemForm
from ..models import Agreement, AgreementItem
from ..selectors import agreement_filtered, deliberation_figures


@staff_view("workrooms.view_agreement")
def agreement_index(request: ScopedRequest) -> HttpResponse:
    found = agreement_filtered(scope=request.scope, params=request.GET)
    return list_page(
        request,
        "workrooms/agreement_list.html",
        found,
        "accounts.export_data",
        figures=deliberation_figures(scope=request.scope, **found.period()),
        **can(request, "workrooms.add_agreement"),
    )


@staff_view("workrooms.view_agreement", "accounts.export_data")
def agreement_export_view(request: ScopedRequest) -> FileResponse:
    return xlsx_response(request, agreement_export, "议事协议")


def _agreement_url(agreement: Agreement) -> str:
    return reverse("workrooms:agreement_detail", args=[agreement.pk])


@staff_view("workrooms.view_agreement", scoped=Agreement)
def agreement_detail(request: ScopedRequest, agreement: Agreement) -> HttpResponse:
    items = list(agreement.items.all())
    return render(
        request,
        "workrooms/agreement_detail.html",
        {
            "agreement": agreement,
            "items": items,
            "items_done": sum(1 for item in items if item.status == AgreementItem.Status.DONE),
            **can(
                request,
                "workrooms.change_agreement",
                "workrooms.delete_agreement",
                "workrooms.add_agreementitem",
                "workrooms.change_agreementitem",
            ),
        },
    )


@staff_view("workrooms.add_agreement", methods=("GET", "POST"))
def agreement_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    initial: dict[str, Any] = {"area": scope.area, "date": timezone.localdate()}
    if request.GET.get("mechanism", "").isdigit():
        initial["mechanism"] = request.GET["mechanism"]  # the field checks it is in scope
    form = AgreementForm(request.POST or None, scope=scope, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.agreement_create(data=form.service_data(), **service_kwargs(request)),
        done=_agreement_url,
        message=_("Agreement %(name)s saved."),
        context={"title": _("New agreement"), "cancel": reverse("workrooms:agreement_list")},
    )


@staff_view("workrooms.change_agreement", scoped=Agreement, methods=("GET", "POST"))
def agreement_edit(request: ScopedRequest, agreement: Agreement) -> HttpResponse:
    form = AgreementForm(request.POST or None, scope=request.scope, instance=agreement)
    return form_page(
        request,
        form,
        save=lambda: services.agreement_update(
            agreement=agreement, data=form.service_data(), **service_kwargs(request)
        ),
        done=_agreement_url,
        message=_("Agreement %(name)s saved."),
        context={
            "title": _("Change %(name)s") % {"name": agreement.title},
            "cancel": _agreement_url(agreement),
        },
    )


@staff_view("workrooms.delete_agreement", scoped=Agreement, methods=("GET", "POST"))
def agreement_delete(request: ScopedRequest, agreement: Agreement) -> HttpResponse:
    return delete_page(
        request,
        agreement,
        delete=lambda: services.agreement_delete(agreement=agreement, **service_kwargs(request)),
        back=_agreement_url(agreement),
        done=reverse("workrooms:agreement_list"),
        message=_("Agreement %(name)s deleted."),
        warning=_("Its listed items are deleted with it."),
    )


@staff_view("workrooms.add_agreementitem", scoped=Agreement, methods=("GET", "POST"))
def agreement_item_create(request: ScopedRequest, agreement: Agreement) -> HttpResponse:
    following = (
        agreement.items.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    form = AgreementItemForm(request.POST or None, initial={"number": following})
    return form_page(
        request,
        form,
        save=lambda: services.agreement_item_create(
            agreement=agreement, data=form.service_data(), **service_kwargs(request)
        ),
        done=_agreement_url(agreement),
        message=_("Item %(name)s saved."),
        context={
            "title": _("Add an item to %(name)s") % {"name": agreement.title},
            "cancel": _agreement_url(agreement),
        },
    )


@staff_view("workrooms.change_agreementitem", scoped=AgreementItem, methods=("GET", "POST"))
def agreement_item_edit(request: ScopedRequest, item: AgreementItem) -> HttpResponse:
    form = AgreementItemForm(request.POST or None, instance=item)
    back = _agreement_url(item.agreement)
    return form_page(
        request,
        form,
        save=lambda: services.agreement_item_update(
            item=item, data=form.service_data(), **service_kwargs(request)
        ),
        done=back,
        message=_("Item %(name)s saved."),
        context={"title": _("Change item"), "cancel": back},
    )


@staff_view("workrooms.delete_agreementitem", scoped=AgreementItem, methods=("GET", "POST"))
def agreement_item_delete(request: ScopedRequest, item: AgreementItem) -> HttpResponse:
    back = _agreement_url(item.agreement)
    return delete_page(
        request,
        item,
        delete=lambda: services.agreement_item_delete(item=item, **service_kwargs(request)),
        back=back,
        done=back,
        message=_("Item %(name)s deleted."),
    )


urlpatterns: list[URLPattern] = [
    path("workrooms/agreements/", agreement_index, name="agreement_list"),
    path("workrooms/agreements/export.xlsx", agreement_export_view, name="agreement_export"),
    path("workrooms/agreements/new/", agreement_create, name="agreement_create"),
    path("workrooms/agreements/<int:pk>/", agreement_detail, name="agreement_detail"),
    path("workrooms/agreements/<int:pk>/edit/", agreement_edit, name="agreement_edit"),
    path("workrooms/agreements/<int:pk>/delete/", agreement_delete, name="agreement_delete"),
    path(
        "workrooms/agreements/<int:pk>/items/new/",
        agreement_item_create,
        name="agreement_item_create",
    ),
    path(
        "workrooms/agreement-items/<int:pk>/edit/", agreement_item_edit, name="agreement_item_edit"
    ),
    path(
        "workrooms/agreement-items/<int:pk>/delete/",
        agreement_item_delete,
        name="agreement_item_delete",
    ),
]
