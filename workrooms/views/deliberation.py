"""Pages of deliberation (议事): mechanisms, meetings with follow-ups, agreements with items."""

from __future__ import annotations

from django.db.models import Count
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
    paged,
    service_kwargs,
    xlsx_response,
)
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import services
from ..export import meeting_export
from ..forms import FollowUpForm, MechanismForm, MeetingForm
from ..models import FollowUp, Mechanism, Meeting
from ..selectors import (
    deliberation_figures,
    mechanism_list,
    meeting_filtered,
)

# --- mechanisms ----------------------------------------------------------------------


@staff_view("workrooms.view_mechanism")
def mechanism_index(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    mechanisms = (
        mechanism_list(scope=scope)
        .select_related("area", "host_workroom")
        .annotate(meeting_count=Count("meetings"))
        .order_by("area__path", "name", "pk")
    )
    return render(
        request,
        "workrooms/mechanism_list.html",
        {
            "page": paged(request, mechanisms),
            "figures": deliberation_figures(scope=scope),
            **can(request, "workrooms.add_mechanism"),
        },
    )


@staff_view("workrooms.view_mechanism", scoped=Mechanism)
def mechanism_detail(request: ScopedRequest, mechanism: Mechanism) -> HttpResponse:
    meetings = mechanism.meetings.annotate(follow_up_count=Count("follow_ups")).order_by(
        "-date", "-pk"
    )
    return render(
        request,
        "workrooms/mechanism_detail.html",
        {
            "mechanism": mechanism,
            "page": paged(request, meetings),
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


@staff_view("workrooms.add_mechanism", methods=("GET", "POST"))
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


@staff_view("workrooms.change_mechanism", scoped=Mechanism, methods=("GET", "POST"))
def mechanism_edit(request: ScopedRequest, mechanism: Mechanism) -> HttpResponse:
    form = MechanismForm(request.POST or None, scope=request.scope, instance=mechanism)
    back = reverse("workrooms:mechanism_detail", args=[mechanism.pk])
    return form_page(
        request,
        form,
        save=lambda: services.mechanism_update(
            mechanism=mechanism, data=form.service_data(), **service_kwargs(request)
        ),
        done=back,
        message=_("Mechanism %(name)s saved."),
        context={"title": _("Change %(name)s") % {"name": mechanism.name}, "cancel": back},
    )


@staff_view("workrooms.delete_mechanism", scoped=Mechanism, methods=("GET", "POST"))
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


@staff_view("workrooms.view_meeting")
def meeting_index(request: ScopedRequest) -> HttpResponse:
    found = meeting_filtered(scope=request.scope, params=request.GET)
    return list_page(
        request,
        "workrooms/meeting_list.html",
        found,
        "accounts.export_data",
        figures=deliberation_figures(scope=request.scope, **found.period()),
    )


@staff_view("workrooms.view_meeting", "accounts.export_data")
def meeting_export_view(request: ScopedRequest) -> FileResponse:
    return xlsx_response(request, meeting_export, "议事会议")


@staff_view("workrooms.view_meeting", scoped=Meeting)
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


@staff_view("workrooms.add_meeting", scoped=Mechanism, methods=("GET", "POST"))
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


@staff_view("workrooms.change_meeting", scoped=Meeting, methods=("GET", "POST"))
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


@staff_view("workrooms.delete_meeting", scoped=Meeting, methods=("GET", "POST"))
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


@staff_view("workrooms.add_followup", scoped=Meeting, methods=("GET", "POST"))
def follow_up_create(request: ScopedRequest, meeting: Meeting) -> HttpResponse:
    form = FollowUpForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.follow_up_create(
            meeting=meeting, data=form.service_data(), **service_kwargs(request)
        ),
        done=_meeting_url(meeting),
        message=_("Follow-up %(name)s saved."),
        context={
            "title": _("Add a follow-up to %(name)s") % {"name": meeting},
            "cancel": _meeting_url(meeting),
        },  # fmt: skip
    )


@staff_view("workrooms.change_followup", scoped=FollowUp, methods=("GET", "POST"))
def follow_up_edit(request: ScopedRequest, follow_up: FollowUp) -> HttpResponse:
    form = FollowUpForm(request.POST or None, instance=follow_up)
    back = _meeting_url(follow_up.meeting)
    return form_page(
        request,
        form,
        save=lambda: services.follow_up_update(
            follow_up=follow_up, data=form.service_data(), **service_kwargs(request)
        ),
        done=back,
        message=_("Follow-up %(name)s saved."),
        context={"title": _("Change follow-up"), "cancel": back},
    )


@staff_view("workrooms.delete_followup", scoped=FollowUp, methods=("GET", "POST"))
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
]
