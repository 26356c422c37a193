"""The dashboard's two funds figures: the same as the funds page's, in two queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from funds.models import Source
from funds.selectors import funds_figures, funds_headline
from laoshan_portal.accounts.models import Role
from laoshan_portal.scoping import Scope
from tests.factories.accounts import StaffFactory
from tests.factories.funds import AllocationFactory, BudgetLineFactory, SpendingFactory

pytestmark = pytest.mark.django_db
MONTHS = [(2025, 12), (2026, 1), (2026, 3), (2026, 10), (2026, 11), (2026, 12)]


def spend(allocation: Any, amount: str, day: date, approver: Any, reverses: Any = None) -> Any:
    return SpendingFactory(
        allocation=allocation,
        amount=Decimal(amount),
        date=day,
        approved_by=approver,
        reverses=reverses,
        receipt="",
        receipt_type="",
    )


def build(tree: Any) -> None:
    """Two budget years, lines of the district and of a street, allocations to several
    areas in and out of the district, approved and unapproved spending, a reversal."""
    approver = StaffFactory(username="approver", area=tree.laoshan, role=Role.ADMIN)
    district = BudgetLineFactory(area=tree.laoshan, amount=Decimal("50000.00"))
    dues = BudgetLineFactory(area=tree.laoshan, source=Source.PARTY_DUES, amount=Decimal("8000.00"))
    street = BudgetLineFactory(area=tree.jinjialing, amount=Decimal("9000.00"))
    last_year = BudgetLineFactory(area=tree.laoshan, year=2025, amount=Decimal("7000.00"))
    shinan = BudgetLineFactory(area=tree.shinan, amount=Decimal("6000.00"))
    ruidu = AllocationFactory(line=district, area=tree.ruidu, amount=Decimal("3000.10"))
    miaoling = AllocationFactory(line=street, area=tree.miaoling, amount=Decimal("1200.00"))
    wushan = AllocationFactory(line=dues, area=tree.wushan, amount=Decimal("2500.55"))
    old = AllocationFactory(line=last_year, area=tree.ruidu, amount=Decimal("900.00"))
    tuandao = AllocationFactory(line=shinan, area=tree.tuandao, amount=Decimal("1000.00"))
    january = spend(ruidu, "100.10", date(2026, 1, 3), approver)
    november = spend(ruidu, "200.20", date(2026, 11, 3), approver)
    spend(ruidu, "-20.00", date(2026, 11, 20), approver, reverses=january)  # approved
    spend(ruidu, "-5.00", date(2026, 11, 21), None, reverses=november)  # frees nothing yet
    for allocation, amount, day, by in [
        (ruidu, "77.00", date(2026, 11, 22), None),  # waiting for approval
        (miaoling, "0.35", date(2026, 11, 30), approver),
        (miaoling, "300.00", date(2026, 12, 1), approver),
        (wushan, "45.45", date(2026, 3, 31), approver),
        (wushan, "12.00", date(2027, 1, 2), approver),  # paid the next January
        (old, "400.00", date(2025, 12, 15), approver),
        (old, "33.00", date(2026, 1, 5), approver),  # the old line, paid this year
        (tuandao, "999.00", date(2026, 11, 10), approver),  # another district
    ]:
        spend(allocation, amount, day, by)


def test_it_gives_the_funds_pages_figures_for_every_area_scope_and_month(tree: Any) -> None:
    build(tree)
    scopes = [
        Scope(area=tree.laoshan, role=Role.ADMIN),
        Scope(area=tree.jinjialing, role=Role.STREET_STAFF),
        Scope(area=tree.ruidu, role=Role.SECRETARY),
    ]
    areas = [tree.laoshan, tree.jinjialing, tree.ruidu, tree.miaoling, tree.wushan]
    compared = 0
    for scope in scopes:
        for area in areas:
            if scope.area is not None and not area.path.startswith(scope.area.path):
                continue
            for year, month in MONTHS:
                headline = funds_headline(scope=scope, area=area, year=year, month=month)
                full = funds_figures(scope=scope, area=area, year=year, month=month)
                expected = {key: full[key] for key in ("spent_month", "remaining")}
                assert headline == expected, (scope.area, area.code, year, month)
                compared += 1
    assert compared == len(MONTHS) * (len(areas) + 3 + 1)


def test_its_figures_are_counted_by_hand(tree: Any) -> None:
    build(tree)
    scope = Scope(area=tree.laoshan, role=Role.ADMIN)
    november = funds_headline(scope=scope, area=tree.laoshan, year=2026, month=11)
    # 200.20 - 20.00 + 0.35; allocated 6700.65 less 100.10 + 180.20 + 0.35 + 45.45
    assert november == {"spent_month": Decimal("180.55"), "remaining": Decimal("6374.55")}
    december = funds_headline(scope=scope, area=tree.jinjialing, year=2026, month=12)
    assert december == {"spent_month": Decimal("300.00"), "remaining": Decimal("3619.45")}
    last_year = funds_headline(scope=scope, area=tree.ruidu, year=2025, month=12)
    assert last_year == {"spent_month": Decimal("400.00"), "remaining": Decimal("500.00")}


def test_it_reads_two_queries(tree: Any, django_assert_num_queries: Any) -> None:
    build(tree)
    scope = Scope(area=tree.laoshan, role=Role.ADMIN)
    with django_assert_num_queries(2):
        funds_headline(scope=scope, area=tree.laoshan, year=2026, month=11)
