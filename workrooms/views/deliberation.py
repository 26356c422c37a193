"""Pages of deliberation (议事): mechanisms, meetings with follow-ups, agreements with items."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from laoshan_portal.pages import (
    PAGE_SIZE,
    can,
    delete_page,
    form_page,
    service_kwargs,
    xlsx_response,
)
from laoshan_portal.scoping import ScopedRequest, scoped_object

from .. import services
from ..export import agreement_export, meeting_export
from ..forms import AgreementForm, AgreementItemForm, FollowUpForm, MechanismForm, MeetingForm
from ..models import Agreement, AgreementItem, FollowUp, Mechanism, Meeting
from ..selectors import (
    agreement_filtered,
    deliberation_figures,
    mechanism_list,
    meeting_filtered,
)


def _period(found: Any) -> dict[str, Any]:
    cleaned = found.form.cleaned_data if found.form.is_valid() else {}
    return {"start": cleaned.get("start"), "end": cleaned.get("end")}


# --- mechanisms ----------------------------------------------------------------------


@login_required
@permission_required("workrooms.view_mechanism", raise_exception=True)
def mechanism_index(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    mechanisms = (
        mechanism_list(scope=scope)
        .select_related("area", "host_workroom")
        .annotate(meeting_count=Count("meetings"))
        .order_by("area__path", "name", "pk")
    )
    page = Paginator(mechanisms, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workrooms/mechanism_list.html",
        {
            "page": page,
            "figures": deliberation_figures(scope=scope),
            **can(request, "workrooms.add_mechanism"),
        },
    )


@login_required
@scoped_object(Mechanism)
@permission_required("workrooms.view_mechanism", raise_exception=True)
def mechanism_detail(request: ScopedRequest, mechanism: Mechanism) -> HttpResponse:
    meetings = mechanism.meetings.annotate(follow_up_count=Count("follow_ups")).order_by(
        "-date", "-pk"
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workrooms/mechanism_detail.html",
        {
            "mechanism": mechanism,
            "page": page,
            "agreements": list(mechanism.agreements.order_by("-date", "-pk")),
            **can(
                request,
                "workrooms.change_mechanism",
                "workrooms.delete_mechanism",
                "workrooms.add_meeting",
                "workrooms.add_agreement",
            ),
        },
    )


@login_required
@permission_required("workrooms.add_mechanism", raise_exception=True)
@require_http_methods(["GET", "POST"])
def mechanism_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    form = MechanismForm(request.POST or None, scope=scope, initial={"area": scope.area})
    return form_page(
        request,
        form,
        save=lambda: services.mechanism_create(data=form.service_data(), **service_kwargs(request)),
        done=lambda mechanism: reverse("workrooms:mechanism_detail", args=[mechanism.pk]),
        message=_("Mechanism %(name)s saved."),
        context={
            "title": _("New deliberation mechanism"),
            "cancel": reverse("workrooms:mechanism_list"),
        },
    )


@login_required
@scoped_object(Mechanism)
@permission_required("workrooms.change_mechanism", raise_exception=True)
@require_http_methods(["GET", "POST"])
def mechanism_edit(request: ScopedRequest, mechanism: Mechanism) -> HttpResponse:
    form = MechanismForm(request.POST or None, scope=request.scope, instance=mechanism)
    back = reverse("workrooms:mechanism_detail", args=[mechanism.pk])
    return form_page(
        request,
        form,
        save=lambda: services.mechanism_update(
            mechanism=mechanism, data=form.service_data(), **service_kwargs(request)
        ),
        done=lambda _mechanism: back,
        message=_("Mechanism %(name)s saved."),
        context={"title": _("Change %(name)s") % {"name": mechanism.name}, "cancel": back},
    )


@login_required
@scoped_object(Mechanism)
@permission_required("workrooms.delete_mechanism", raise_exception=True)
@require_http_methods(["GET", "POST"])
def mechanism_delete(request: ScopedRequest, mechanism: Mechanism) -> HttpResponse:
    return delete_page(
        request,
        mechanism,
        delete=lambda: services.mechanism_delete(mechanism=mechanism, **service_kwargs(request)),
        back=reverse("workrooms:mechanism_detail", args=[mechanism.pk]),
        done=reverse("workrooms:mechanism_list"),
        message=_("Mechanism %(name)s deleted."),
        warning=_("A mechanism with meetings or agreements cannot be deleted."),
    )


# --- meetings and follow-ups ---------------------------------------------------------


@login_required
@permission_required("workrooms.view_meeting", raise_exception=True)
def meeting_index(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    found = meeting_filtered(scope=scope, params=request.GET)
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workrooms/meeting_list.html",
        {
            "filter": found,
            "page": page,
            "figures": deliberation_figures(scope=scope, **_period(found)),
            "can_export": request.user.has_perm("accounts.export_data"),
        },
    )


@login_required
@permission_required("workrooms.view_meeting", raise_exception=True)
@permission_required("accounts.export_data", raise_exception=True)
def meeting_export_view(request: ScopedRequest) -> HttpResponse:
    return xlsx_response(request, meeting_export, "议事会议")


@login_required
@scoped_object(Meeting)
@permission_required("workrooms.view_meeting", raise_exception=True)
def meeting_detail(request: ScopedRequest, meeting: Meeting) -> HttpResponse:
    return render(
        request,
        "workrooms/meeting_detail.html",
        {
            "meeting": meeting,
            "follow_ups": list(meeting.follow_ups.all()),
            "today": timezone.localdate(),
            **can(
                request,
                "workrooms.change_meeting",
                "workrooms.delete_meeting",
                "workrooms.add_followup",
                "workrooms.change_followup",
            ),
        },
    )


def _meeting_url(meeting: Meeting) -> str:
    return reverse("workrooms:meeting_detail", args=[meeting.pk])


@login_required
@scoped_object(Mechanism)
@permission_required("workrooms.add_meeting", raise_exception=True)
@require_http_methods(["GET", "POST"])
def meeting_create(request: ScopedRequest, mechanism: Mechanism) -> HttpResponse:
    """Log a meeting; its follow-ups are added on the meeting's page."""
    form = MeetingForm(request.POST or None, initial={"date": timezone.localdate()})
    return form_page(
        request,
        form,
        save=lambda: services.meeting_create(
            mechanism=mechanism, data=form.service_data(), **service_kwargs(request)
        ),
        done=_meeting_url,
        message=_("Meeting %(name)s saved."),
        context={
            "title": _("Log a meeting of %(name)s") % {"name": mechanism.name},
            "cancel": reverse("workrooms:mechanism_detail", args=[mechanism.pk]),
        },
    )


@login_required
@scoped_object(Meeting)
@permission_required("workrooms.change_meeting", raise_exception=True)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: ScopedRequest, meeting: Meeting) -> HttpResponse:
    form = MeetingForm(request.POST or None, instance=meeting)
    return form_page(
        request,
        form,
        save=lambda: services.meeting_update(
            meeting=meeting, data=form.service_data(), **service_kwargs(request)
        ),
        done=_meeting_url,
        message=_("Meeting %(name)s saved."),
        context={
            "title": _("Change %(name)s") % {"name": meeting},
            "cancel": _meeting_url(meeting),
        },
    )


@login_required
@scoped_object(Meeting)
@permission_required("workrooms.delete_meeting", raise_exception=True)
@require_http_methods(["GET", "POST"])
def meeting_delete(request: ScopedRequest, meeting: Meeting) -> HttpResponse:
    return delete_page(
        request,
        meeting,
        delete=lambda: services.meeting_delete(meeting=meeting, **service_kwargs(request)),
        back=_meeting_url(meeting),
        done=reverse("workrooms:mechanism_detail", args=[meeting.mechanism_id]),
        message=_("Meeting %(name)s deleted."),
        warning=_("Its follow-ups are deleted with it."),
    )


@login_required
@scoped_object(Meeting)
@permission_required("workrooms.add_followup", raise_exception=True)
@require_http_methods(["GET", "POST"])
def follow_up_create(request: ScopedRequest, meeting: Meeting) -> HttpResponse:
    form = FollowUpForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.follow_up_create(
            meeting=meeting, data=form.service_data(), **service_kwargs(request)
        ),
        done=lambda _follow_up: _meeting_url(meeting),
        message=_("Follow-up %(name)s saved."),
        context={
            "title": _("Add a follow-up to %(name)s") % {"name": meeting},
            "cancel": _meeting_url(meeting),
        },  # fmt: skip
    )


@login_required
@scoped_object(FollowUp)
@permission_required("workrooms.change_followup", raise_exception=True)
@require_http_methods(["GET", "POST"])
def follow_up_edit(request: ScopedRequest, follow_up: FollowUp) -> HttpResponse:
    form = FollowUpForm(request.POST or None, instance=follow_up)
    back = _meeting_url(follow_up.meeting)
    return form_page(
        request,
        form,
        save=lambda: services.follow_up_update(
            follow_up=follow_up, data=form.service_data(), **service_kwargs(request)
        ),
        done=lambda _follow_up: back,
        message=_("Follow-up %(name)s saved."),
        context={"title": _("Change follow-up"), "cancel": back},
    )


@login_required
@scoped_object(FollowUp)
@permission_required("workrooms.delete_followup", raise_exception=True)
@require_http_methods(["GET", "POST"])
def follow_up_delete(request: ScopedRequest, follow_up: FollowUp) -> HttpResponse:
    back = _meeting_url(follow_up.meeting)
    return delete_page(
        request,
        follow_up,
        delete=lambda: services.follow_up_delete(follow_up=follow_up, **service_kwargs(request)),
        back=back,
        done=back,
        message=_("Follow-up %(name)s deleted."),
    )


# --- agreements and their items ------------------------------------------------------


@login_required
@permission_required("workrooms.view_agreement", raise_exception=True)
def agreement_index(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    found = agreement_filtered(scope=scope, params=request.GET)
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workrooms/agreement_list.html",
        {
            "filter": found,
            "page": page,
            "figures": deliberation_figures(scope=scope, **_period(found)),
            "can_export": request.user.has_perm("accounts.export_data"),
            **can(request, "workrooms.add_agreement"),
        },
    )


@login_required
@permission_required("workrooms.view_agreement", raise_exception=True)
@permission_required("accounts.export_data", raise_exception=True)
def agreement_export_view(request: ScopedRequest) -> HttpResponse:
    return xlsx_response(request, agreement_export, "议事协议")


def _agreement_url(agreement: Agreement) -> str:
    return reverse("workrooms:agreement_detail", args=[agreement.pk])


@login_required
@scoped_object(Agreement)
@permission_required("workrooms.view_agreement", raise_exception=True)
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


@login_required
@permission_required("workrooms.add_agreement", raise_exception=True)
@require_http_methods(["GET", "POST"])
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


@login_required
@scoped_object(Agreement)
@permission_required("workrooms.change_agreement", raise_exception=True)
@require_http_methods(["GET", "POST"])
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


@login_required
@scoped_object(Agreement)
@permission_required("workrooms.delete_agreement", raise_exception=True)
@require_http_methods(["GET", "POST"])
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


@login_required
@scoped_object(Agreement)
@permission_required("workrooms.add_agreementitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
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
        done=lambda _item: _agreement_url(agreement),
        message=_("Item %(name)s saved."),
        context={
            "title": _("Add an item to %(name)s") % {"name": agreement.title},
            "cancel": _agreement_url(agreement),
        },
    )


@login_required
@scoped_object(AgreementItem)
@permission_required("workrooms.change_agreementitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
def agreement_item_edit(request: ScopedRequest, item: AgreementItem) -> HttpResponse:
    form = AgreementItemForm(request.POST or None, instance=item)
    back = _agreement_url(item.agreement)
    return form_page(
        request,
        form,
        save=lambda: services.agreement_item_update(
            item=item, data=form.service_data(), **service_kwargs(request)
        ),
        done=lambda _item: back,
        message=_("Item %(name)s saved."),
        context={"title": _("Change item"), "cancel": back},
    )


@login_required
@scoped_object(AgreementItem)
@permission_required("workrooms.delete_agreementitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
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
    path("workrooms/deliberation/", mechanism_index, name="mechanism_list"),
    path("workrooms/deliberation/new/", mechanism_create, name="mechanism_create"),
    path("workrooms/deliberation/<int:pk>/", mechanism_detail, name="mechanism_detail"),
    path("workrooms/deliberation/<int:pk>/edit/", mechanism_edit, name="mechanism_edit"),
    path("workrooms/deliberation/<int:pk>/delete/", mechanism_delete, name="mechanism_delete"),
    path("workrooms/deliberation/<int:pk>/meetings/new/", meeting_create, name="meeting_create"),
    path("workrooms/meetings/", meeting_index, name="meeting_list"),
    path("workrooms/meetings/export.xlsx", meeting_export_view, name="meeting_export"),
    path("workrooms/meetings/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("workrooms/meetings/<int:pk>/edit/", meeting_edit, name="meeting_edit"),
    path("workrooms/meetings/<int:pk>/delete/", meeting_delete, name="meeting_delete"),
    path("workrooms/meetings/<int:pk>/follow-ups/new/", follow_up_create, name="follow_up_create"),
    path("workrooms/follow-ups/<int:pk>/edit/", follow_up_edit, name="follow_up_edit"),
    path("workrooms/follow-ups/<int:pk>/delete/", follow_up_delete, name="follow_up_delete"),
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
