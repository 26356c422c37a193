"""Pages of the registry: governance needs and their menu-style matching."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.pages import PAGE_SIZE, can, service_kwargs
from laoshan_portal.scoping import ScopedRequest, get_in_scope_or_404, staff_view

from ..models import Cadre, Need
from ..needs import ranking, selectors, services, volunteers
from ..needs.forms import NeedDoneForm, NeedForm
from .saving import acted, saved

CANDIDATES = 20


@staff_view("cadres.view_need")
def need_index(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    status = request.GET.get("status", "")
    area_id = request.GET.get("area", "")
    # An area out of scope, or no area at all, filters nothing: the list stays in scope.
    valid = area_id.isdigit() and len(area_id) < 10
    area = area_list(scope=scope).filter(pk=area_id).first() if valid else None
    needs = selectors.need_filtered(scope=scope, status=status, area=area)
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cadres/need_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Need.Status.choices,
            "area": area,
            **can(request, "cadres.add_need"),
        },
    )


@staff_view("cadres.add_need", methods=("GET", "POST"))
def need_new(request: ScopedRequest) -> HttpResponse:
    form = NeedForm(request.POST or None, scope=request.scope, initial={"area": request.scope.area})
    need = saved(
        request,
        form,
        lambda: services.need_create(**form.cleaned_data, **service_kwargs(request)),
    )
    if need is None:
        return render(request, "cadres/need_form.html", {"form": form})
    messages.success(request, _("Need %(title)s posted.") % {"title": need.title})
    return redirect("cadres:need_detail", pk=need.pk)


@staff_view("cadres.view_need", scoped=Need)
def need_detail(request: ScopedRequest, need: Need) -> HttpResponse:
    return _need_page(request, need)


def _need_page(
    request: ScopedRequest, need: Need, done_form: NeedDoneForm | None = None
) -> HttpResponse:
    """The need, who is on it, and the ranked menu of candidates (constant queries)."""
    scope = request.scope
    user = request.user
    # Read once: the page and the ranking both use the need's place and specialties.
    prefetch_related_objects([need], "area", "specialties")
    can_change = user.has_perm("cadres.change_need")
    candidates = []
    if need.status != Need.Status.DONE:
        candidates = ranking.rank_candidates(
            scope=scope,
            need=need,
            limit=CANDIDATES,
            show_health=user.has_perm("accounts.view_sensitive"),
            volunteered=volunteers.volunteered(need),
        )
    if done_form is None and can_change and need.status == Need.Status.MATCHED:
        done_form = NeedDoneForm()
    return render(
        request,
        "cadres/need_detail.html",
        {
            "need": need,
            "specialties": need.specialties.all(),
            "assignments": list(selectors.need_assignments(scope=scope, need=need)),
            "candidates": candidates,
            "can_change": can_change,
            "done_form": done_form,
        },
    )


def _change_assignment(
    request: ScopedRequest, need: Need, change: Callable[..., object], message: str
) -> HttpResponse:
    """Put the cadre named in the form on the need, or take them off; back to the need.

    The cadre is fetched in scope: one out of reach is a 404 like any object.
    """
    cadre = get_in_scope_or_404(Cadre, request.scope, pk=request.POST.get("cadre"))
    acted(
        request,
        lambda: change(need=need, cadre=cadre, **service_kwargs(request)),
        message % {"name": cadre.name},
    )
    return redirect("cadres:need_detail", pk=need.pk)


@staff_view("cadres.change_need", scoped=Need, methods=("POST",))
def need_assign(request: ScopedRequest, need: Need) -> HttpResponse:
    return _change_assignment(request, need, services.need_assign, _("%(name)s assigned."))


@staff_view("cadres.change_need", scoped=Need, methods=("POST",))
def need_unassign(request: ScopedRequest, need: Need) -> HttpResponse:
    message = _("%(name)s taken off this need.")
    return _change_assignment(request, need, services.need_unassign, message)


@staff_view("cadres.change_need", scoped=Need, methods=("POST",))
def need_done(request: ScopedRequest, need: Need) -> HttpResponse:
    """Close a matched need with its outcome; a missing outcome keeps the page and the text."""
    form = NeedDoneForm(request.POST)
    done = saved(
        request,
        form,
        lambda: services.need_set_status(
            need=need,
            status=Need.Status.DONE,
            outcome=form.cleaned_data["outcome"],
            **service_kwargs(request),
        ),
    )
    if done is None:
        return _need_page(request, need, done_form=form)
    messages.success(request, _("Need %(title)s is done.") % {"title": need.title})
    return redirect("cadres:need_detail", pk=need.pk)


urlpatterns: list[URLPattern] = [
    path("cadres/needs/", need_index, name="need_list"),
    path("cadres/needs/new/", need_new, name="need_create"),
    path("cadres/needs/<int:pk>/", need_detail, name="need_detail"),
    path("cadres/needs/<int:pk>/assign/", need_assign, name="need_assign"),
    path("cadres/needs/<int:pk>/unassign/", need_unassign, name="need_unassign"),
    path("cadres/needs/<int:pk>/done/", need_done, name="need_done"),
]
