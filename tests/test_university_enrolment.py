"""Enrolment on a course: capacity, the waiting list that moves up on a withdrawal, the
pages that enrol and withdraw, and scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from tests.factories.cadres import CadreFactory
from tests.factories.university import CourseFactory, EnrolmentFactory
from university import services
from university.models import Enrolment

ENROLLED = Enrolment.Status.ENROLLED
WAITING = Enrolment.Status.WAITING


def _scope(user: Any) -> dict[str, Any]:
    return {"scope": Scope(user.area, user.role), "actor": user}


def test_it_fills_the_places_then_the_waiting_list(tree: Any, roles: Any) -> None:
    course = CourseFactory(area=tree.jinjialing, capacity=2)
    cadres = [CadreFactory(area=tree.ruidu) for _ in range(4)]
    added = services.enrol_cadres(course=course, cadres=cadres, **_scope(roles.street_staff))
    assert [e.status for e in added] == [ENROLLED, ENROLLED, WAITING, WAITING]
    again = services.enrol_cadres(course=course, cadres=cadres[:1], **_scope(roles.street_staff))
    assert again == []


def test_it_moves_the_first_waiting_person_up_on_a_withdrawal(tree: Any, roles: Any) -> None:
    course = CourseFactory(area=tree.jinjialing, capacity=2)
    first, second, third, fourth = (
        services.enrol_cadres(
            course=course, cadres=[CadreFactory(area=tree.ruidu)], **_scope(roles.street_staff)
        )[0]
        for _ in range(4)
    )
    moved = services.enrolment_withdraw(enrolment=first, **_scope(roles.street_staff))
    assert moved == [third]
    statuses = dict(course.enrolments.values_list("pk", "status"))
    assert statuses == {
        first.pk: Enrolment.Status.WITHDRAWN,
        second.pk: ENROLLED,
        third.pk: ENROLLED,
        fourth.pk: WAITING,
    }
    # A waiting person who withdraws lets nobody in.
    assert services.enrolment_withdraw(enrolment=fourth, **_scope(roles.street_staff)) == []
    with pytest.raises(ValidationError):
        services.enrolment_withdraw(enrolment=first, **_scope(roles.street_staff))
    event = AuditEvent.objects.filter(object_type="university.Enrolment").order_by("pk").first()
    assert event is not None and event.detail["moved_up"] == [third.pk]


def test_a_larger_capacity_lets_the_waiting_list_in(tree: Any, roles: Any) -> None:
    course = CourseFactory(area=tree.jinjialing, capacity=1)
    cadres = [CadreFactory(area=tree.ruidu) for _ in range(3)]
    services.enrol_cadres(course=course, cadres=cadres, **_scope(roles.district_admin))
    fields = {
        name: getattr(course, name)
        for name in ("title", "subject", "venue", "weekday", "starts_at", "ends_at", "fee",
                     "teacher_cadre", "teacher_name")
    }  # fmt: skip
    services.course_update(course=course, capacity=3, **fields, **_scope(roles.district_admin))
    assert course.enrolments.filter(status=ENROLLED).count() == 3


def test_it_enrols_a_resident_with_a_masked_phone(tree: Any, roles: Any, clients: Any) -> None:
    course = CourseFactory(area=tree.jinjialing)
    response = clients["street_staff"].post(
        reverse("university:enrol", args=[course.pk]),
        {"which": "resident", "name": "李桂兰", "phone": "13912345678"},
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.resident_name == "李桂兰" and enrolment.status == ENROLLED
    page = clients["street_staff"].get(reverse("university:course_detail", args=[course.pk]))
    assert "139****5678" in page.content.decode() and "13912345678" not in page.content.decode()


def test_it_enrols_cadres_from_the_picker_page(tree: Any, clients: Any) -> None:
    course = CourseFactory(area=tree.jinjialing, capacity=1)
    cadres = [CadreFactory(area=tree.miaoling) for _ in range(2)]
    response = clients["street_staff"].post(
        reverse("university:enrol", args=[course.pk]),
        {"which": "cadres", "cadres": [c.pk for c in cadres]},
    )
    assert response.status_code == 302
    assert sorted(course.enrolments.values_list("status", flat=True)) == [ENROLLED, WAITING]


def test_it_refuses_a_cadre_of_another_street(tree: Any, roles: Any) -> None:
    course = CourseFactory(area=tree.jinjialing)
    with pytest.raises(ValidationError):
        services.enrol_cadres(
            course=course, cadres=[CadreFactory(area=tree.wushan)], **_scope(roles.street_staff)
        )


def test_another_streets_course_is_a_404(tree: Any, clients: Any) -> None:
    course = CourseFactory(area=tree.zhonghan)
    enrolment = EnrolmentFactory(course=course)
    client = clients["street_staff"]
    assert client.get(reverse("university:course_detail", args=[course.pk])).status_code == 404
    assert client.get(reverse("university:attendance", args=[course.pk])).status_code == 404
    url = reverse("university:withdraw", args=[enrolment.pk])
    assert client.post(url).status_code == 404
    assert (
        clients["district_admin"]
        .get(reverse("university:course_detail", args=[course.pk]))
        .status_code
        == 200
    )
    listing = client.get(reverse("university:course_list")).content.decode()
    assert course.title not in listing


def test_the_withdraw_page_says_who_moved_up(tree: Any, clients: Any) -> None:
    course = CourseFactory(area=tree.jinjialing, capacity=1)
    EnrolmentFactory(course=course, cadre=CadreFactory(area=tree.ruidu, name="张三"))
    waiting = EnrolmentFactory(
        course=course, cadre=CadreFactory(area=tree.ruidu, name="李四"), status=WAITING
    )
    first = course.enrolments.get(status=ENROLLED)
    response = clients["street_staff"].post(
        reverse("university:withdraw", args=[first.pk]), follow=True
    )
    assert "李四" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == ENROLLED
