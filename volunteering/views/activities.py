"""Pages of volunteer activities: the list and its export, an activity with its hours,
the phone-friendly forms to log an activity and to enter hours, and corrections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from laoshan_portal import clock
from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import add_service_errors
from laoshan_portal.pages import PAGE_SIZE, can, next_url, xlsx_response
from laoshan_portal.scoping import ScopedRequest, scoped_object

from .. import excel, services
from ..forms import ActivityForm, CorrectionForm, HoursForm
from ..models import ServiceActivity, ServiceRecord
from ..selectors import activity_filtered, activity_records, team_list, team_members


@login_required
@permission_required("volunteering.view_serviceactivity", raise_exception=True)
@require_GET
def activity_index(request: ScopedRequest) -> HttpResponse:
    found = activity_filtered(scope=request.scope, params=request.GET)
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/activity_list.html",
        {
            "filter": found,
            "page": page,
            **can(request, "volunteering.add_serviceactivity", "accounts.export_data"),
        },
    )


@login_required
@permission_required("volunteering.view_serviceactivity", raise_exception=True)
@permission_required("accounts.export_data", raise_exception=True)
@require_GET
def activity_export(request: ScopedRequest) -> HttpResponse:
    return xlsx_response(request, excel.activity_export, "volunteer-activities")


@login_required
@permission_required("volunteering.add_serviceactivity", raise_exception=True)
@require_http_methods(["GET", "POST"])
def activity_create(request: ScopedRequest) -> HttpResponse:
    """Log an activity with the cadres who took part (``?team=`` preselects the team)."""
    scope = request.scope
    initial = {"date": clock.today()}
    team_id = request.GET.get("team", "")
    if team_id.isdigit():
        initial["team"] = team_list(scope=scope).filter(pk=team_id).first()
    form = ActivityForm(request.POST or None, scope=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        may_enter_hours = request.user.has_perm("volunteering.add_servicerecord")
        entries = form.entries() if may_enter_hours else []
        try:
            activity = services.activity_create(
                scope=scope,
                actor=request.user,
                entries=entries,
                ip=client_ip(request),
                **form.activity_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity %(title)s saved.") % {"title": activity.title})
            default = reverse("volunteering:activity_detail", args=[activity.pk])
            return redirect(next_url(request, default))
    return render(
        request, "volunteering/activity_form.html", {"form": form, "next": next_url(request, "")}
    )


@login_required
@scoped_object(ServiceActivity)
@permission_required("volunteering.change_serviceactivity", raise_exception=True)
@require_http_methods(["GET", "POST"])
def activity_edit(request: ScopedRequest, activity: ServiceActivity) -> HttpResponse:
    scope = request.scope
    initial = {k: getattr(activity, k) for k in ("team", "date", "title", "place", "content")}
    form = ActivityForm(request.POST or None, scope=scope, with_people=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                scope=scope,
                actor=request.user,
                activity=activity,
                ip=client_ip(request),
                **form.activity_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity %(title)s saved.") % {"title": activity.title})
            return redirect("volunteering:activity_detail", pk=activity.pk)
    return render(
        request,
        "volunteering/activity_form.html",
        {"form": form, "activity": activity, "next": ""},
    )


@login_required
@scoped_object(ServiceActivity)
@permission_required("volunteering.view_serviceactivity", raise_exception=True)
@require_GET
def activity_detail(request: ScopedRequest, activity: ServiceActivity) -> HttpResponse:
    records = list(activity_records(activity=activity))
    accepted = [r for r in records if r.status == ServiceRecord.Status.ACCEPTED]
    return render(
        request,
        "volunteering/activity_detail.html",
        {
            "activity": activity,
            "records": records,
            "people": len(accepted),
            "hours": sum(r.hours for r in accepted),
            **can(
                request,
                "volunteering.change_serviceactivity",
                "volunteering.add_servicerecord",
                "volunteering.change_servicerecord",
            ),
        },
    )


@login_required
@scoped_object(ServiceActivity)
@permission_required("volunteering.add_servicerecord", raise_exception=True)
@require_http_methods(["GET", "POST"])
def hours_create(request: ScopedRequest, activity: ServiceActivity) -> HttpResponse:
    """Hours of several people at once, on a phone: one box per team member."""
    scope = request.scope
    records = activity_records(activity=activity).filter(status=ServiceRecord.Status.ACCEPTED)
    entered = {("c", r.cadre_id) if r.cadre_id else ("m", r.member_id) for r in records}
    form = HoursForm(
        request.POST or None,
        scope=scope,
        activity=activity,
        members=list(team_members(team=activity.team)),
        entered=entered,  # type: ignore[arg-type]
    )
    if request.method == "POST" and form.is_valid():
        entries = form.entries()
        if not entries:
            form.add_error(None, _("Give the hours of at least one person."))
        else:
            try:
                made = services.service_records_add(
                    scope=scope,
                    actor=request.user,
                    activity=activity,
                    entries=entries,
                    ip=client_ip(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Hours of %(count)s people saved.") % {"count": len(made)}
                )
                default = reverse("volunteering:activity_detail", args=[activity.pk])
                return redirect(next_url(request, default))
    return render(
        request,
        "volunteering/hours_form.html",
        {
            "form": form,
            "activity": activity,
            "records": list(records),
            "next": next_url(request, ""),
        },
    )


@login_required
@scoped_object(ServiceRecord)
@permission_required("volunteering.change_servicerecord", raise_exception=True)
@require_http_methods(["GET", "POST"])
def record_correct(request: ScopedRequest, record: ServiceRecord) -> HttpResponse:
    """Decline an entry, with corrected hours or without: the entry itself stays."""
    form = CorrectionForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "scope": request.scope,
            "actor": request.user,
            "record": record,
            "reason": data["reason"],
            "ip": client_ip(request),
        }
        try:
            if data["hours"] is None:
                services.service_record_decline(**common)
                text = _("The entry of %(name)s was declined.")
            else:
                services.service_record_correct(hours=data["hours"], **common)
                text = _("The entry of %(name)s was corrected.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, text % {"name": record.person_name})
            default = reverse("volunteering:activity_detail", args=[record.activity_id])
            return redirect(next_url(request, default))
    return render(
        request,
        "volunteering/record_correct.html",
        {"form": form, "record": record, "next": next_url(request, "")},
    )


urlpatterns: list[URLPattern] = [
    path("volunteering/activities/", activity_index, name="activity_list"),
    path("volunteering/activities/export/", activity_export, name="activity_export"),
    path("volunteering/activities/new/", activity_create, name="activity_create"),
    path("volunteering/activities/<int:pk>/", activity_detail, name="activity_detail"),
    path("volunteering/activities/<int:pk>/edit/", activity_edit, name="activity_edit"),
    path("volunteering/activities/<int:pk>/hours/", hours_create, name="hours_create"),
    path("volunteering/records/<int:pk>/correct/", record_correct, name="record_correct"),
]
