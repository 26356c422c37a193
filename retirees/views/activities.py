"""Staff pages of planned activities: plan one for a team or a workroom, and see who of
its retirees signed up."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from laoshan_portal import clock
from laoshan_portal.forms import add_service_errors
from laoshan_portal.pages import can, paged, service_kwargs
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import activities
from ..models import PlannedActivity
from ..selectors import activity_signup_list, planned_activity_list
from ..take_part_forms import PlannedActivityForm


@staff_view("retirees.view_plannedactivity", methods=("GET",))
def planned_index(request: ScopedRequest) -> HttpResponse:
    """Activities from today on, each with how many retirees signed up."""
    planned = (
        planned_activity_list(scope=request.scope)
        .filter(date__gte=clock.today())
        .annotate(signed=Count("signups", filter=Q(signups__withdrawn_at__isnull=True)))
        .order_by("date", "pk")
    )
    return render(
        request,
        "retirees/planned_list.html",
        {"page": paged(request, planned), **can(request, "retirees.add_plannedactivity")},
    )


@staff_view("retirees.add_plannedactivity", methods=("GET", "POST"))
def planned_new(request: ScopedRequest) -> HttpResponse:
    form = PlannedActivityForm(request.POST or None, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            planned = activities.planned_activity_create(
                **form.cleaned_data, **service_kwargs(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity is planned."))
            return redirect("retirees:planned_detail", pk=planned.pk)
    return render(request, "retirees/planned_form.html", {"form": form})


@staff_view("retirees.view_plannedactivity", scoped=PlannedActivity, methods=("GET",))
def planned_detail(request: ScopedRequest, planned: PlannedActivity) -> HttpResponse:
    signups = activity_signup_list(scope=request.scope).filter(
        planned=planned, withdrawn_at__isnull=True
    )
    return render(
        request,
        "retirees/planned_detail.html",
        {"planned": planned, "signups": signups.select_related("cadre__area")},
    )
