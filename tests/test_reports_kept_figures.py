"""The dashboard's figures from other apps (mediation, campaigns, needs, the university,
funds, deliberation) are kept in the cache between views, and a change to any of them
shows on the very next view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres.models import Need
from laoshan_portal.signals import bulk_change
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory
from tests.factories.campaigns import CampaignActivityFactory
from tests.factories.funds import AllocationFactory
from tests.factories.mediation import MediationCaseFactory
from tests.factories.university import BookingFactory
from tests.factories.workrooms import MeetingFactory
from tests.reports_world import LECTURE, OCTOBER, SHANGHAI, build

pytestmark = pytest.mark.django_db


def board(client: Any) -> Any:
    response = client.get(reverse("reports:dashboard"), {"month": str(OCTOBER)})
    assert response.status_code == 200
    return response.context["board"]


def open_need_matched(tree: Any) -> None:
    need = Need.objects.get(title="楼道议事")
    need.status = Need.Status.MATCHED
    need.save()


CHANGES: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "a mediation case": (
        lambda tree: MediationCaseFactory(area=tree.ruidu, received_on=date(2026, 10, 20)),
        lambda b: b.value("cases_received"),
    ),
    "a lecture": (
        lambda tree: CampaignActivityFactory(
            area=tree.wushan,
            campaign_id="red_heritage",
            date=date(2026, 10, 28),
            people_reached=30,
            lecturer=CadreFactory(area=tree.wushan),
            **LECTURE,
        ),  # fmt: skip
        lambda b: b.value("audience"),
    ),
    "a need matched": (open_need_matched, lambda b: b.value("needs_matched")),
    "a room booked": (
        lambda tree: BookingFactory(
            area=tree.ruidu,
            starts=datetime(2026, 10, 13, 9, tzinfo=SHANGHAI),
            ends=datetime(2026, 10, 13, 11, tzinfo=SHANGHAI),
        ),  # fmt: skip
        lambda b: b.value("room_bookings"),
    ),
    "money allocated": (
        lambda tree: AllocationFactory(area=tree.ruidu),
        lambda b: b.value("funds_remaining"),
    ),
    "a deliberation meeting": (
        lambda tree: MeetingFactory(area=tree.ruidu, date=date(2026, 10, 19)),
        lambda b: b.deliberation["meetings"],
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_shows_on_the_next_view(change: str, tree: Any, roles: Any) -> None:
    build(tree)
    client = client_for(roles.district_admin)
    make, read = CHANGES[change]
    before = read(board(client))
    assert read(board(client)) == before  # read again from the cache
    make(tree)
    assert read(board(client)) != before, change


def test_kept_figures_spare_the_queries_of_a_second_view(tree: Any, roles: Any) -> None:
    build(tree)
    client = client_for(roles.district_admin)
    with CaptureQueriesContext(connection) as first:
        board(client)
    with CaptureQueriesContext(connection) as second:
        kept = board(client)
    assert len(second.captured_queries) <= len(first.captured_queries) - 8
    assert kept.value("cases_received") == 2 and kept.value("lectures") == 2


def test_a_bulk_write_forgets_the_kept_figures(tree: Any, roles: Any) -> None:
    build(tree)
    client = client_for(roles.district_admin)
    assert board(client).value("needs_open") == 1
    Need.objects.filter(title="楼道议事").update(status=Need.Status.MATCHED)  # no signal
    bulk_change.send(sender=Need)  # as the bulk writers (imports, demo data) send it
    assert board(client).value("needs_open") == 0
    assert board(client).value("funds_remaining") == Decimal("0.00")
