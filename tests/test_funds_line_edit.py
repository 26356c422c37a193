"""Correcting a budget line after entry (district staff only, audited old → new, never
below what is allocated from it), and the funds pages' query budgets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funds.models import BudgetLine
from laoshan_portal.audit.models import AuditEvent
from tests.conftest import client_for
from tests.factories.funds import AllocationFactory, BudgetLineFactory, SpendingFactory

pytestmark = pytest.mark.clock("2026-11-20T10:00+08:00")


@pytest.fixture
def line(tree: Any) -> BudgetLine:
    """20,000 yuan, of which 6,000 allocated to 瑞都 and 800 of that spent."""
    line = BudgetLineFactory(area=tree.laoshan, amount=Decimal("20000.00"))
    allocation = AllocationFactory(area=tree.ruidu, line=line, amount=Decimal("6000.00"))
    SpendingFactory(allocation=allocation, area=tree.ruidu)
    return line


def test_the_district_corrects_a_line_and_the_audit_keeps_old_and_new(
    line: BudgetLine, roles: Any
) -> None:
    client = client_for(roles.district_admin)
    detail = client.get(reverse("funds:line_detail", args=[line.pk])).content.decode()
    assert reverse("funds:line_edit", args=[line.pk]) in detail
    response = client.post(
        reverse("funds:line_edit", args=[line.pk]), {"amount": "18000.5", "notes": "追减"}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.amount, line.notes) == (Decimal("18000.50"), "追减")
    event = AuditEvent.objects.get(action="update", object_id=str(line.pk))
    assert event.detail["amount"] == ["20000.00", "18000.50"]
    assert event.detail["notes"] == ["", "追减"]


def test_below_what_is_allocated_is_refused_in_chinese(line: BudgetLine, roles: Any) -> None:
    client = client_for(roles.district_admin)
    response = client.post(reverse("funds:line_edit", args=[line.pk]), {"amount": "5999.99"})
    assert response.status_code == 200
    assert "该预算已分配 6,000.00 元，金额不能低于已分配数。" in response.content.decode()
    line.refresh_from_db()
    assert line.amount == Decimal("20000.00")
    assert (
        client.post(reverse("funds:line_edit", args=[line.pk]), {"amount": "6000.00"}).status_code
        == 302
    )


@pytest.mark.parametrize("user", ["street_staff", "secretary_a", "viewer"])
def test_only_district_staff_change_a_line(line: BudgetLine, roles: Any, user: str) -> None:
    response = client_for(getattr(roles, user)).post(
        reverse("funds:line_edit", args=[line.pk]), {"amount": "1.00"}
    )
    assert response.status_code in {403, 404}
    line.refresh_from_db()
    assert line.amount == Decimal("20000.00")


def _grow(tree: Any, line: BudgetLine, rows: int) -> None:
    """More allocations and spending records on the same line and pages."""
    first = line.allocations.order_by("pk").first()
    for index in range(rows):
        SpendingFactory(
            allocation=first, area=tree.ruidu, amount=Decimal("1.00"), date=date(2026, 11, 3)
        )
        allocation = AllocationFactory(
            area=tree.ruidu, line=line, amount=Decimal("100.00"), date=date(2026, 2, 1 + index)
        )
        SpendingFactory(
            allocation=allocation, area=tree.ruidu, amount=Decimal("1.00"), date=date(2026, 11, 2)
        )


@pytest.mark.parametrize(
    ("name", "by_line"),
    [
        ("funds:overview", False),
        ("funds:spending_list", False),
        ("funds:line_detail", True),
        ("funds:allocation_detail", False),
    ],
)
def test_the_funds_pages_keep_their_query_budgets(
    line: BudgetLine,
    tree: Any,
    roles: Any,
    name: str,
    by_line: bool,
    django_assert_max_num_queries: Any,
) -> None:
    """A page reads as many queries with one row as with a dozen."""
    client = client_for(roles.district_admin)
    if name == "funds:allocation_detail":
        url = reverse(name, args=[line.allocations.order_by("pk").first().pk])
    else:
        url = reverse(name, args=[line.pk]) if by_line else reverse(name)
    url += "?month=2026-11" if name == "funds:overview" else ""
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    _grow(tree, line, 12)
    with django_assert_max_num_queries(len(first)):
        assert client.get(url).status_code == 200
