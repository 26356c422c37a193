"""The demo accounts' to-do lists are not empty once ``seed_demo`` has run."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from laoshan_portal import clock
from laoshan_portal.accounts.models import User
from laoshan_portal.accounts.selectors import scope_for_user
from tests.todo_world import own_media
from todo import demo as todo_demo
from todo.items import Kind
from todo.selectors import todo_items

pytestmark = pytest.mark.usefixtures(own_media.__name__)
DEMO_ACCOUNTS = ["laoshan_admin", "jinjialing", "ruidu", "wushan", "leader"]


@pytest.fixture
def seeded(db: None, settings: Any) -> None:
    call_command("seed_demo", stdout=StringIO())


def test_every_demo_account_has_overdue_work(seeded: None) -> None:
    for username in DEMO_ACCOUNTS:
        user = User.objects.get(username=username)
        items = todo_items(scope=scope_for_user(user), today=clock.today())
        kinds = Counter(item.kind for item in items)
        assert any(item.overdue for item in items), (username, kinds)
        assert {Kind.NEED, Kind.CHECKIN} <= set(kinds), (username, kinds)
    assert todo_demo.seed() == {"needs": 0, "checkins": 0}  # made once
