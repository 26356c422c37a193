"""Pages of the registry: posts cadres hold and the party-organisation coverage."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.clock import today
from laoshan_portal.forms import query_text
from laoshan_portal.pages import PAGE_SIZE, can, next_url, service_kwargs
from laoshan_portal.scoping import ScopedRequest, get_in_scope_or_404, staff_view

from ..filters import search_cadres
from ..models import Cadre, Post
from ..posts.forms import OrganisationCountForm, PostEndForm, PostForm
from ..posts.selectors import Coverage, cadre_posts, coverages_for, post_filtered
from ..posts.services import party_organisation_count_set, post_create, post_end
from ..selectors import cadre_list
from .saving import saved

SEARCH_LIMIT = 20


@staff_view("cadres.view_post")
def post_index(request: ScopedRequest) -> HttpResponse:
    found = post_filtered(scope=request.scope, params=request.GET)
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cadres/post_list.html",
        {
            "filter": found,
            "page": page,
            "today": today(),
            **can(request, "cadres.change_post"),
        },
    )


@staff_view("cadres.add_post", methods=("GET", "POST"))
def post_new(request: ScopedRequest) -> HttpResponse:
    """``?cadre=<id>`` (a record in scope, else 404) gives the form; without it, a search."""
    scope = request.scope
    cadre_id = request.GET.get("cadre")
    if not cadre_id:
        query = query_text(request.GET, "q", 32)
        found = []
        if query:
            active = cadre_list(scope=scope).filter(status=Cadre.Status.ACTIVE)
            found = list(search_cadres(active, query).select_related("area")[:SEARCH_LIMIT])
        return render(request, "cadres/post_pick_cadre.html", {"query": query, "found": found})
    cadre = get_in_scope_or_404(Cadre, scope, pk=cadre_id)
    form = PostForm(
        request.POST or None, scope=scope, initial={"area": cadre.area, "start_date": today()}
    )
    post = saved(
        request,
        form,
        lambda: post_create(cadre=cadre, **form.cleaned_data, **service_kwargs(request)),
    )
    if post is not None:
        message = _("%(name)s now holds the post %(post)s.")
        return _back(request, message % {"name": cadre.name, "post": post.get_kind_display()})
    posts = cadre_posts(scope=scope, cadre=cadre)
    return render(
        request,
        "cadres/post_form.html",
        {"form": form, "cadre": cadre, "posts": posts, "next": next_url(request)},
    )


@staff_view("cadres.change_post", scoped=Post, methods=("GET", "POST"))
def post_finish(request: ScopedRequest, post: Post) -> HttpResponse:
    form = PostEndForm(request.POST or None, initial={"end_date": today()})
    ended = saved(
        request,
        form,
        lambda: post_end(
            post=post, end_date=form.cleaned_data["end_date"], **service_kwargs(request)
        ),
    )
    if ended is not None:
        message = _("The post %(post)s of %(name)s has ended.")
        return _back(request, message % {"post": post.get_kind_display(), "name": post.cadre.name})
    return render(
        request, "cadres/post_end.html", {"form": form, "post": post, "next": next_url(request)}
    )


def _back(request: ScopedRequest, message: str) -> HttpResponse:
    """Say ``message`` and return to ``next`` (the page the form was opened from) or the list."""
    messages.success(request, message)
    return redirect(next_url(request, reverse("cadres:post_list")))


def _coverage_chart(rows: list[Coverage]) -> dict[str, list[Any]]:
    """Bar-chart data: the led share of each child area; a click drills down."""
    return {
        "labels": [row.area.name for row in rows],
        "values": [float(row.share or 0) for row in rows],
        "links": [reverse("cadres:coverage_area", args=[row.area.code]) for row in rows],
    }


def _coverage_page(
    request: ScopedRequest, area: Area | None, form: OrganisationCountForm | None = None
) -> HttpResponse:
    """The KPI figures of ``area`` and the same figures for each area directly below it.

    Four queries: the children, the organisation sums, the post counts, the breadcrumb.
    """
    scope = request.scope
    context: dict[str, Any] = {"area": area}
    if area is not None:
        children = list(area_list(scope=scope).filter(parent=area).order_by("code"))
        total, *rows = coverages_for(scope=scope, areas=[area, *children])
        can_edit = request.user.has_perm("cadres.change_partyorganisationcount")
        if can_edit and form is None:
            form = OrganisationCountForm(
                initial={
                    "count": total.own_organisations or 0,
                    "members": total.own_members,
                    "groups": total.own_groups,
                }
            )
        context.update(
            total=total,
            rows=rows,
            chart=_coverage_chart(rows),
            ancestors=list(area_list(scope=scope).filter(path__in=area.ancestor_paths())),
            form=form if can_edit else None,
        )
    return render(request, "cadres/coverage.html", context)


@staff_view("cadres.view_post")
def coverage(request: ScopedRequest) -> HttpResponse:
    """The user's own area; a superuser without one starts at the first root of the tree."""
    scope = request.scope
    area = scope.area
    if area is None and scope.unrestricted:
        area = area_list(scope=scope).filter(parent=None).first()
    return _coverage_page(request, area)


@staff_view("cadres.view_post", scoped=Area, kwarg="code", field="code")
def coverage_area(request: ScopedRequest, area: Area) -> HttpResponse:
    return _coverage_page(request, area)


@staff_view(
    "cadres.change_partyorganisationcount",
    scoped=Area,
    kwarg="code",
    field="code",
    methods=("POST",),
)
def coverage_count(request: ScopedRequest, area: Area) -> HttpResponse:
    form = OrganisationCountForm(request.POST)
    row = saved(
        request,
        form,
        lambda: party_organisation_count_set(
            area=area,
            count=form.cleaned_data["count"],
            members=form.cleaned_data["members"],
            groups=form.cleaned_data["groups"],
            **service_kwargs(request),
        ),
    )
    if row is None:
        return _coverage_page(request, area, form)
    messages.success(
        request,
        _("%(area)s now has %(count)s party organisations of its own.")
        % {"area": area.name, "count": row.count},
    )
    return redirect("cadres:coverage_area", code=area.code)


urlpatterns: list[URLPattern] = [
    path("cadres/posts/", post_index, name="post_list"),
    path("cadres/posts/new/", post_new, name="post_create"),
    path("cadres/posts/<int:pk>/end/", post_finish, name="post_end"),
    path("cadres/coverage/", coverage, name="coverage"),
    path("cadres/coverage/<str:code>/", coverage_area, name="coverage_area"),
    path("cadres/coverage/<str:code>/organisations/", coverage_count, name="coverage_count"),
]
