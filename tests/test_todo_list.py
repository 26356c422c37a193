"""The to-do page per role: exactly its scope's items, the community filter, the home
block and the navigation's count (with its query budget)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from cadres.models import Cadre, Need
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory
from tests.todo_world import checkin_waiting, need_posted, own_media

pytestmark = [
    pytest.mark.clock("2026-12-04T10:00+08:00"),
    pytest.mark.usefixtures(own_media.__name__),
]

WAITING_SINCE = date(2026, 11, 30)


@pytest.fixture
def world(tree: Any) -> dict[str, str]:
    """One waiting check-in in each of four communities, one unmatched need in 苗岭."""
    checkins = {
        name: checkin_waiting(getattr(tree, name), WAITING_SINCE, name=f"报到{name}")
        for name in ("ruidu", "miaoling", "wushan", "tuandao")
    }
    links = {
        name: reverse("cadres:checkin_detail", args=[checkin.pk])
        for name, checkin in checkins.items()
    }
    need = need_posted(tree.miaoling, date(2026, 11, 20))
    links["need"] = reverse("cadres:need_detail", args=[need.pk])
    return links


SEES = {
    "district_admin": {"ruidu", "miaoling", "wushan", "need"},
    "viewer": {"ruidu", "miaoling", "wushan", "need"},
    "street_staff": {"ruidu", "miaoling", "need"},
    "secretary_a": {"ruidu"},
    "secretary_b": {"wushan"},
}


@pytest.mark.parametrize("role_name", list(SEES))
def test_it_shows_exactly_the_scope_s_items(
    role_name: str, world: dict[str, str], clients: Any
) -> None:
    page = clients[role_name].get(reverse("todo:todo_list")).content.decode()
    shown = {name for name, link in world.items() if f'href="{link}"' in page}
    assert shown == SEES[role_name]


def test_it_groups_by_kind_and_shows_how_overdue(world: dict[str, str], clients: Any) -> None:
    page = clients["street_staff"].get(reverse("todo:todo_list")).content.decode()
    assert 'data-testid="todo-checkin"' in page
    assert 'data-testid="todo-need"' in page
    assert "逾期 4 天" in page  # the check-ins, waiting since Monday
    assert "逾期 7 天" in page  # the need, posted 14 days ago, late after 7


def test_it_narrows_to_a_community_in_scope(tree: Any, world: dict[str, str], clients: Any) -> None:
    client = clients["street_staff"]
    response = client.get(reverse("todo:todo_list"), {"area": tree.miaoling.code})
    target = reverse("todo:todo_area", args=[tree.miaoling.code])
    assert response.status_code == 302 and response["Location"] == target
    page = client.get(target).content.decode()
    shown = {name for name, link in world.items() if f'href="{link}"' in page}
    assert shown == {"miaoling", "need"}


@pytest.mark.parametrize("role_name", ["street_staff", "secretary_a"])
def test_it_is_404_for_a_community_out_of_scope(
    role_name: str, tree: Any, world: dict[str, str], clients: Any
) -> None:
    client = clients[role_name]
    assert client.get(reverse("todo:todo_list"), {"area": tree.wushan.code}).status_code == 404
    assert client.get(reverse("todo:todo_area", args=[tree.wushan.code])).status_code == 404
    assert client.get(reverse("todo:todo_list"), {"area": "nonsense"}).status_code == 404


def test_it_offers_the_community_filter_above_community_level(
    tree: Any, world: dict[str, str], clients: Any
) -> None:
    street = clients["street_staff"].get(reverse("todo:todo_list")).content.decode()
    assert f'value="{tree.miaoling.code}"' in street
    assert f'value="{tree.wushan.code}"' not in street
    secretary = clients["secretary_a"].get(reverse("todo:todo_list")).content.decode()
    assert 'name="area"' not in secretary


def test_it_says_when_there_is_nothing_to_do(tree: Any, clients: Any) -> None:
    page = clients["secretary_a"].get(reverse("todo:todo_list")).content.decode()
    assert 'data-testid="todo-empty"' in page


def test_the_home_page_loads_the_block_and_the_navigation_the_count(
    world: dict[str, str], clients: Any
) -> None:
    home = clients["secretary_a"].get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("todo:todo_home")}"' in home
    assert f'hx-get="{reverse("todo:todo_badge")}"' in home
    block = clients["secretary_a"].get(reverse("todo:todo_home")).content.decode()
    assert f'href="{world["ruidu"]}"' in block
    assert f'href="{world["wushan"]}"' not in block
    badge = clients["street_staff"].get(reverse("todo:todo_badge")).content.decode()
    assert ">3<" in badge


def test_the_badge_is_empty_with_nothing_to_do(tree: Any, clients: Any) -> None:
    badge = clients["secretary_a"].get(reverse("todo:todo_badge")).content.decode()
    assert 'data-testid="todo-count"' not in badge


def _grow(tree: Any, n: int) -> None:
    for i in range(n):
        checkin_waiting(tree.ruidu, WAITING_SINCE, name=f"多{i}")
        need_posted(tree.ruidu, date(2026, 11, 1), title=f"多{i}")


def test_the_badge_keeps_its_query_budget(
    tree: Any, roles: Any, django_assert_num_queries: Any, monkeypatch: Any
) -> None:
    """Without a worker (``make run``): after a change the badge works the care plans
    out itself (with one, ``test_todo_care`` shows it waits for none)."""
    monkeypatch.setattr("laoshan_portal.kept_parts.has_worker", lambda: False)
    client = client_for(roles.street_staff)
    target = reverse("todo:todo_badge")
    client.get(target)  # warm the session; the plans' items kept
    for total in (1, 20):
        _grow(tree, total - Need.objects.count())
        # one query per source: check-ins,
        # needs, mediation reminders, monthly reports, retirees' concerns, referrals to
        # follow up (no uploads kept, so no query for their owners); the visits the care
        # plans ask for and this week's birthdays are kept until a person, a visit or a
        # plan changes
        with django_assert_num_queries(6):
            response = client.get(target)
        assert f">{2 * total}<" in response.content.decode()
    # a new person: the care plans' items are worked out again, in five queries whatever
    # the number of people, and this week's birthdays in one
    CadreFactory(
        area=tree.qiantaiju, birth_date=date(1950, 6, 1), living_arrangement=Cadre.Living.ALONE
    )
    with django_assert_num_queries(12):
        response = client.get(target)
    assert f">{2 * 20 + 1}<" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        # the badge's six (the care plans' items and this week's birthdays kept, their
        # first pages with their counts), the communities offered, the trend's snapshots
        ("todo:todo_list", 8),
        # the badge's six
        ("todo:todo_home", 6),
    ],
)
def test_the_page_and_the_block_keep_their_query_budgets(
    name: str, budget: int, tree: Any, roles: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(roles.street_staff)
    target = reverse(name)
    client.get(target)  # warm the session
    for total in (1, 20):
        _grow(tree, total - Need.objects.count())
        with django_assert_num_queries(budget):
            assert client.get(target).status_code == 200
