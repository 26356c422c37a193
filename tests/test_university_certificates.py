"""Attendance of lessons, its rate, and the certificate of completion at 80%."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from laoshan_portal.scoping import Scope
from laoshan_portal.verification import link_signature
from tests.factories.cadres import CadreFactory
from tests.factories.university import CourseFactory, EnrolmentFactory
from university import services
from university.models import CourseCertificate
from university.selectors import enrolment_attendance
from university.services.enrolments import SIGNING_SALT

MONDAYS = [date(2026, 9, 7), date(2026, 9, 14), date(2026, 9, 21), date(2026, 9, 28),
           date(2026, 10, 5)]  # fmt: skip


@pytest.fixture
def course(tree: Any, roles: Any) -> Any:
    """Five lessons: 于通海 came to four (80%), 韩卫 to three (60%)."""
    course = CourseFactory(area=tree.jinjialing, title="智能手机班")
    good = EnrolmentFactory(course=course, cadre=CadreFactory(area=tree.ruidu, name="于通海"))
    short = EnrolmentFactory(course=course, cadre=CadreFactory(area=tree.ruidu, name="韩卫"))
    scope = {"scope": Scope(tree.jinjialing, "street_staff"), "actor": roles.street_staff}
    for index, day in enumerate(MONDAYS):
        present = [good] if index == 4 else [good, short] if index < 3 else []
        services.attendance_record(course=course, date=day, present=present, **scope)
    course.good, course.short = good, short
    return course


def test_it_counts_the_attendance_rate(course: Any) -> None:
    assert enrolment_attendance(enrolment=course.good).rate == 80
    assert enrolment_attendance(enrolment=course.short).rate == 60
    assert [lesson.expected for lesson in course.lessons.all()] == [2] * 5


def test_taking_a_lesson_again_replaces_its_list(course: Any, roles: Any, tree: Any) -> None:
    scope = {"scope": Scope(tree.jinjialing, "street_staff"), "actor": roles.street_staff}
    services.attendance_record(course=course, date=MONDAYS[3], present=[course.short], **scope)
    assert enrolment_attendance(enrolment=course.short).rate == 80
    assert course.lessons.count() == 5


def test_it_refuses_a_lesson_outside_the_term_or_in_the_future(
    course: Any, roles: Any, tree: Any
) -> None:
    scope = {"scope": Scope(tree.jinjialing, "street_staff"), "actor": roles.street_staff}
    for day in (date(2026, 8, 3), date(2026, 12, 7)):
        with pytest.raises(ValidationError):
            services.attendance_record(course=course, date=day, present=[], **scope)


def test_the_attendance_page_ticks_who_came(course: Any, clients: Any) -> None:
    url = reverse("university:attendance", args=[course.pk])
    page = clients["street_staff"].get(url, {"date": "2026-11-02"})
    assert page.status_code == 200 and "于通海" in page.content.decode()
    response = clients["street_staff"].post(
        url, {"date": "2026-11-02", "present": [course.short.pk]}
    )
    assert response.status_code == 302
    lesson = course.lessons.get(date=date(2026, 11, 2))
    assert list(lesson.present.all()) == [course.short]


def test_it_refuses_a_certificate_below_80_percent(course: Any, clients: Any) -> None:
    url = reverse("university:certificate_issue", args=[course.short.pk])
    response = clients["street_staff"].post(url, follow=True)
    assert not CourseCertificate.objects.exists()
    assert "80%" in response.content.decode()


def test_it_issues_a_certificate_at_80_percent_with_a_verify_link(
    course: Any, clients: Any
) -> None:
    response = clients["street_staff"].post(
        reverse("university:certificate_issue", args=[course.good.pk])
    )
    certificate = CourseCertificate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("university:certificate_pdf", args=[certificate.pk])
    assert (certificate.lessons, certificate.attended, certificate.rate) == (5, 4, 80)
    assert certificate.issuer_name == "金家岭街道" and certificate.number.startswith("LU-2026-")
    pdf = clients["street_staff"].get(response["Location"])
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "于通海" in text and "智能手机班" in text and certificate.number in text
    assert "80%" in text
    signature = link_signature(SIGNING_SALT, certificate.number)
    verify = reverse("university:certificate_verify", args=[certificate.number, signature])
    public = clients["anonymous"].get(verify).content.decode()
    assert "于*海" in public and "于通海" not in public
    bad = reverse("university:certificate_verify", args=[certificate.number, "x" * 27])
    assert clients["anonymous"].get(bad).status_code == 404
