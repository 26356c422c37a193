"""Query budgets of every page: fixed numbers, the same whatever the amount of data.

A signed-in page reads no query for its visitor: the session, and the account with its
area (the scope) and all its permissions, its own and its group's together (for the
navigation), come from the cache (laoshan_portal.accounts.sessions, laoshan_portal.kept),
read once after a change. The session is written back at most once a minute
(test_session_refresh.py), so not on the measured request. The numbers below are what
each page reads itself.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.urls import reverse

from laoshan_portal.accounts.models import Role
from laoshan_portal.scoping import Scope
from tests.conftest import client_for
from tests.factories.accounts import AreaFactory, StaffFactory

EVERYTHING = Scope(area=None, unrestricted=True)


_serial = itertools.count()


def _grow(tree: Any, n: int) -> None:
    """More areas and accounts below 瑞都社区, to show the budgets do not depend on them."""
    for _ in range(n):
        i = next(_serial)
        area = AreaFactory(parent=tree.ruidu, code=f"G{i}", name=f"新增小区{i}", level="compound")
        StaffFactory(area=area, role=Role.VIEWER)


PAGES: list[tuple[str, Any, int]] = [
    # nothing: the area's children and their counts are kept
    ("home", lambda t, r: reverse("home"), 0),
    # page of areas (with parents), count
    ("area_index", lambda t, r: reverse("accounts:area_index"), 2),
    # the area, ancestors, staff count (children and counts kept)
    ("area_detail", lambda t, r: reverse("accounts:area_detail", args=[t.ruidu.code]), 3),
    # the parent area
    (
        "area_child_create",
        lambda t, r: reverse("accounts:area_child_create", args=[t.ruidu.code]),
        1,
    ),
    # count, page of accounts with their areas
    ("staff_index", lambda t, r: reverse("accounts:staff_index"), 2),
    # nothing: the areas offered are kept (laoshan_portal.widgets.keep_choices)
    ("staff_create", lambda t, r: reverse("accounts:staff_create"), 0),
    # the account
    ("staff_edit", lambda t, r: reverse("accounts:staff_edit", args=[r.secretary_a.pk]), 1),
    # the account
    (
        "staff_deactivate",
        lambda t, r: reverse("accounts:staff_deactivate", args=[r.secretary_a.pk]),
        1,
    ),
    # nothing
    ("password_change", lambda t, r: reverse("accounts:password_change"), 0),
    # the recent-actions box
    ("admin_index", lambda t, r: reverse("admin:index"), 1),
]


@pytest.mark.parametrize(("name", "url", "budget"), PAGES, ids=[p[0] for p in PAGES])
def test_it_keeps_the_query_budget(
    name: str, url: Any, budget: int, tree: Any, roles: Any, query_budget: Any
) -> None:
    client = client_for(roles.district_admin)
    target = url(tree, roles)
    query_budget(client, target, budget, lambda: _grow(tree, 15))


def test_it_keeps_the_admin_changelist_budget(
    tree: Any, roles: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(roles.district_admin)
    target = reverse("admin:accounts_area_changelist")
    client.get(target)
    _grow(tree, 3)
    with django_assert_num_queries(5) as first:
        client.get(target)
    _grow(tree, 15)
    with django_assert_num_queries(len(first)):
        client.get(target)


def test_it_answers_health_checks_in_one_query(db: None, django_assert_num_queries: Any) -> None:
    from django.test import Client

    with django_assert_num_queries(1):  # SELECT 1
        assert Client().get("/healthz").status_code == 200
