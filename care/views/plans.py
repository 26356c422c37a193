"""Pages of the visit plans: coverage per area with drill-down to the people not yet
visited, an area's plan, and the birthdays of this week and this month."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.pages import can, form_page, paged, service_kwargs
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import services
from ..forms import PlanForm
from ..models import CarePlan, Visit
from ..plans import MONTHLY, Coverage, rules_for
from ..selectors import birthday_spans, kept_birthdays, kept_coverage


def _plan_choices() -> list[tuple[str, str]]:
    return [
        ("", _("All plans")),
        (MONTHLY, _("Monthly visit")),
        (Visit.Kind.SPRING_FESTIVAL, str(Visit.Kind.SPRING_FESTIVAL.label)),
        (Visit.Kind.DOUBLE_NINTH, str(Visit.Kind.DOUBLE_NINTH.label)),
        (Visit.Kind.BIRTHDAY, str(Visit.Kind.BIRTHDAY.label)),
    ]


@staff_view("care.view_visit")
def coverage(request: ScopedRequest) -> HttpResponse:
    """Coverage per child area of the area chosen (``?area=``), and who is still due."""
    scope = request.scope
    area = None
    if request.GET.get("area"):
        area = area_list(scope=scope).filter(pk=_number(request.GET["area"])).first()
        if area is None:
            raise Http404
    plan = request.GET.get("plan", "")
    if plan not in dict(_plan_choices()):
        plan = ""
    day = _day(request.GET.get("on", ""))
    # a past day's plans are worked out; today's may be the last kept while a worker counts
    or_last = day == clock.today()
    rows, missing, current = kept_coverage(
        scope=scope, today=day, area=area, plan=plan, or_last=or_last
    )
    shown = area or scope.area
    total = Coverage.total(rows, shown)
    return render(
        request,
        "care/coverage.html",
        {
            "area": shown,
            "rows": rows,
            "total": total,
            "page": paged(request, missing),
            "plan": plan,
            "plans": _plan_choices(),
            "on": day if day != clock.today() else None,
            "can_set_plan": shown is not None and request.user.has_perm("care.change_careplan"),
            "current": current,
        },
    )


def _day(text: str) -> date:
    """``?on=YYYY-MM-DD``: the plans as they stood at the end of that day (a past month's
    report links here with its last day); today when absent, nonsense or to come."""
    try:
        day = parse_date(text) if text else None
    except ValueError:
        day = None
    today = clock.today()
    return day if day is not None and day <= today else today


def _number(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 18 else 0


@staff_view("care.change_careplan", scoped=Area, methods=("GET", "POST"))
def plan_edit(request: ScopedRequest, area: Area) -> HttpResponse:
    """The visit plan of an area; until set, the area follows the one above it."""
    current = rules_for(area.path, list(CarePlan.objects.select_related("area")))
    form = PlanForm(
        request.POST or None,
        initial={
            "monthly_alone": current.monthly_alone,
            "festivals": current.festivals,
            "half_decades": current.half_decades,
        },
    )
    back = f"{reverse('care:coverage')}?area={area.pk}"
    return form_page(
        request,
        form,
        save=lambda: services.care_plan_save(
            area=area, data=form.cleaned_data, **service_kwargs(request)
        ),
        done=back,
        message=_("Visit plan of %(name)s saved."),
        context={"title": _("Visit plan of %(name)s") % {"name": area.name}, "cancel": back},
    )


@staff_view("care.view_visit")
def birthdays(request: ScopedRequest) -> HttpResponse:
    """Birthdays of this week and of this month, each a page at a time, by community."""
    today = clock.today()
    scope = request.scope
    (week, week_current), (month, month_current) = (
        kept_birthdays(scope, start, end, today, or_last=True)
        for start, end in birthday_spans(today)
    )
    return render(
        request,
        "care/birthdays.html",
        {
            "week": paged(request, week, param="week"),
            "month": paged(request, month),
            "current": week_current and month_current,
            "today": today,
            **can(request, "care.add_visit"),
        },
    )


urlpatterns: list[URLPattern] = [
    path("care/plans/", coverage, name="coverage"),
    path("care/plans/<int:pk>/", plan_edit, name="plan_edit"),
    path("care/birthdays/", birthdays, name="birthdays"),
]
