"""Object makers of the to-do list: a day's snapshot of overdue work."""

from __future__ import annotations

from typing import Any

from laoshan_portal import clock
from todo.models import TodoSnapshot


def make_snapshot(area: Any) -> TodoSnapshot:
    return TodoSnapshot.objects.create(area=area, date=clock.today(), kind="checkin", overdue=1)


MAKERS = {TodoSnapshot: make_snapshot}
