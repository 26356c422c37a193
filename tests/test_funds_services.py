"""The funds' writes: amounts to the fen, what is left, the second person, reversals,
party dues' excluded purposes, district staff only for budgets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from funds import services
from funds.models import PurposeKind, Source, Spending, to_fen
from funds.selectors import allocation_committed, allocation_spent, funds_figures, line_remaining
from laoshan_portal.accounts.selectors import scope_for_user
from laoshan_portal.audit.models import AuditEvent
from tests.factories.funds import AllocationFactory, BudgetLineFactory

DAY = date(2026, 11, 20)


@pytest.fixture
def admin(roles: Any) -> dict[str, Any]:
    user = roles.district_admin
    return {"scope": scope_for_user(user), "actor": user}


@pytest.fixture
def colleague(roles: Any, tree: Any) -> dict[str, Any]:
    from laoshan_portal.accounts.models import Role
    from tests.factories.accounts import StaffFactory

    user = StaffFactory(username="finance", area=tree.laoshan, role=Role.ADMIN)
    return {"scope": scope_for_user(user), "actor": user}


def _spend(who: dict[str, Any], allocation: Any, amount: str, **extra: Any) -> Spending:
    return services.spending_create(
        allocation=allocation,
        day=DAY,
        payee="利群",
        amount=Decimal(amount),
        description="慰问品",
        **extra,
        **who,
    )


def test_it_rounds_to_the_fen_half_up() -> None:
    assert to_fen(Decimal("0.005")) == Decimal("0.01")
    assert to_fen(Decimal("0.015")) == Decimal("0.02")
    assert to_fen(Decimal("2.675")) == Decimal("2.68")
    assert to_fen(Decimal("-2.675")) == Decimal("-2.68")
    assert to_fen(Decimal("100") / 3) == Decimal("33.33")


def test_it_keeps_thirds_exact_to_the_fen(tree: Any, admin: dict[str, Any]) -> None:
    line = services.budget_line_create(
        area=tree.laoshan, year=2026, source=Source.FISCAL, amount=Decimal("100.00"), **admin
    )
    for _ in range(3):
        services.allocation_create(
            line=line,
            area=tree.ruidu,
            day=DAY,
            purpose_kind=PurposeKind.CARE,
            purpose="走访",
            amount=Decimal("33.33"),
            **admin,
        )
    assert line_remaining(line) == Decimal("0.01")
    with pytest.raises(ValidationError, match="0.01"):
        services.allocation_create(
            line=line,
            area=tree.ruidu,
            day=DAY,
            purpose_kind=PurposeKind.CARE,
            purpose="走访",
            amount=Decimal("0.02"),
            **admin,
        )


def test_it_refuses_over_spending_an_allocation(tree: Any, admin: dict[str, Any]) -> None:
    allocation = AllocationFactory(area=tree.ruidu, amount=Decimal("1000.00"))
    _spend(admin, allocation, "999.99")
    with pytest.raises(ValidationError) as refused:
        _spend(admin, allocation, "0.02")
    assert "超支" in " ".join(refused.value.messages)
    _spend(admin, allocation, "0.01")
    assert allocation_committed(allocation) == Decimal("1000.00")


def test_it_refuses_allocating_more_than_the_line_has(tree: Any, admin: dict[str, Any]) -> None:
    line = BudgetLineFactory(area=tree.laoshan, amount=Decimal("5000.00"))
    with pytest.raises(ValidationError) as refused:
        services.allocation_create(
            line=line,
            area=tree.ruidu,
            day=DAY,
            purpose_kind=PurposeKind.CARE,
            purpose="走访",
            amount=Decimal("5000.01"),
            **admin,
        )
    assert "5,000.00" in " ".join(refused.value.messages)


def test_it_refuses_approval_by_who_entered(
    tree: Any, admin: dict[str, Any], colleague: dict[str, Any]
) -> None:
    allocation = AllocationFactory(area=tree.ruidu)
    spending = _spend(admin, allocation, "120.50")
    with pytest.raises(ValidationError, match="同事"):
        services.spending_approve(spending=spending, **admin)
    assert allocation_spent(allocation) == Decimal("0.00")
    services.spending_approve(spending=spending, **colleague)
    assert allocation_spent(allocation) == Decimal("120.50")
    assert AuditEvent.objects.filter(object_id=str(spending.pk)).count() == 2


def test_a_reversing_entry_keeps_the_totals_exact(
    tree: Any, admin: dict[str, Any], colleague: dict[str, Any]
) -> None:
    allocation = AllocationFactory(area=tree.ruidu, amount=Decimal("1000.00"))
    kept = _spend(admin, allocation, "333.33")
    wrong = _spend(admin, allocation, "666.67")
    for spending in (kept, wrong):
        services.spending_approve(spending=spending, **colleague)
    reversal = services.spending_reverse(spending=wrong, reason="金额录错", **admin)
    assert reversal.amount == Decimal("-666.67") and reversal.reverses == wrong
    with pytest.raises(ValidationError):  # a reversal frees nothing until approved
        _spend(admin, allocation, "0.01")
    services.spending_approve(spending=reversal, **colleague)
    assert allocation_spent(allocation) == Decimal("333.33")
    assert Spending.objects.count() == 3  # nothing deleted
    with pytest.raises(ValidationError):
        services.spending_reverse(spending=wrong, reason="again", **admin)
    with pytest.raises(ValidationError):
        services.spending_reverse(spending=reversal, reason="again", **admin)
    _spend(admin, allocation, "666.67")  # the room the reversal gave back
    assert AuditEvent.objects.filter(
        object_id=str(reversal.pk), action=AuditEvent.Action.CREATE
    ).exists()


def test_it_refuses_party_dues_on_excluded_purposes(
    tree: Any, admin: dict[str, Any], settings: Any
) -> None:
    line = BudgetLineFactory(area=tree.laoshan, source=Source.PARTY_DUES)
    with pytest.raises(ValidationError, match="党费"):
        services.allocation_create(
            line=line,
            area=tree.ruidu,
            day=DAY,
            purpose_kind=PurposeKind.VENUE,
            purpose="活动室装修",
            amount=Decimal("100.00"),
            **admin,
        )
    allocation = services.allocation_create(
        line=line,
        area=tree.ruidu,
        day=DAY,
        purpose_kind=PurposeKind.CARE,
        purpose="走访",
        amount=Decimal("100.00"),
        **admin,
    )
    settings.FUNDS_PARTY_DUES_EXCLUDED = ["care"]
    with pytest.raises(ValidationError, match="党费"):
        _spend(admin, allocation, "10.00")


def test_it_lets_only_district_staff_enter_budgets(tree: Any, roles: Any) -> None:
    street = roles.street_staff
    with pytest.raises(ValidationError):
        services.budget_line_create(
            scope=scope_for_user(street),
            actor=street,
            area=tree.jinjialing,
            year=2026,
            source=Source.FISCAL,
            amount=Decimal("1.00"),
        )
    assert street.has_perm("funds.view_budgetline")
    assert not street.has_perm("funds.add_budgetline")
    assert street.has_perm("funds.approve_spending")
    assert not roles.secretary_a.has_perm("funds.approve_spending")
    assert roles.district_admin.has_perm("funds.add_budgetline")


def test_it_refuses_a_receipt_that_is_not_a_picture(tree: Any, admin: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    allocation = AllocationFactory(area=tree.ruidu)
    fake = SimpleUploadedFile("r.png", b"<html>", content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        _spend(admin, allocation, "1.00", receipt=fake)
    assert "receipt" in refused.value.message_dict


@pytest.mark.clock("2026-11-20T10:00+08:00")
def test_the_figures_are_counted_by_hand(
    tree: Any, admin: dict[str, Any], colleague: dict[str, Any]
) -> None:
    fiscal = BudgetLineFactory(area=tree.laoshan, amount=Decimal("10000.00"))
    dues = BudgetLineFactory(area=tree.laoshan, source=Source.PARTY_DUES, amount=Decimal("2000.00"))
    care = services.allocation_create(
        line=dues,
        area=tree.ruidu,
        day=DAY,
        purpose_kind=PurposeKind.CARE,
        purpose="走访",
        amount=Decimal("1500.00"),
        **admin,
    )
    venue = services.allocation_create(
        line=fiscal,
        area=tree.wushan,
        day=DAY,
        purpose_kind=PurposeKind.VENUE,
        purpose="场地",
        amount=Decimal("3000.10"),
        **admin,
    )
    for allocation, amount, day in [
        (care, "100.10", date(2026, 10, 3)),
        (care, "200.20", date(2026, 11, 3)),
        (venue, "0.35", date(2026, 11, 4)),
    ]:
        spending = services.spending_create(
            allocation=allocation,
            day=day,
            payee="p",
            amount=Decimal(amount),
            description="d",
            **admin,
        )
        services.spending_approve(spending=spending, **colleague)
    _spend(admin, venue, "50.00")  # not approved: not counted
    figures = funds_figures(scope=admin["scope"], area=tree.laoshan, year=2026, month=11)
    assert figures["budget"] == Decimal("12000.00")
    assert figures["allocated"] == Decimal("4500.10")
    assert figures["spent_month"] == Decimal("200.55")
    assert figures["spent_to_date"] == Decimal("300.65")
    assert figures["remaining"] == Decimal("4199.45")
    by_source = {row["code"]: row["amount"] for row in figures["spent_by_source"]}
    assert by_source == {
        "fiscal": Decimal("0.35"),
        "party_dues": Decimal("300.30"),
        "other": Decimal("0.00"),
    }
    street = funds_figures(scope=admin["scope"], area=tree.jinjialing, year=2026, month=11)
    assert (street["budget"], street["allocated"], street["spent_to_date"]) == (
        Decimal("0.00"),
        Decimal("1500.00"),
        Decimal("300.30"),
    )
