"""The demo accounts' to-do lists are not empty once ``seed_demo`` has run."""

from __future__ import annotations

from collections import Counter

import pytest

from laoshan_portal import clock
from laoshan_portal.accounts.models import User
from laoshan_portal.accounts.selectors import scope_for_user
from tests.demo_world import laoshan_demo  # noqa: F401 - a fixture
from todo import demo as todo_demo
from todo.items import Kind
from todo.selectors import todo_items

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("laoshan_demo")]
DEMO_ACCOUNTS = ["laoshan_admin", "jinjialing", "ruidu", "wushan", "leader"]


def test_every_demo_account_has_overdue_work() -> None:
    for username in DEMO_ACCOUNTS:
        user = User.objects.get(username=username)
        items = todo_items(scope=scope_for_user(user), today=clock.today())
        kinds = Counter(item.kind for item in items)
        assert any(item.overdue for item in items), (username, kinds)
        assert {Kind.NEED, Kind.CHECKIN} <= set(kinds), (username, kinds)
    assert todo_demo.seed() == {"needs": 0, "checkins": 0}  # made once
