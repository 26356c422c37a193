"""Pages of the workroom activity logs: list, export, log, detail, change, delete, photos.

``activity_create`` is the phone form the unified "log an activity" flow links to (with
``?next=``); ``?workroom=<id>`` preselects a workroom. A cluster's joint activity is
logged from the cluster (``cluster_activity_create``).
"""

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
from laoshan_portal.photos import photo_page
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import services
from ..export import activity_export
from ..forms import ActivityForm
from ..models import Activity, ActivityPhoto, Cluster
from ..selectors import activity_filtered, activity_participants


@staff_view("workrooms.view_activity")
def activity_index(request: ScopedRequest) -> HttpResponse:
    found = activity_filtered(scope=request.scope, params=request.GET)
    return list_page(
        request,
        "workrooms/activity_list.html",
        found,
        "accounts.export_data",
        sort=request.GET.get("sort", ""),
        **can(request, "workrooms.add_activity"),
    )


@staff_view("workrooms.view_activity", "accounts.export_data")
def activity_export_view(request: ScopedRequest) -> FileResponse:
    return xlsx_response(request, activity_export, "工作室活动")


@staff_view("workrooms.view_activity", scoped=Activity)
def activity_detail(request: ScopedRequest, activity: Activity) -> HttpResponse:
    return render(
        request,
        "workrooms/activity_detail.html",
        {
            "activity": activity,
            "participants": list(activity_participants(activity=activity)),
            "joint_workrooms": list(activity.joint_workrooms.order_by("name")),
            "photos": list(activity.photos.all()),
            **can(request, "workrooms.change_activity", "workrooms.delete_activity"),
        },
    )


def _detail(activity: Activity) -> str:
    return reverse("workrooms:activity_detail", args=[activity.pk])


def _form_context(title: str, cancel: str) -> dict[str, Any]:
    return {"title": title, "cancel": cancel, "multipart": True, "photo_url": "workrooms:photo"}


def _log_page(
    request: ScopedRequest, form: ActivityForm, cluster: Cluster | None, context: dict[str, Any]
) -> HttpResponse:
    """The form logging an activity of the workroom chosen, or of ``cluster``."""

    def save() -> Activity:
        data = form.cleaned_data
        return services.activity_create(
            data=form.service_data(),
            workroom=data.get("workroom"),
            cluster=cluster,
            joint_workrooms=data.get("joint_workrooms") or [],
            participants=data["participants"],
            photos=data["photos"],
            **service_kwargs(request),
        )

    message = _("Activity %(name)s saved.")
    return form_page(request, form, save=save, done=_detail, message=message, context=context)


@staff_view("workrooms.add_activity", methods=("GET", "POST"))
def activity_create(request: ScopedRequest) -> HttpResponse:
    """Log a workroom's activity on a phone: date and kind first, people, counts, photos."""
    initial: dict[str, Any] = {"date": timezone.localdate()}
    if request.GET.get("workroom", "").isdigit():
        initial["workroom"] = request.GET["workroom"]  # the field checks it is in scope
    form = ActivityForm(
        request.POST or None, request.FILES or None, scope=request.scope, initial=initial
    )
    context = _form_context(_("Log a workroom activity"), reverse("workrooms:activity_list"))
    return _log_page(request, form, None, context)


@staff_view("workrooms.add_activity", scoped=Cluster, methods=("GET", "POST"))
def cluster_activity_create(request: ScopedRequest, cluster: Cluster) -> HttpResponse:
    """Log a joint activity of a cluster and the workrooms that took part."""
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        scope=request.scope,
        cluster=cluster,
        initial={"date": timezone.localdate()},
    )
    title = _("Log a joint activity of %(name)s") % {"name": cluster.name}
    context = _form_context(title, reverse("workrooms:cluster_detail", args=[cluster.pk]))
    return _log_page(request, form, cluster, context)


@staff_view("workrooms.change_activity", scoped=Activity, methods=("GET", "POST"))
def activity_edit(request: ScopedRequest, activity: Activity) -> HttpResponse:
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        scope=request.scope,
        instance=activity,
    )

    def save() -> Activity:
        data = form.cleaned_data
        return services.activity_update(
            activity=activity,
            data=form.service_data(),
            workroom=data.get("workroom"),
            joint_workrooms=data.get("joint_workrooms") or [],
            participants=data["participants"],
            photos=data["photos"],
            remove_photos=data.get("remove_photos") or [],
            **service_kwargs(request),
        )

    return form_page(
        request,
        form,
        save=save,
        done=_detail,
        message=_("Activity %(name)s saved."),
        context=_form_context(_("Change activity"), _detail(activity)),
    )


@staff_view("workrooms.delete_activity", scoped=Activity, methods=("GET", "POST"))
def activity_delete(request: ScopedRequest, activity: Activity) -> HttpResponse:
    return delete_page(
        request,
        activity,
        delete=lambda: services.activity_delete(activity=activity, **service_kwargs(request)),
        back=_detail(activity),
        done=reverse("workrooms:activity_list"),
        message=_("Activity %(name)s deleted."),
        warning=_("Its participants and photos are deleted with it."),
    )


@staff_view("workrooms.view_activity", scoped=ActivityPhoto)
def photo(request: ScopedRequest, photo: ActivityPhoto) -> FileResponse:
    """A photo, after its activity was found in the user's scope."""
    return photo_page(photo)


urlpatterns: list[URLPattern] = [
    path("workrooms/activities/", activity_index, name="activity_list"),
    path("workrooms/activities/export.xlsx", activity_export_view, name="activity_export"),
    path("workrooms/activities/new/", activity_create, name="activity_create"),
    path("workrooms/activities/<int:pk>/", activity_detail, name="activity_detail"),
    path("workrooms/activities/<int:pk>/edit/", activity_edit, name="activity_edit"),
    path("workrooms/activities/<int:pk>/delete/", activity_delete, name="activity_delete"),
    path(
        "workrooms/clusters/<int:pk>/activities/new/",
        cluster_activity_create,
        name="cluster_activity_create",
    ),
    path("workrooms/photos/<int:pk>/", photo, name="photo"),
]
