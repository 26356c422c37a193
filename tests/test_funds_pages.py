"""The funds' pages: the figures page and the 经费使用明细表 agree with a count by hand,
a street sees its own and not another's, approving on the page needs a second person."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from funds import services
from funds.models import PurposeKind, Source, Spending
from laoshan_portal.accounts.models import Role
from laoshan_portal.accounts.selectors import scope_for_user
from tests.conftest import client_for
from tests.factories.accounts import StaffFactory
from tests.factories.funds import AllocationFactory, BudgetLineFactory, SpendingFactory
from tests.reports_world import eager_tasks  # noqa: F401 - a fixture

pytestmark = pytest.mark.clock("2026-11-20T10:00+08:00")


@pytest.fixture
def ledger(tree: Any, roles: Any) -> dict[str, Any]:
    """A district budget, money for 瑞都 and 午山, four approved records and one not."""
    admin = roles.district_admin
    finance = StaffFactory(username="finance", area=tree.laoshan, role=Role.ADMIN)
    who = {"scope": scope_for_user(admin), "actor": admin}
    line = BudgetLineFactory(area=tree.laoshan, amount=Decimal("20000.00"))
    ruidu = services.allocation_create(
        line=line,
        area=tree.ruidu,
        day=date(2026, 1, 5),
        purpose_kind=PurposeKind.CARE,
        purpose="重阳走访",
        amount=Decimal("1000.00"),
        **who,
    )
    wushan = services.allocation_create(
        line=line,
        area=tree.wushan,
        day=date(2026, 1, 5),
        purpose_kind=PurposeKind.VENUE,
        purpose="活动室",
        amount=Decimal("500.00"),
        **who,
    )
    records = []
    for allocation, day, amount, payee in [
        (ruidu, date(2026, 10, 9), "120.10", "利群超市"),
        (ruidu, date(2026, 11, 2), "80.05", "崂山印刷"),
        (ruidu, date(2026, 11, 3), "0.35", "邮局"),
        (wushan, date(2026, 11, 4), "300.00", "装修队"),
    ]:
        spending = services.spending_create(
            allocation=allocation,
            day=day,
            payee=payee,
            amount=Decimal(amount),
            description="d",
            **who,
        )
        services.spending_approve(scope=scope_for_user(finance), actor=finance, spending=spending)
        records.append(spending)
    services.spending_create(
        allocation=ruidu,
        day=date(2026, 11, 5),
        payee="未审",
        amount=Decimal("9.99"),
        description="d",
        **who,
    )
    return {"line": line, "ruidu": ruidu, "wushan": wushan, "records": records, "finance": finance}


def _figure(html: str, name: str) -> str:
    marker = f'data-figure="{name}">'
    return html.split(marker, 1)[1].split("<", 1)[0]


def test_the_page_shows_the_figures_counted_by_hand(ledger: Any, roles: Any) -> None:
    html = (
        client_for(roles.district_admin)
        .get(reverse("funds:overview") + "?month=2026-11")
        .content.decode()
    )
    assert _figure(html, "budget") == "20000.00"
    assert _figure(html, "allocated") == "1500.00"
    assert _figure(html, "spent_month") == "380.40"
    assert _figure(html, "spent_to_date") == "500.50"
    assert _figure(html, "remaining") == "999.50"
    assert 'data-chart="bar"' in html and 'id="chart-sources"' in html


def test_the_export_is_the_statement_counted_by_hand(ledger: Any, roles: Any) -> None:
    response = client_for(roles.district_admin).get(reverse("funds:export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "日期",
        "收款方",
        "用途",
        "来源",
        "金额（元）",
        "登记人",
        "审批人",
        "余额（元）",
    )
    body = rows[1:]
    assert [row[1] for row in body] == ["利群超市", "崂山印刷", "邮局", "装修队"]
    assert sum(Decimal(str(row[4])) for row in body) == Decimal("500.50")
    assert [Decimal(str(row[7])) for row in body] == [
        Decimal("1379.90"),
        Decimal("1299.85"),
        Decimal("1299.50"),
        Decimal("999.50"),
    ]
    assert body[0][3] == "财政经费"
    assert body[0][6] == str(ledger["finance"])


def test_a_street_sees_its_own_and_not_another(ledger: Any, roles: Any, tree: Any) -> None:
    street = client_for(roles.street_staff)
    html = street.get(reverse("funds:overview") + "?month=2026-11").content.decode()
    assert _figure(html, "allocated") == "1000.00"
    assert _figure(html, "spent_to_date") == "200.50"
    assert (
        street.get(reverse("funds:allocation_detail", args=[ledger["ruidu"].pk])).status_code == 200
    )
    assert (
        street.get(reverse("funds:allocation_detail", args=[ledger["wushan"].pk])).status_code
        == 404
    )
    assert street.get(reverse("funds:line_detail", args=[ledger["line"].pk])).status_code == 404
    assert street.get(reverse("funds:overview") + f"?area={tree.zhonghan.pk}").status_code == 404
    listing = street.get(reverse("funds:spending_list")).content.decode()
    assert "利群超市" in listing and "装修队" not in listing


def test_a_street_cannot_enter_a_budget_line(roles: Any) -> None:
    street = client_for(roles.street_staff)
    assert street.get(reverse("funds:line_create")).status_code == 403


def test_approving_on_the_page_needs_a_second_person(tree: Any, roles: Any) -> None:
    spending = SpendingFactory(area=tree.ruidu, created_by=roles.district_admin)
    url = reverse("funds:spending_approve", args=[spending.pk])
    client_for(roles.district_admin).post(url)
    spending.refresh_from_db()
    assert spending.approved_by is None
    client_for(roles.street_staff).post(url)
    spending.refresh_from_db()
    assert spending.approved_by == roles.street_staff


def test_over_spending_on_the_page_says_why(tree: Any, roles: Any) -> None:
    allocation = AllocationFactory(area=tree.ruidu, amount=Decimal("100.00"))
    response = client_for(roles.secretary_a).post(
        reverse("funds:spending_create", args=[allocation.pk]),
        {"date": "2026-11-19", "payee": "利群", "amount": "100.01", "description": "慰问品"},
    )
    assert response.status_code == 200
    assert "不允许超支" in response.content.decode()
    assert not Spending.objects.exists()


def test_a_reversal_on_the_page_is_a_negative_entry(tree: Any, roles: Any) -> None:
    spending = SpendingFactory(area=tree.ruidu)
    response = client_for(roles.secretary_a).post(
        reverse("funds:spending_reverse", args=[spending.pk]), {"reason": "重复录入"}
    )
    reversal = Spending.objects.get(reverses=spending)
    assert response.status_code == 302
    assert reversal.amount == -spending.amount
    assert reversal.created_by == roles.secretary_a
    assert Source.FISCAL == reversal.allocation.line.source


@pytest.mark.usefixtures("eager_tasks")
def test_the_dashboard_and_the_report_show_the_same_funds(
    ledger: Any, roles: Any, tree: Any
) -> None:
    """One truth: the funds page, the dashboard tile and the monthly PDF agree."""
    import io

    from pypdf import PdfReader

    from reports import services as reports
    from reports.periods import Month

    client = client_for(roles.district_admin)
    board = client.get(reverse("reports:dashboard"), {"month": "2026-11"}).context["board"]
    assert board.value("funds_spent") == Decimal("380.40")
    assert board.value("funds_remaining") == Decimal("999.50")
    assert client.get(board.by_key["funds_spent"].link).status_code == 200
    report, _queued = reports.report_request(area=tree.laoshan, month=Month(2026, 11))
    handle = reports.report_open(report)
    assert handle is not None
    with handle:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    row = next(line for line in text.splitlines() if line.startswith("本月经费支出"))
    assert "380.40" in row
