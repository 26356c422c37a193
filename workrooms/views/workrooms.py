"""Pages of the workrooms and the co-building clusters: lists, details, forms, deletes."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
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
from ..export import workroom_export
from ..forms import ClusterForm, WorkroomForm
from ..models import Cluster, Workroom
from ..selectors import (
    activity_list,
    cluster_list,
    mechanism_list,
    workroom_filtered,
    workroom_list,
    workroom_members,
)

RECENT = 10


@staff_view("workrooms.view_workroom")
def workroom_index(request: ScopedRequest) -> HttpResponse:
    found = workroom_filtered(scope=request.scope, params=request.GET)
    return list_page(
        request,
        "workrooms/workroom_list.html",
        found,
        "accounts.export_data",
        "workrooms.add_workroom",
    )


@staff_view("workrooms.view_workroom", "accounts.export_data")
def workroom_export_view(request: ScopedRequest) -> FileResponse:
    return xlsx_response(request, workroom_export, "工作室")


@staff_view("workrooms.view_workroom", scoped=Workroom)
def workroom_detail(request: ScopedRequest, workroom: Workroom) -> HttpResponse:
    scope = request.scope
    activities = (
        activity_list(scope=scope)
        .filter(workroom=workroom)
        .select_related("area")
        .order_by("-date", "-pk")[:RECENT]
    )
    return render(
        request,
        "workrooms/workroom_detail.html",
        {
            "workroom": workroom,
            "members": list(workroom_members(workroom=workroom)),
            "activities": list(activities),
            "clusters": list(cluster_list(scope=scope).filter(memberships__workroom=workroom)),
            "mechanisms": list(mechanism_list(scope=scope).filter(host_workroom=workroom)),
            **can(
                request,
                "workrooms.change_workroom",
                "workrooms.delete_workroom",
                "workrooms.add_activity",
            ),
        },
    )


@staff_view("workrooms.add_workroom", methods=("GET", "POST"))
def workroom_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    form = WorkroomForm(request.POST or None, scope=scope, initial={"area": scope.area})
    return form_page(
        request,
        form,
        save=lambda: services.workroom_create(
            data=form.service_data(),
            lead=form.cleaned_data["lead"],
            members=form.cleaned_data["members"],
            **service_kwargs(request),
        ),
        done=lambda workroom: reverse("workrooms:workroom_detail", args=[workroom.pk]),
        message=_("Workroom %(name)s saved."),
        context={"title": _("New workroom"), "cancel": reverse("workrooms:workroom_list")},
    )


@staff_view("workrooms.change_workroom", scoped=Workroom, methods=("GET", "POST"))
def workroom_edit(request: ScopedRequest, workroom: Workroom) -> HttpResponse:
    form = WorkroomForm(request.POST or None, scope=request.scope, instance=workroom)
    back = reverse("workrooms:workroom_detail", args=[workroom.pk])
    return form_page(
        request,
        form,
        save=lambda: services.workroom_update(
            workroom=workroom,
            data=form.service_data(),
            lead=form.cleaned_data["lead"],
            members=form.cleaned_data["members"],
            **service_kwargs(request),
        ),
        done=back,
        message=_("Workroom %(name)s saved."),
        context={"title": _("Change %(name)s") % {"name": workroom.name}, "cancel": back},
    )


@staff_view("workrooms.delete_workroom", scoped=Workroom, methods=("GET", "POST"))
def workroom_delete(request: ScopedRequest, workroom: Workroom) -> HttpResponse:
    return delete_page(
        request,
        workroom,
        delete=lambda: services.workroom_delete(workroom=workroom, **service_kwargs(request)),
        back=reverse("workrooms:workroom_detail", args=[workroom.pk]),
        done=reverse("workrooms:workroom_list"),
        message=_("Workroom %(name)s deleted."),
        warning=_("A workroom that has logged activities cannot be deleted."),
    )


@staff_view("workrooms.view_cluster")
def cluster_index(request: ScopedRequest) -> HttpResponse:
    clusters = (
        cluster_list(scope=request.scope)
        .select_related("area")
        .prefetch_related("workrooms")
        .order_by("area__path", "name", "pk")
    )
    return render(
        request,
        "workrooms/cluster_list.html",
        {"page": paged(request, clusters), **can(request, "workrooms.add_cluster")},
    )


@staff_view("workrooms.view_cluster", scoped=Cluster)
def cluster_detail(request: ScopedRequest, cluster: Cluster) -> HttpResponse:
    scope = request.scope
    activities = (
        activity_list(scope=scope)
        .filter(cluster=cluster)
        .prefetch_related("joint_workrooms")
        .order_by("-date", "-pk")[:RECENT]
    )
    return render(
        request,
        "workrooms/cluster_detail.html",
        {
            "cluster": cluster,
            "workrooms": list(
                workroom_list(scope=scope)
                .filter(clusters=cluster)
                .select_related("area", "lead")
                .order_by("name", "pk")
            ),
            "activities": list(activities),
            **can(
                request,
                "workrooms.change_cluster",
                "workrooms.delete_cluster",
                "workrooms.add_activity",
            ),
        },
    )


@staff_view("workrooms.add_cluster", methods=("GET", "POST"))
def cluster_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    form = ClusterForm(request.POST or None, scope=scope, initial={"area": scope.area})
    return form_page(
        request,
        form,
        save=lambda: services.cluster_create(
            data=form.service_data(),
            workrooms=form.cleaned_data["workrooms"],
            **service_kwargs(request),
        ),
        done=lambda cluster: reverse("workrooms:cluster_detail", args=[cluster.pk]),
        message=_("Cluster %(name)s saved."),
        context={
            "title": _("New co-building cluster"),
            "cancel": reverse("workrooms:cluster_list"),
        },
    )


@staff_view("workrooms.change_cluster", scoped=Cluster, methods=("GET", "POST"))
def cluster_edit(request: ScopedRequest, cluster: Cluster) -> HttpResponse:
    form = ClusterForm(request.POST or None, scope=request.scope, instance=cluster)
    back = reverse("workrooms:cluster_detail", args=[cluster.pk])
    return form_page(
        request,
        form,
        save=lambda: services.cluster_update(
            cluster=cluster,
            data=form.service_data(),
            workrooms=form.cleaned_data["workrooms"],
            **service_kwargs(request),
        ),
        done=back,
        message=_("Cluster %(name)s saved."),
        context={"title": _("Change %(name)s") % {"name": cluster.name}, "cancel": back},
    )


@staff_view("workrooms.delete_cluster", scoped=Cluster, methods=("GET", "POST"))
def cluster_delete(request: ScopedRequest, cluster: Cluster) -> HttpResponse:
    return delete_page(
        request,
        cluster,
        delete=lambda: services.cluster_delete(cluster=cluster, **service_kwargs(request)),
        back=reverse("workrooms:cluster_detail", args=[cluster.pk]),
        done=reverse("workrooms:cluster_list"),
        message=_("Cluster %(name)s deleted."),
        warning=_("A cluster that has logged joint activities cannot be deleted."),
    )


urlpatterns: list[URLPattern] = [
    path("workrooms/", workroom_index, name="workroom_list"),
    path("workrooms/export.xlsx", workroom_export_view, name="workroom_export"),
    path("workrooms/new/", workroom_create, name="workroom_create"),
    path("workrooms/<int:pk>/", workroom_detail, name="workroom_detail"),
    path("workrooms/<int:pk>/edit/", workroom_edit, name="workroom_edit"),
    path("workrooms/<int:pk>/delete/", workroom_delete, name="workroom_delete"),
    path("workrooms/clusters/", cluster_index, name="cluster_list"),
    path("workrooms/clusters/new/", cluster_create, name="cluster_create"),
    path("workrooms/clusters/<int:pk>/", cluster_detail, name="cluster_detail"),
    path("workrooms/clusters/<int:pk>/edit/", cluster_edit, name="cluster_edit"),
    path("workrooms/clusters/<int:pk>/delete/", cluster_delete, name="cluster_delete"),
]
