"""The demo funds of 崂山区: a year's budget by source, allocations to the workrooms, teams
and campaigns, a few hundred records approved by a second account; a second run adds
nothing."""

from __future__ import annotations

import pytest

from funds import demo
from funds.models import Allocation, BudgetLine, PurposeKind, Spending
from funds.selectors import allocation_committed, line_remaining
from tests.demo_world import laoshan_demo  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("laoshan_demo")]


def test_it_gives_laoshan_a_budget_spent_within_it() -> None:
    lines = BudgetLine.objects.filter(area__name="崂山区")
    assert sorted(lines.values_list("source", flat=True)) == ["fiscal", "other", "party_dues"]
    kinds = list(Allocation.objects.values_list("purpose_kind", flat=True))
    assert kinds.count(PurposeKind.WORKROOM) == 8
    assert kinds.count(PurposeKind.CAMPAIGN) == 5
    assert kinds.count(PurposeKind.TEAM) >= 1
    spending = Spending.objects.all()
    assert spending.count() >= 200
    assert not spending.filter(approved_by__isnull=True).exists()
    assert {s.created_by.username for s in spending.select_related("created_by")} == {
        "laoshan_admin"
    }
    assert {s.approved_by.username for s in spending.select_related("approved_by")} == {
        "laoshan_finance"
    }
    for line in lines:
        assert line_remaining(line) >= 0
    for allocation in Allocation.objects.all():
        assert allocation_committed(allocation) <= allocation.amount
    before = spending.count()
    assert set(demo.seed().values()) == {0}
    assert Spending.objects.count() == before
