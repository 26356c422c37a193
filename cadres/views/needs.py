"""Pages of the registry: governance needs and their menu-style matching.

The posts and coverage pages live in ``posts.py``; their URLs are listed here too, so the
app's URL module needs one entry for both.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import add_service_errors
from laoshan_portal.pages import PAGE_SIZE
from laoshan_portal.scoping import ScopedRequest, get_in_scope_or_404, scoped_object

from .. import matching
from ..models import Cadre, Need
from ..needs_forms import NeedDoneForm, NeedForm
from . import posts

CANDIDATES = 20


@login_required
@permission_required("cadres.view_need", raise_exception=True)
def need_index(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    status = request.GET.get("status", "")
    area_id = request.GET.get("area", "")
    # An area out of scope, or no area at all, filters nothing: the list stays in scope.
    valid = area_id.isdigit() and len(area_id) < 10
    area = area_list(scope=scope).filter(pk=area_id).first() if valid else None
    needs = matching.need_filtered(scope=scope, status=status, area=area)
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cadres/need_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Need.Status.choices,
            "area": area,
            "can_add": request.user.has_perm("cadres.add_need"),
        },
    )


@login_required
@permission_required("cadres.add_need", raise_exception=True)
@require_http_methods(["GET", "POST"])
def need_new(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    form = NeedForm(request.POST or None, scope=scope, initial={"area": scope.area})
    if request.method == "POST" and form.is_valid():
        try:
            need = matching.need_create(
                scope=scope, actor=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Need %(title)s posted.") % {"title": need.title})
            return redirect("cadres:need_detail", pk=need.pk)
    return render(request, "cadres/need_form.html", {"form": form})


@login_required
@scoped_object(Need)
@permission_required("cadres.view_need", raise_exception=True)
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
        candidates = matching.rank_candidates(
            scope=scope,
            need=need,
            limit=CANDIDATES,
            show_health=user.has_perm("accounts.view_sensitive"),
        )
    if done_form is None and can_change and need.status == Need.Status.MATCHED:
        done_form = NeedDoneForm()
    return render(
        request,
        "cadres/need_detail.html",
        {
            "need": need,
            "specialties": need.specialties.all(),
            "assignments": list(matching.need_assignments(scope=scope, need=need)),
            "candidates": candidates,
            "can_change": can_change,
            "done_form": done_form,
        },
    )


def _cadre_from_post(request: ScopedRequest) -> Cadre:
    """The cadre named in the form, in scope or a 404 like any object out of reach."""
    scope = request.scope
    return get_in_scope_or_404(Cadre, scope, pk=request.POST.get("cadre"))


@login_required
@scoped_object(Need)
@permission_required("cadres.change_need", raise_exception=True)
@require_POST
def need_assign(request: ScopedRequest, need: Need) -> HttpResponse:
    cadre = _cadre_from_post(request)
    try:
        matching.need_assign(
            scope=request.scope,
            actor=request.user,
            need=need,
            cadre=cadre,
            ip=client_ip(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s assigned.") % {"name": cadre.name})
    return redirect("cadres:need_detail", pk=need.pk)


@login_required
@scoped_object(Need)
@permission_required("cadres.change_need", raise_exception=True)
@require_POST
def need_unassign(request: ScopedRequest, need: Need) -> HttpResponse:
    cadre = _cadre_from_post(request)
    try:
        matching.need_unassign(
            scope=request.scope,
            actor=request.user,
            need=need,
            cadre=cadre,
            ip=client_ip(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s taken off this need.") % {"name": cadre.name})
    return redirect("cadres:need_detail", pk=need.pk)


@login_required
@scoped_object(Need)
@permission_required("cadres.change_need", raise_exception=True)
@require_POST
def need_done(request: ScopedRequest, need: Need) -> HttpResponse:
    """Close a matched need with its outcome; a missing outcome keeps the page and the text."""
    form = NeedDoneForm(request.POST)
    if form.is_valid():
        try:
            matching.need_set_status(
                scope=request.scope,
                actor=request.user,
                need=need,
                status=Need.Status.DONE,
                outcome=form.cleaned_data["outcome"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Need %(title)s is done.") % {"title": need.title})
            return redirect("cadres:need_detail", pk=need.pk)
    return _need_page(request, need, done_form=form)


urlpatterns: list[URLPattern] = [
    *posts.urlpatterns,
    path("cadres/needs/", need_index, name="need_list"),
    path("cadres/needs/new/", need_new, name="need_create"),
    path("cadres/needs/<int:pk>/", need_detail, name="need_detail"),
    path("cadres/needs/<int:pk>/assign/", need_assign, name="need_assign"),
    path("cadres/needs/<int:pk>/unassign/", need_unassign, name="need_unassign"),
    path("cadres/needs/<int:pk>/done/", need_done, name="need_done"),
]
