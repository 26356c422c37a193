"""Deliberation: mechanisms, meetings and follow-ups, agreements and the figures reports use.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from tests.conftest import ROLE_NAMES, client_for
from tests.factories.workrooms import (
    AgreementFactory,
    MechanismFactory,
    MeetingFactory,
    WorkroomFactory,
    WorkroomFollowUpFactory,
)
from workrooms.models import Agreement, AgreementItem, FollowUp, Mechanism, Meeting
from workrooms.selectors import deliberation_figures


def _yesterday() -> str:
    return (timezone.localdate() - timedelta(days=1)).isoformat()


@pytest.fixture
def deliberation(tree: Any) -> dict[str, Any]:
    """周一夜话 in 千泰居 with two meetings, one in 午山, and agreements in each."""
    monday = MechanismFactory(area=tree.qiantaiju, name="周一夜话")
    first = MeetingFactory(area=tree.qiantaiju, mechanism=monday, date=date(2026, 3, 2))
    second = MeetingFactory(area=tree.qiantaiju, mechanism=monday, date=date(2026, 4, 6))
    WorkroomFollowUpFactory(area=tree.qiantaiju, meeting=first, status="done")
    WorkroomFollowUpFactory(area=tree.qiantaiju, meeting=first)
    WorkroomFollowUpFactory(area=tree.qiantaiju, meeting=second)
    wushan = MeetingFactory(area=tree.wushan, date=date(2026, 3, 9))
    WorkroomFollowUpFactory(area=tree.wushan, meeting=wushan, status="done")
    AgreementFactory(area=tree.qiantaiju, date=date(2026, 3, 20))
    AgreementFactory(
        area=tree.wushan, title="午山协议", item_count=10, money_recovered=Decimal("1234.50")
    )
    AgreementFactory(area=tree.tuandao, title="团岛协议", item_count=5)
    return {"monday": monday, "first": first}


def test_it_adds_up_the_figures_in_scope(tree: Any, deliberation: dict[str, Any]) -> None:
    street = deliberation_figures(scope=Scope(area=tree.jinjialing))
    assert street == {
        "meetings": 2,
        "follow_ups_open": 2,
        "follow_ups_done": 1,
        "agreements": 1,
        "agreement_items": 82,
        "money_recovered": Decimal("500000.00"),
    }
    district = deliberation_figures(scope=Scope(area=tree.laoshan))
    assert district["meetings"] == 3 and district["follow_ups_done"] == 2
    assert district["agreement_items"] == 92
    assert district["money_recovered"] == Decimal("501234.50")
    empty = deliberation_figures(scope=Scope(area=None))
    assert empty["meetings"] == 0 and empty["money_recovered"] == Decimal("0")


def test_it_adds_up_the_figures_of_a_period(tree: Any, deliberation: dict[str, Any]) -> None:
    march = deliberation_figures(
        scope=Scope(area=tree.laoshan), start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    assert march["meetings"] == 2 and march["follow_ups_open"] == 1
    assert march["follow_ups_done"] == 2
    assert march["agreements"] == 1 and march["money_recovered"] == Decimal("500000.00")


def test_it_adds_up_the_figures_in_two_queries_at_any_size(
    tree: Any, django_assert_num_queries: Any
) -> None:
    # one aggregate over meetings and their follow-ups, one over agreements
    scope = Scope(area=tree.laoshan)
    for size in (1, 20):
        for _ in range(size):
            WorkroomFollowUpFactory(area=tree.qiantaiju)
            AgreementFactory(area=tree.qiantaiju, title=f"协议{Agreement.objects.count()}")
        with django_assert_num_queries(2):
            deliberation_figures(scope=scope, start=date(2020, 1, 1), end=date(2030, 1, 1))


@pytest.mark.parametrize("role_name", ROLE_NAMES)
def test_each_role_sees_the_meetings_of_its_area(
    role_name: str, tree: Any, roles: Any, deliberation: dict[str, Any]
) -> None:
    response = client_for(getattr(roles, role_name)).get(reverse("workrooms:meeting_list"))
    areas = {m.mechanism.area for m in response.context["page"]}
    expected = {
        "district_admin": {tree.qiantaiju, tree.wushan},
        "viewer": {tree.qiantaiju, tree.wushan},
        "street_staff": {tree.qiantaiju},
        "secretary_a": {tree.qiantaiju},
        "secretary_b": {tree.wushan},
    }[role_name]
    assert areas == expected


def test_the_meeting_list_filters_and_shows_the_figures(
    tree: Any, roles: Any, deliberation: dict[str, Any]
) -> None:
    url = reverse("workrooms:meeting_list") + "?start=2026-04-01&end=2026-04-30"
    response = client_for(roles.district_admin).get(url)
    assert [m.date for m in response.context["page"]] == [date(2026, 4, 6)]
    assert response.context["figures"]["meetings"] == 1
    url = reverse("workrooms:meeting_list") + f"?area={tree.zhonghan.pk}"
    response = client_for(roles.district_admin).get(url)
    assert [m.date for m in response.context["page"]] == [date(2026, 3, 9)]


def _grow(tree: Any, n: int) -> None:
    mechanism = MechanismFactory(area=tree.qiantaiju)
    for _ in range(n):
        WorkroomFollowUpFactory(
            area=tree.qiantaiju, meeting=MeetingFactory(area=tree.qiantaiju, mechanism=mechanism)
        )
        AgreementFactory(area=tree.qiantaiju, title=f"协议{Agreement.objects.count()}")


@pytest.mark.parametrize("name", ["meeting_list", "agreement_list", "mechanism_list"])
def test_it_keeps_the_list_query_budgets_at_two_sizes(
    name: str, tree: Any, roles: Any, query_budget: Any
) -> None:
    # count, the page of rows (with their mechanism or area, and counts), the figures' two
    # aggregates (the meeting and agreement lists' filter areas are kept)
    expected = {"meeting_list": 4, "agreement_list": 4, "mechanism_list": 4}[name]
    client = client_for(roles.street_staff)
    _grow(tree, 2)
    query_budget(client, reverse(f"workrooms:{name}"), expected, lambda: _grow(tree, 30))


def test_a_secretary_sets_up_a_mechanism_and_logs_a_meeting_with_follow_ups(
    tree: Any, roles: Any
) -> None:
    client = client_for(roles.secretary_a)
    workroom = WorkroomFactory(area=tree.qiantaiju, name="于通海老党员工作室")
    response = client.post(
        reverse("workrooms:mechanism_create"),
        {
            "area": tree.qiantaiju.pk,
            "name": "周一夜话",
            "kind": "monday_night",
            "host_workroom": workroom.pk,
            "frequency": "每周一晚",
            "parties": "业委会、物业、居民",
            "notes": "",
        },
    )
    mechanism = Mechanism.objects.get()
    assert response["Location"] == reverse("workrooms:mechanism_detail", args=[mechanism.pk])
    url = reverse("workrooms:meeting_create", args=[mechanism.pk])
    meeting_data = {
        "date": _yesterday(),
        "attendee_count": "23",
        "attendees": "业委会、楼长",
        "issues": "电动车充电",
        "decisions": "加装充电桩",
    }
    response = client.post(url, meeting_data)
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("workrooms:meeting_detail", args=[meeting.pk])
    follow_up_url = reverse("workrooms:follow_up_create", args=[meeting.pk])
    client.post(
        follow_up_url,
        {"description": "加装充电桩 20 个", "owner": "雍州物业", "due_on": "", "status": "open"},
    )
    follow_up = FollowUp.objects.get()
    client.post(
        reverse("workrooms:follow_up_edit", args=[follow_up.pk]),
        {"description": follow_up.description, "owner": "雍州物业", "status": "done"},
    )
    follow_up.refresh_from_db()
    assert follow_up.status == "done"
    page = client.get(reverse("workrooms:meeting_detail", args=[meeting.pk])).content.decode()
    assert "加装充电桩 20 个" in page and "雍州物业" in page
    audited = AuditEvent.objects.filter(area=tree.qiantaiju).values_list("action", "object_type")
    assert set(audited) == {
        ("create", "workrooms.Mechanism"),
        ("create", "workrooms.Meeting"),
        ("create", "workrooms.FollowUp"),
        ("update", "workrooms.FollowUp"),
    }


def test_it_refuses_a_meeting_in_the_future_or_with_a_negative_count(tree: Any, roles: Any) -> None:
    mechanism = MechanismFactory(area=tree.qiantaiju)
    url = reverse("workrooms:meeting_create", args=[mechanism.pk])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    client = client_for(roles.secretary_a)
    data = {"date": tomorrow, "attendee_count": "5", "issues": "停车难", "decisions": ""}
    body = client.post(url, data).content.decode()
    assert "日期不能晚于今天" in body and "停车难" in body
    body = client.post(url, {**data, "date": _yesterday(), "attendee_count": "-3"}).content.decode()
    assert "不能为负数" in body
    assert not Meeting.objects.exists()
    assert client_for(roles.viewer).post(url, data).status_code == 403
    assert client_for(roles.secretary_b).get(url).status_code == 404


def _agreement_form(tree: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "area": tree.qiantaiju.pk,
        "mechanism": "",
        "title": "康城小区物业服务提升协议",
        "date": _yesterday(),
        "parties": "业委会、雍州物业、社区党委",
        "item_count": "82",
        "money_recovered": "500000.00",
        "money_destination": "三方共管阳光账户",
        "notes": "",
    }
    data.update(changes)
    return data


def test_an_agreement_holds_its_figures_as_numbers(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    response = client.post(reverse("workrooms:agreement_create"), _agreement_form(tree))
    agreement = Agreement.objects.get()
    assert response["Location"] == reverse("workrooms:agreement_detail", args=[agreement.pk])
    assert agreement.item_count == 82 and agreement.money_recovered == Decimal("500000.00")
    page = client.get(response["Location"]).content.decode()
    assert "¥500,000.00" in page and "三方共管阳光账户" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"money_recovered": "-1"}, "金额不能为负数"),
        ({"money_destination": ""}, "请填写追回资金的去向"),
        ({"item_count": "-2"}, "不能为负数"),
        ({"date": "2999-01-01"}, "日期不能晚于今天"),
        ({"area": "wushan"}, "不在您的"),
        ({"mechanism": "wushan"}, "不在您的"),
        ({"money_recovered": "12345678901234567"}, "不超过 14 个数字"),
    ],
)
def test_it_refuses_bad_agreement_figures(
    change: dict[str, str], message: str, tree: Any, roles: Any
) -> None:
    other = MechanismFactory(area=tree.wushan)
    values = {
        key: {"area": tree.wushan.pk, "mechanism": other.pk}[key] if value == "wushan" else value
        for key, value in change.items()
    }
    response = client_for(roles.secretary_a).post(
        reverse("workrooms:agreement_create"), _agreement_form(tree, **values)
    )
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert "康城小区物业服务提升协议" in body and not Agreement.objects.exists()


def test_agreement_items_are_numbered_within_the_count_once_each(tree: Any, roles: Any) -> None:
    agreement = AgreementFactory(area=tree.qiantaiju, item_count=2)
    url = reverse("workrooms:agreement_item_create", args=[agreement.pk])
    client = client_for(roles.secretary_a)
    assert client.get(url).context["form"].initial["number"] == 1
    client.post(url, {"number": "1", "text": "更换路灯", "status": "done"})
    body = client.post(url, {"number": "1", "text": "重复", "status": "open"}).content.decode()
    assert "相同序号" in body
    body = client.post(url, {"number": "3", "text": "超出", "status": "open"}).content.decode()
    assert "序号应在 1 到 2 之间" in body
    assert list(agreement.items.values_list("text", flat=True)) == ["更换路灯"]
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementItem.objects.create(agreement=agreement, number=1, text="绕过服务")


def test_the_count_of_items_cannot_drop_below_those_listed(tree: Any, roles: Any) -> None:
    agreement = AgreementFactory(area=tree.qiantaiju, item_count=3)
    for number in (1, 2, 3):
        AgreementItem.objects.create(agreement=agreement, number=number, text=f"条目{number}")
    url = reverse("workrooms:agreement_edit", args=[agreement.pk])
    body = client_for(roles.secretary_a).post(url, _agreement_form(tree, item_count="2"))
    assert "不能少于此数" in body.content.decode()
    agreement.refresh_from_db()
    assert agreement.item_count == 3


def test_the_agreement_export_is_scoped_numeric_and_neutralised(
    tree: Any, roles: Any, deliberation: dict[str, Any]
) -> None:
    AgreementFactory(area=tree.miaoling, title="=cmd|' /C calc'!A0", money_recovered=Decimal(0))
    response = client_for(roles.street_staff).get(reverse("workrooms:agreement_export"))
    content = b"".join(response.streaming_content)
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert {row[1] for row in rows[1:]} == {"小区提升协议", "'=cmd|' /C calc'!A0"}
    assert 500000 in {row[6] for row in rows[1:]}
    assert AuditEvent.objects.get(action="export").detail["what"] == "agreements"


def test_the_meeting_export_is_scoped(tree: Any, roles: Any, deliberation: dict[str, Any]) -> None:
    response = client_for(roles.secretary_b).get(reverse("workrooms:meeting_export"))
    assert response.status_code == 403  # secretaries do not export
    response = client_for(roles.street_staff).get(reverse("workrooms:meeting_export"))
    content = b"".join(response.streaming_content)
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and {row[1] for row in rows[1:]} == {"周一夜话"}


def test_a_mechanism_with_meetings_is_not_deleted(
    tree: Any, roles: Any, deliberation: dict[str, Any]
) -> None:
    mechanism = deliberation["monday"]
    url = reverse("workrooms:mechanism_delete", args=[mechanism.pk])
    response = client_for(roles.district_admin).post(url, follow=True)
    assert "不能删除" in response.content.decode()
    assert Mechanism.objects.filter(pk=mechanism.pk).exists()
    meeting_url = reverse("workrooms:meeting_delete", args=[deliberation["first"].pk])
    client_for(roles.district_admin).post(meeting_url)
    assert not Meeting.objects.filter(pk=deliberation["first"].pk).exists()
    assert not FollowUp.objects.filter(meeting_id=deliberation["first"].pk).exists()
