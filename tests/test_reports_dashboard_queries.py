"""The district dashboard with its summary rows fresh: a bounded number of queries, and
the funds and compared mediation figures it shows still the funds page's and the lists'."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funds.selectors import funds_figures
from laoshan_portal.scoping import Scope
from tests.conftest import client_for
from tests.factories.funds import AllocationFactory, BudgetLineFactory, SpendingFactory
from tests.reports_world import OCTOBER, build, eager_tasks  # noqa: F401 - a fixture
from volunteering.mediation.selectors import mediation_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]
# Session, user, area, the summary rows (two reads), child areas and the month's report;
# the other apps' figures are kept from the first view (tests/test_reports_kept_figures.py).
FRESH_DASHBOARD_QUERIES = 7


def funds(tree: Any, approver: Any) -> None:
    line = BudgetLineFactory(area=tree.laoshan, amount=Decimal("20000.00"))
    allocation = AllocationFactory(line=line, area=tree.ruidu, amount=Decimal("5000.00"))
    for amount, day, by in [
        ("300.50", date(2026, 9, 10), approver),
        ("120.25", date(2026, 10, 12), approver),
        ("99.00", date(2026, 10, 13), None),  # waiting for approval
        ("40.00", date(2026, 11, 2), approver),  # after October
    ]:
        SpendingFactory(
            allocation=allocation,
            amount=Decimal(amount),
            date=day,
            approved_by=by,
            receipt="",
            receipt_type="",
        )


def test_the_fresh_district_dashboard_reads_a_bounded_number_of_queries(
    tree: Any, roles: Any
) -> None:
    build(tree)
    funds(tree, roles.district_admin)
    client = client_for(roles.district_admin)
    url = reverse("reports:dashboard_area", args=[tree.laoshan.pk])
    assert client.get(url, {"month": str(OCTOBER)}).status_code == 200  # counts the rows
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"month": str(OCTOBER)})
    assert response.status_code == 200
    assert len(queries) <= FRESH_DASHBOARD_QUERIES, "\n".join(
        query["sql"][:120] for query in queries.captured_queries
    )
    board = response.context["board"]
    assert board.value("funds_spent") == Decimal("120.25")
    assert board.value("funds_remaining") == Decimal("4579.25")
    full = funds_figures(scope=Scope(area=tree.laoshan), area=tree.laoshan, year=2026, month=10)
    assert (board.value("funds_spent"), board.value("funds_remaining")) == (
        full["spent_month"],
        full["remaining"],
    )
    received, resolved = board.by_key["cases_received"], board.by_key["cases_resolved"]
    assert (received.value, received.previous) == (2, 1)
    assert (resolved.value, resolved.previous) == (2, 0)
    html = response.content.decode()
    assert 'data-kpi="funds_spent">120.25<' in html
    assert 'data-kpi="funds_remaining">4579.25<' in html


@pytest.mark.parametrize(
    ("start", "end", "previous"),
    [
        (date(2026, 10, 1), date(2026, 10, 31), (date(2026, 9, 1), date(2026, 9, 30))),
        (date(2026, 10, 1), date(2026, 10, 9), (date(2026, 9, 1), date(2026, 9, 9))),
        (date(2026, 9, 1), date(2026, 9, 30), (date(2026, 8, 1), date(2026, 8, 31))),
    ],
)
def test_mediation_compares_with_the_previous_period_in_the_same_query(
    start: date,
    end: date,
    previous: tuple[date, date],
    tree: Any,
    django_assert_num_queries: Any,
) -> None:
    build(tree)
    scope = Scope(area=tree.laoshan)
    with django_assert_num_queries(1):
        figures = mediation_figures(scope=scope, start=start, end=end, previous=previous)
    alone = mediation_figures(scope=scope, start=start, end=end)
    before = mediation_figures(scope=scope, start=previous[0], end=previous[1])
    assert {key: value for key, value in figures.items() if key != "previous"} == alone
    assert figures["previous"] == {"received": before["received"], "resolved": before["resolved"]}
    assert "previous" not in alone
