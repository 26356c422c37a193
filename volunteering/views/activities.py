"""Pages of volunteer activities: the list and its export, an activity with its hours,
the phone-friendly forms to log an activity and to enter hours, and corrections."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from laoshan_portal import clock
from laoshan_portal.pages import can, form_page, paged, service_kwargs, url_by_pk, xlsx_response
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import excel, services
from ..forms import ActivityForm, CorrectionForm, HoursForm
from ..models import ServiceActivity, ServiceRecord
from ..selectors import activity_filtered, activity_records, team_list, team_members


@staff_view("volunteering.view_serviceactivity", methods=("GET",))
def activity_index(request: ScopedRequest) -> HttpResponse:
    found = activity_filtered(scope=request.scope, params=request.GET)
    page = paged(request, found.qs)
    return render(
        request,
        "volunteering/activity_list.html",
        {
            "filter": found,
            "page": page,
            "rows": activity_rows(page),
            **can(request, "volunteering.add_serviceactivity", "accounts.export_data"),
        },
    )


def activity_rows(page: Any) -> list[dict[str, Any]]:
    """What the list shows of each activity, worked out in Python rather than looked up
    by the template engine."""
    url = url_by_pk("volunteering:activity_detail")
    return [
        {
            "url": url(activity.pk),
            "date": f"{activity.date:%Y-%m-%d}",
            "title": activity.title,
            "place": activity.place,
            "team": activity.team.name,
            "area": activity.team.area.name,
            "people": activity.people,
            "hours": activity.total_hours,
        }
        for activity in page
    ]


@staff_view("volunteering.view_serviceactivity", "accounts.export_data", methods=("GET",))
def activity_export(request: ScopedRequest) -> FileResponse:
    return xlsx_response(request, excel.activity_export, "volunteer-activities")


def _detail_url(activity: ServiceActivity) -> str:
    return reverse("volunteering:activity_detail", args=[activity.pk])


def _saved(activity: ServiceActivity) -> str:
    return _("Activity %(title)s saved.") % {"title": activity.title}


@staff_view("volunteering.add_serviceactivity", methods=("GET", "POST"))
def activity_create(request: ScopedRequest) -> HttpResponse:
    """Log an activity with the cadres who took part (``?team=`` preselects the team)."""
    scope = request.scope
    initial: dict[str, Any] = {"date": clock.today()}
    team_id = request.GET.get("team", "")
    if team_id.isdigit():
        initial["team"] = team_list(scope=scope).filter(pk=team_id).first()
    if "show_members" in request.POST:  # without scripts: list the chosen team's members
        shown = ActivityForm(scope=scope, initial={**initial, **request.POST.dict()})
        return render(request, "volunteering/activity_form.html", {"form": shown})
    form = ActivityForm(request.POST or None, scope=scope, initial=initial)
    may_enter_hours = request.user.has_perm("volunteering.add_servicerecord")
    return form_page(
        request,
        form,
        save=lambda: services.activity_create(
            entries=form.entries() if may_enter_hours else [],
            **form.activity_data(),
            **service_kwargs(request),
        ),
        done=_detail_url,
        message=_saved,
        context={},
        template="volunteering/activity_form.html",
    )


@staff_view("volunteering.change_serviceactivity", scoped=ServiceActivity, methods=("GET", "POST"))
def activity_edit(request: ScopedRequest, activity: ServiceActivity) -> HttpResponse:
    initial = {k: getattr(activity, k) for k in ("team", "date", "title", "place", "content")}
    form = ActivityForm(
        request.POST or None, scope=request.scope, with_people=False, initial=initial
    )
    return form_page(
        request,
        form,
        save=lambda: services.activity_update(
            activity=activity, **form.activity_data(), **service_kwargs(request)
        ),
        done=_detail_url,
        message=_saved,
        context={"activity": activity},
        template="volunteering/activity_form.html",
    )


@staff_view("volunteering.view_serviceactivity", scoped=ServiceActivity, methods=("GET",))
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


@staff_view("volunteering.add_servicerecord", scoped=ServiceActivity, methods=("GET", "POST"))
def hours_create(request: ScopedRequest, activity: ServiceActivity) -> HttpResponse:
    """Hours of several people at once, on a phone: one box per team member."""
    records = activity_records(activity=activity).filter(status=ServiceRecord.Status.ACCEPTED)
    entered = {("c", r.cadre_id) if r.cadre_id else ("m", r.member_id) for r in records}
    form = HoursForm(
        request.POST or None,
        scope=request.scope,
        activity=activity,
        members=list(team_members(team=activity.team)),
        entered=entered,  # type: ignore[arg-type]
    )
    return form_page(
        request,
        form,
        save=lambda: services.service_records_add(
            activity=activity, entries=form.entries(), **service_kwargs(request)
        ),
        done=lambda _made: _detail_url(activity),
        message=lambda made: _("Hours of %(count)s people saved.") % {"count": len(made)},
        context={"activity": activity, "records": list(records)},
        template="volunteering/hours_form.html",
    )


@staff_view("volunteering.change_servicerecord", scoped=ServiceRecord, methods=("GET", "POST"))
def record_correct(request: ScopedRequest, record: ServiceRecord) -> HttpResponse:
    """Decline an entry, with corrected hours or without: the entry itself stays."""
    form = CorrectionForm(request.POST or None, record=record)

    def save() -> ServiceRecord:
        hours, reason = form.cleaned_data["hours"], form.cleaned_data["reason"]
        if hours is None:
            return services.service_record_decline(
                record=record, reason=reason, **service_kwargs(request)
            )
        return services.service_record_correct(
            record=record, hours=hours, reason=reason, **service_kwargs(request)
        )

    def message(_saved: ServiceRecord) -> str:
        if form.cleaned_data["hours"] is None:
            text = _("The entry of %(name)s was declined.")
        else:
            text = _("The entry of %(name)s was corrected.")
        return text % {"name": record.person_name}

    return form_page(
        request,
        form,
        save=save,
        done=lambda _saved: reverse("volunteering:activity_detail", args=[record.activity_id]),
        message=message,
        context={"record": record},
        template="volunteering/record_correct.html",
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
