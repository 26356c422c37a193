"""Referring the need raised on a visit to another body (转介): one action beside the
governance need, audited, shown on the visit, on the to-do list until answered."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from care.models import Referral
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from tests.conftest import client_for
from tests.factories.care import VisitFactory
from todo.items import Kind
from todo.selectors import todo_items

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-12-04T10:00+08:00")]
TODAY = date(2026, 12, 4)


def test_a_need_is_referred_shown_on_the_visit_and_followed_up(tree: Any, roles: Any) -> None:
    visit = VisitFactory(area=tree.ruidu, date=date(2026, 12, 1))
    client = client_for(roles.secretary_a)
    detail = reverse("care:visit_detail", args=[visit.pk])
    page = client.get(detail).content.decode()
    assert (
        reverse("care:visit_refer", args=[visit.pk]) in page and 'data-testid="raise-need"' in page
    )

    response = client.post(
        reverse("care:visit_refer", args=[visit.pk]),
        {"body": "health", "note": "请上门测血压", "follow_up_by": "2026-12-03"},
    )
    assert response.status_code == 302 and response.url == detail
    referral = Referral.objects.get(visit=visit)
    assert (referral.body, referral.created_by) == ("health", roles.secretary_a)
    event = AuditEvent.objects.get(action="create", object_id=str(referral.pk))
    assert event.object_type == "care.Referral"
    page = client.get(detail).content.decode()
    assert "社区卫生服务中心" in page and "请上门测血压" in page

    items = [
        i for i in todo_items(scope=Scope(area=tree.ruidu), today=TODAY) if i.kind == Kind.REFERRAL
    ]
    assert [(i.url, i.day, i.overdue) for i in items] == [(detail, date(2026, 12, 3), 1)]
    assert not [
        i for i in todo_items(scope=Scope(area=tree.wushan), today=TODAY) if i.kind == Kind.REFERRAL
    ]

    client.post(reverse("care:referral_answer", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.answered_on == TODAY
    assert AuditEvent.objects.filter(action="update", object_id=str(referral.pk)).exists()
    assert not [
        i for i in todo_items(scope=Scope(area=tree.ruidu), today=TODAY) if i.kind == Kind.REFERRAL
    ]


def test_without_a_date_it_is_no_to_do_item(tree: Any, roles: Any) -> None:
    visit = VisitFactory(area=tree.ruidu)
    client_for(roles.secretary_a).post(
        reverse("care:visit_refer", args=[visit.pk]), {"body": "judicial", "note": "邻里纠纷"}
    )
    assert Referral.objects.get(visit=visit).follow_up_by is None
    kinds = {i.kind for i in todo_items(scope=Scope(area=tree.ruidu), today=TODAY)}
    assert Kind.REFERRAL not in kinds


def test_a_referral_is_refused_without_a_need_a_note_or_in_another_area(
    tree: Any, roles: Any
) -> None:
    client = client_for(roles.secretary_a)
    quiet = VisitFactory(area=tree.ruidu, needs_raised="")
    response = client.post(
        reverse("care:visit_refer", args=[quiet.pk]), {"body": "street", "note": "看看"}
    )
    assert response.status_code == 200 and "没有" in response.content.decode()
    visit = VisitFactory(area=tree.ruidu)
    blank = client.post(reverse("care:visit_refer", args=[visit.pk]), {"body": "street"})
    assert blank.status_code == 200
    elsewhere = VisitFactory(area=tree.wushan)
    url = reverse("care:visit_refer", args=[elsewhere.pk])
    assert client.post(url, {"body": "street", "note": "看看"}).status_code == 404
    assert not Referral.objects.exists()
