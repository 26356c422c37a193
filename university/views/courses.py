"""Pages of terms and courses: the index with the figures, the course list, a course,
the term and course forms."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from laoshan_portal import clock
from laoshan_portal.pages import can, form_page, list_page, service_kwargs
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import services
from ..forms import AttendanceDateForm, CourseForm, EnrolCadresForm, ResidentForm, TermForm
from ..models import Course
from ..selectors import course_enrolments, course_filtered, figures, room_list, term_list


@staff_view("university.view_course", methods=("GET",))
def index(request: ScopedRequest) -> HttpResponse:
    """The university at a glance: its terms, its rooms and this year's figures."""
    scope = request.scope
    year = clock.today().year
    return render(
        request,
        "university/index.html",
        {
            "year": year,
            "rows": figures(scope=scope, year=year),
            "terms": term_list(scope=scope).select_related("area")[:6],
            "rooms": room_list(scope=scope).select_related("area"),
            **can(request, "university.add_term", "university.add_course", "university.add_room"),
        },
    )


@staff_view("university.view_course", methods=("GET",))
def course_index(request: ScopedRequest) -> HttpResponse:
    found = course_filtered(scope=request.scope, params=request.GET)
    return list_page(request, "university/course_list.html", found, "university.add_course")


@staff_view("university.add_term", methods=("GET", "POST"))
def term_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    form = TermForm(request.POST or None, scope=scope, initial={"area": scope.area})
    return form_page(
        request,
        form,
        save=lambda: services.term_create(**form.cleaned_data, **service_kwargs(request)),
        done=reverse("university:index"),
        message=_("Term %(name)s created."),
        context={"title": _("New term"), "cancel": reverse("university:index")},
    )


def _course_url(course: Course) -> str:
    return reverse("university:course_detail", args=[course.pk])


@staff_view("university.add_course", methods=("GET", "POST"))
def course_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    form = CourseForm(request.POST or None, scope=scope, initial={"area": scope.area})
    return form_page(
        request,
        form,
        save=lambda: services.course_create(**form.cleaned_data, **service_kwargs(request)),
        done=_course_url,
        message=_("Course %(name)s created."),
        context={"title": _("New course"), "cancel": reverse("university:course_list")},
    )


@staff_view("university.change_course", scoped=Course, methods=("GET", "POST"))
def course_edit(request: ScopedRequest, course: Course) -> HttpResponse:
    names = ("title", "subject", "venue", "weekday", "starts_at", "ends_at", "capacity", "fee",
             "teacher_name")  # fmt: skip
    initial = {name: getattr(course, name) for name in names}
    initial["teacher_cadre"] = [course.teacher_cadre_id] if course.teacher_cadre_id else []
    form = CourseForm(request.POST or None, scope=request.scope, creating=False, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.course_update(
            course=course, **form.cleaned_data, **service_kwargs(request)
        ),
        done=_course_url,
        message=_("Course %(name)s saved."),
        context={"title": course.title, "cancel": _course_url(course)},
    )


@staff_view("university.view_course", scoped=Course, methods=("GET",))
def course_detail(request: ScopedRequest, course: Course) -> HttpResponse:
    enrolments = list(course_enrolments(course=course))
    lessons = course.lessons.count()
    rows = [
        {
            "enrolment": e,
            "phone": services.enrolment_phone_display(e),
            "rate": round(100 * e.attended / lessons) if lessons else 0,  # type: ignore[attr-defined]
        }
        for e in enrolments
    ]
    return render(
        request,
        "university/course_detail.html",
        {
            "course": course,
            "rows": rows,
            "enrolled": sum(1 for e in enrolments if e.status == e.Status.ENROLLED),
            "lessons": lessons,
            "completion_rate": services.COMPLETION_RATE,
            "cadres_form": EnrolCadresForm(scope=request.scope),
            "resident_form": ResidentForm(),
            "date_form": AttendanceDateForm(initial={"date": clock.today()}),
            **can(
                request,
                "university.change_course",
                "university.add_enrolment",
                "university.change_enrolment",
                "university.add_lesson",
                "university.add_coursecertificate",
            ),
        },
    )


urlpatterns: list[URLPattern] = [
    path("university/", index, name="index"),
    path("university/courses/", course_index, name="course_list"),
    path("university/terms/new/", term_create, name="term_create"),
    path("university/courses/new/", course_create, name="course_create"),
    path("university/courses/<int:pk>/", course_detail, name="course_detail"),
    path("university/courses/<int:pk>/edit/", course_edit, name="course_edit"),
]
