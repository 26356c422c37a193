"""The overdue trend on the dashboard: a fragment the to-do app serves and the dashboard
loads with htmx (reports may not import todo), scoped to the reader's areas."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tests.todo_world import checkin_waiting, need_posted, own_media
from todo.services import snapshot_record

pytestmark = [
    pytest.mark.clock("2026-12-04T10:00+08:00"),
    pytest.mark.usefixtures(own_media.__name__),
]
TODAY = date(2026, 12, 4)


@pytest.fixture
def snapshots(tree: Any) -> None:
    checkin_waiting(tree.ruidu, date(2026, 11, 30))
    checkin_waiting(tree.wushan, date(2026, 12, 1))
    need_posted(tree.miaoling, date(2026, 11, 1))
    snapshot_record(day=TODAY)


def test_the_dashboard_loads_its_area_s_trend(tree: Any, clients: Any, snapshots: None) -> None:
    client = clients["street_staff"]
    page = client.get(reverse("reports:dashboard")).content.decode()
    url = reverse("todo:todo_trend", args=[tree.jinjialing.code])
    assert f'hx-get="{url}"' in page

    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert fragment.context["trend"]["values"][-1] == 2  # ruidu's check-in, miaoling's need
    html = fragment.content.decode()
    assert "<svg" in html and "<html" not in html
    assert reverse("todo:todo_area", args=[tree.jinjialing.code]) in html


def test_a_day_without_snapshots_says_so(tree: Any, clients: Any) -> None:
    response = clients["secretary_a"].get(reverse("todo:todo_trend", args=[tree.ruidu.code]))
    assert response.status_code == 200
    assert response.context["chart"] == "" and "<svg" not in response.content.decode()


@pytest.mark.parametrize(
    ("user", "area"),
    [("secretary_a", "wushan"), ("secretary_b", "ruidu"), ("street_staff", "zhonghan")],
)
def test_another_area_s_trend_is_not_found(
    tree: Any, clients: Any, snapshots: None, user: str, area: str
) -> None:
    url = reverse("todo:todo_trend", args=[getattr(tree, area).code])
    assert clients[user].get(url).status_code == 404
