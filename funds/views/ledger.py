"""Pages of the spending: the list and its 经费使用明细表 export, an allocation and the
records against it, entering, approving and reversing a record, its receipt scan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from laoshan_portal.pages import can, form_page, list_page, service_kwargs, xlsx_response
from laoshan_portal.scoping import ScopedRequest, staff_view
from laoshan_portal.uploads import photo_response

from .. import services
from ..export import spending_export
from ..forms import ReverseForm, SpendingForm
from ..models import Allocation, Spending
from ..selectors import allocation_committed, allocation_spent, spending_filtered


@staff_view("funds.view_spending")
def spending_index(request: ScopedRequest) -> HttpResponse:
    found = spending_filtered(scope=request.scope, params=request.GET)
    return list_page(request, "funds/spending_list.html", found, "accounts.export_data")


@staff_view("funds.view_spending", "accounts.export_data")
def spending_export_view(request: ScopedRequest) -> FileResponse:
    """The approved records as filtered on the list: the 经费使用明细表 (audited)."""
    return xlsx_response(request, spending_export, "经费使用明细表")


@staff_view("funds.view_allocation", scoped=Allocation)
def allocation_detail(request: ScopedRequest, allocation: Allocation) -> HttpResponse:
    committed = allocation_committed(allocation)
    return render(
        request,
        "funds/allocation_detail.html",
        {
            "allocation": allocation,
            "spent": allocation_spent(allocation),
            "left": allocation.amount - committed,
            "spendings": allocation.spendings.select_related("created_by", "approved_by"),
            **can(request, "funds.add_spending"),
        },
    )


@staff_view("funds.add_spending", scoped=Allocation, methods=("GET", "POST"))
def spending_create(request: ScopedRequest, allocation: Allocation) -> HttpResponse:
    form = SpendingForm(
        request.POST or None, request.FILES or None, scope=request.scope, allocation=allocation
    )
    back = reverse("funds:allocation_detail", args=[allocation.pk])
    return form_page(
        request,
        form,
        save=lambda: services.spending_create(
            allocation=allocation,
            day=form.cleaned_data["date"],
            payee=form.cleaned_data["payee"],
            amount=form.cleaned_data["amount"],
            description=form.cleaned_data["description"],
            workroom_activity=form.cleaned_data["workroom_activity"],
            service_activity=form.cleaned_data["service_activity"],
            campaign_activity=form.cleaned_data["campaign_activity"],
            receipt=form.cleaned_data["receipt"],
            **service_kwargs(request),
        ),
        done=lambda spending: reverse("funds:spending_detail", args=[spending.pk]),
        message=_("Spending record %(name)s saved; it counts once a colleague approves it."),
        context={
            "title": _("Record spending from %(allocation)s") % {"allocation": allocation},
            "cancel": back,
            "multipart": True,
        },
    )


@staff_view("funds.view_spending", scoped=Spending)
def spending_detail(request: ScopedRequest, spending: Spending) -> HttpResponse:
    reversal = Spending.objects.filter(reverses=spending).first()
    return render(
        request,
        "funds/spending_detail.html",
        {
            "spending": spending,
            "reversal": reversal,
            "may_approve": request.user.has_perm("funds.approve_spending")
            and not spending.is_approved
            and spending.created_by_id != request.user.pk,
            "may_reverse": request.user.has_perm("funds.add_spending")
            and spending.reverses_id is None
            and reversal is None,
        },
    )


@staff_view("funds.approve_spending", scoped=Spending, methods=("POST",))
def spending_approve(request: ScopedRequest, spending: Spending) -> HttpResponse:
    try:
        services.spending_approve(spending=spending, **service_kwargs(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Spending record approved."))
    return redirect("funds:spending_detail", spending.pk)


@staff_view("funds.add_spending", scoped=Spending, methods=("GET", "POST"))
def spending_reverse(request: ScopedRequest, spending: Spending) -> HttpResponse:
    form = ReverseForm(request.POST or None)
    back = reverse("funds:spending_detail", args=[spending.pk])
    return form_page(
        request,
        form,
        save=lambda: services.spending_reverse(
            spending=spending, reason=form.cleaned_data["reason"], **service_kwargs(request)
        ),
        done=lambda reversal: reverse("funds:spending_detail", args=[reversal.pk]),
        message=_("Reversing entry %(name)s saved; it counts once a colleague approves it."),
        context={"title": _("Reverse %(record)s") % {"record": spending}, "cancel": back},
    )


@staff_view("funds.view_spending", scoped=Spending)
def receipt(request: ScopedRequest, spending: Spending) -> FileResponse:
    """A receipt scan, after its record was found in the user's scope."""
    if not spending.receipt:
        raise Http404
    return photo_response(spending.receipt, spending.receipt_type)


urlpatterns: list[URLPattern] = [
    path("funds/spending/", spending_index, name="spending_list"),
    path("funds/spending/export.xlsx", spending_export_view, name="export"),
    path("funds/allocations/<int:pk>/", allocation_detail, name="allocation_detail"),
    path("funds/allocations/<int:pk>/spend/", spending_create, name="spending_create"),
    path("funds/spending/<int:pk>/", spending_detail, name="spending_detail"),
    path("funds/spending/<int:pk>/approve/", spending_approve, name="spending_approve"),
    path("funds/spending/<int:pk>/reverse/", spending_reverse, name="spending_reverse"),
    path("funds/spending/<int:pk>/receipt/", receipt, name="receipt"),
]
