"""The to-do list page, its block on the home page and its count in the navigation."""

from __future__ import annotations

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path

from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.pages import paged
from laoshan_portal.scoping import (
    Scope,
    ScopedRequest,
    get_in_scope_or_404,
    staff_view,
)
from reports.svg import bar_chart

from .selectors import snapshot_trend, todo_glance, todo_rows

app_name = "todo"
HOME_ITEMS = 5  # the home page's block shows the most pressing few


def _communities(request: ScopedRequest) -> list[Area]:
    """The communities a reader above community level may narrow the list to."""
    scope = request.scope
    if scope.area is not None and scope.area.level == Area.Level.COMMUNITY:
        return []
    return list(area_list(scope=scope).filter(level=Area.Level.COMMUNITY).order_by("path"))


def _list_page(request: ScopedRequest, area: Area | None) -> HttpResponse:
    scope = request.scope
    narrowed = scope if area is None else Scope(area=area, role=scope.role)
    today = clock.today()
    items, overdue, current = todo_rows(scope=narrowed, today=today)
    trend_area = area or scope.area
    trend = (
        snapshot_trend(scope=scope, area_id=trend_area.pk, today=today)
        if trend_area is not None
        else None
    )
    return render(
        request,
        "todo/list.html",
        {
            "page": paged(request, items),
            "overdue": overdue,
            "communities": _communities(request),
            "area": area,
            "trend": trend,
            "has_trend": trend is not None and any(trend["values"]),
            "current": current,
        },
    )


@staff_view(methods=("GET",))
def todo_list(request: ScopedRequest) -> HttpResponseBase:
    """The reader's whole scope; ``?area=`` (the community filter) goes to that area's list."""
    code = request.GET.get("area", "")
    if code:
        area = get_in_scope_or_404(Area, request.scope, code=code)
        return redirect("todo:todo_area", code=area.code)
    return _list_page(request, None)


@staff_view(scoped=Area, kwarg="code", field="code", methods=("GET",))
def todo_area(request: ScopedRequest, area: Area) -> HttpResponse:
    """One area's items within the reader's scope (out of scope: 404)."""
    return _list_page(request, area)


@staff_view(methods=("GET",))
def todo_badge(request: ScopedRequest) -> HttpResponse:
    """The count in the navigation, fetched by htmx once the page is drawn, so that no
    other page pays for the list. Not up to date (a worker working it out), it is the
    last count, and asks again in a few seconds."""
    count, _pressing, current = todo_glance(scope=request.scope, today=clock.today(), top=0)
    return render(request, "todo/badge.html", {"count": count, "current": current})


@staff_view(methods=("GET",))
def todo_home(request: ScopedRequest) -> HttpResponse:
    """The home page's block: the most overdue items first."""
    count, pressing, current = todo_glance(scope=request.scope, today=clock.today(), top=HOME_ITEMS)
    return render(
        request, "todo/home_block.html", {"items": pressing, "count": count, "current": current}
    )


@staff_view(scoped=Area, kwarg="code", field="code", methods=("GET",))
def todo_trend(request: ScopedRequest, area: Area) -> HttpResponse:
    """The overdue trend of one area in scope, drawn on the server: the fragment another
    page (the dashboard) loads with htmx, so that page's app needs nothing of this one."""
    trend = snapshot_trend(scope=request.scope, area_id=area.pk, today=clock.today())
    return render(
        request,
        "todo/trend.html",
        {
            "area": area,
            "trend": trend,
            "total": trend["values"][-1] if trend["values"] else 0,
            "chart": bar_chart(trend["labels"], trend["values"]) if any(trend["values"]) else "",
        },
    )


urlpatterns = [
    path("todo/", todo_list, name="todo_list"),
    path("todo/badge/", todo_badge, name="todo_badge"),
    path("todo/home/", todo_home, name="todo_home"),
    path("todo/area/<str:code>/", todo_area, name="todo_area"),
    path("todo/trend/<str:code>/", todo_trend, name="todo_trend"),
]
