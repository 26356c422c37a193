"""Pages of enrolment: enrolling cadres or residents, withdrawing, the attendance of a
lesson (a tick list on a phone), the certificate of completion and its public check."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from laoshan_portal import clock
from laoshan_portal.pages import pdf_response, service_kwargs
from laoshan_portal.pdf import render_pdf
from laoshan_portal.ratelimit import ratelimit, too_many_requests_page
from laoshan_portal.scoping import ScopedRequest, public_object, staff_view
from laoshan_portal.verification import masked_name, qr_svg

from .. import services
from ..forms import EnrolCadresForm, ResidentForm
from ..models import Course, CourseCertificate, Enrolment
from ..selectors import course_enrolments

# Per client IP and ten minutes: plenty for people checking a certificate, not for a script.
VERIFY_PER_WINDOW = 30
WINDOW_SECONDS = 600


def _course_url(course: Course) -> str:
    return reverse("university:course_detail", args=[course.pk])


def _say_errors(request: ScopedRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@staff_view("university.add_enrolment", scoped=Course, methods=("POST",))
def enrol(request: ScopedRequest, course: Course) -> HttpResponse:
    """Enrol cadres picked from the registry, or one resident (``which`` says which)."""
    scope = request.scope
    try:
        if request.POST.get("which") == "resident":
            form = ResidentForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Please give the resident's name and a valid phone."))
            enrolment = services.enrol_resident(
                course=course, **form.cleaned_data, **service_kwargs(request)
            )
            added = [enrolment]
        else:
            cadres_form = EnrolCadresForm(request.POST, scope=scope)
            if not cadres_form.is_valid():
                raise ValidationError(_("A chosen person is not in your area."))
            added = services.enrol_cadres(
                course=course,
                cadres=list(cadres_form.cleaned_data["cadres"]),
                **service_kwargs(request),
            )
    except ValidationError as error:
        _say_errors(request, error)
    else:
        waiting = sum(1 for e in added if e.status == Enrolment.Status.WAITING)
        messages.success(
            request,
            _("%(enrolled)s enrolled, %(waiting)s on the waiting list.")
            % {"enrolled": len(added) - waiting, "waiting": waiting},
        )
    return redirect(_course_url(course))


@staff_view("university.change_enrolment", scoped=Enrolment, methods=("POST",))
def withdraw(request: ScopedRequest, enrolment: Enrolment) -> HttpResponse:
    try:
        moved = services.enrolment_withdraw(enrolment=enrolment, **service_kwargs(request))
    except ValidationError as error:
        _say_errors(request, error)
    else:
        names = "、".join(e.person_name for e in moved)
        text = _("%(name)s withdrew.") % {"name": enrolment.person_name}
        if names:
            text += " " + _("%(names)s moved up from the waiting list.") % {"names": names}
        messages.success(request, text)
    return redirect(_course_url(enrolment.course))


@staff_view("university.add_lesson", scoped=Course, methods=("GET", "POST"))
def attendance(request: ScopedRequest, course: Course) -> HttpResponse:
    """The tick list of a lesson: everyone enrolled, ticked if they came."""
    day = parse_date(request.POST.get("date") or request.GET.get("date") or "") or clock.today()
    people = [e for e in course_enrolments(course=course) if e.status == Enrolment.Status.ENROLLED]
    if request.method == "POST":
        ticked = set(request.POST.getlist("present"))
        present = [e for e in people if str(e.pk) in ticked]
        try:
            lesson = services.attendance_record(
                course=course, date=day, present=present, **service_kwargs(request)
            )
        except ValidationError as error:
            _say_errors(request, error)
        else:
            messages.success(
                request,
                _("Attendance of %(date)s saved: %(present)s of %(expected)s.")
                % {"date": f"{day:%Y-%m-%d}", "present": len(present), "expected": lesson.expected},
            )
            return redirect(_course_url(course))
    taken = course.lessons.filter(date=day).first()
    came = set(taken.present.values_list("pk", flat=True)) if taken else set()
    return render(
        request,
        "university/attendance.html",
        {"course": course, "day": day, "people": people, "came": came, "taken": taken},
    )


@staff_view("university.add_coursecertificate", scoped=Enrolment, methods=("POST",))
def certificate_issue(request: ScopedRequest, enrolment: Enrolment) -> HttpResponse:
    try:
        certificate = services.certificate_issue(enrolment=enrolment, **service_kwargs(request))
    except ValidationError as error:
        _say_errors(request, error)
        return redirect(_course_url(enrolment.course))
    return redirect("university:certificate_pdf", pk=certificate.pk)


@staff_view("university.view_coursecertificate", scoped=CourseCertificate, methods=("GET",))
def certificate_pdf(request: ScopedRequest, certificate: CourseCertificate) -> HttpResponse:
    """The printable certificate of completion, with the QR code that verifies it."""
    url = request.build_absolute_uri(services.certificate_verify_path(certificate))
    pdf = render_pdf(
        "university/certificate_pdf.html",
        {"certificate": certificate, "verify_url": url, "qr_svg": qr_svg(url)},
    )
    return pdf_response(pdf, f"{certificate.number}.pdf")


@public_object(
    "The target of a certificate of completion's printed QR code. The link is signed, so "
    "certificates cannot be enumerated, and the page shows only the number, the masked "
    "name, the course, the term, the issuer and the date."
)
@never_cache
@ratelimit(
    "course-certificate-verify",
    limit=VERIFY_PER_WINDOW,
    window=WINDOW_SECONDS,
    limited=too_many_requests_page,
)
@require_GET
def certificate_verify(request: ScopedRequest, number: str, signature: str) -> HttpResponse:
    certificate = services.certificate_from_link(number=number, signature=signature)
    if certificate is None:
        raise Http404
    return render(
        request,
        "university/certificate_verify.html",
        {"certificate": certificate, "holder": masked_name(certificate.holder_name)},
    )


urlpatterns: list[URLPattern] = [
    path("university/courses/<int:pk>/enrol/", enrol, name="enrol"),
    path("university/courses/<int:pk>/attendance/", attendance, name="attendance"),
    path("university/enrolments/<int:pk>/withdraw/", withdraw, name="withdraw"),
    path(
        "university/enrolments/<int:pk>/certificate/", certificate_issue, name="certificate_issue"
    ),
    path("university/certificates/<int:pk>/pdf/", certificate_pdf, name="certificate_pdf"),
    path(
        "u/certificate/<str:number>/<str:signature>/",
        certificate_verify,
        name="certificate_verify",
    ),
]
