"""The daily snapshot of overdue work per area, its beat entry and the trend it feeds."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from laoshan_portal.scoping import Scope
from tests.todo_world import checkin_waiting, need_posted, own_media
from todo import tasks
from todo.models import TodoSnapshot
from todo.selectors import snapshot_list, snapshot_trend
from todo.services import snapshot_record

pytestmark = [
    pytest.mark.clock("2026-12-04T10:00+08:00"),
    pytest.mark.usefixtures(own_media.__name__),
]
TODAY = date(2026, 12, 4)


@pytest.fixture
def late_work(tree: Any) -> None:
    checkin_waiting(tree.ruidu, date(2026, 11, 30))
    checkin_waiting(tree.wushan, date(2026, 12, 1))
    checkin_waiting(tree.wushan, TODAY)  # came in today: not overdue yet
    need_posted(tree.miaoling, date(2026, 11, 1))


def _overdue(area: Any, kind: str) -> int:
    return TodoSnapshot.objects.get(area=area, date=TODAY, kind=kind).overdue


def test_it_records_each_area_s_overdue_counts_per_kind(tree: Any, late_work: None) -> None:
    assert tasks.record_todo_snapshots() > 0
    assert _overdue(tree.ruidu, "checkin") == 1
    assert _overdue(tree.wushan, "checkin") == 1
    assert _overdue(tree.jinjialing, "checkin") == 1
    assert _overdue(tree.laoshan, "checkin") == 2
    assert _overdue(tree.laoshan, "need") == 1
    assert _overdue(tree.zhonghan, "need") == 0
    assert _overdue(tree.tuandao, "checkin") == 0
    assert not TodoSnapshot.objects.filter(area=tree.qiantaiju).exists()  # compounds: no


def test_a_second_run_on_the_same_day_replaces_the_first(tree: Any, late_work: None) -> None:
    snapshot_record(day=TODAY)
    rows = TodoSnapshot.objects.count()
    checkin_waiting(tree.ruidu, date(2026, 11, 29))
    snapshot_record(day=TODAY)
    assert TodoSnapshot.objects.count() == rows
    assert _overdue(tree.ruidu, "checkin") == 2


def test_the_snapshots_are_read_in_scope(tree: Any, late_work: None) -> None:
    snapshot_record(day=TODAY)
    seen = {row.area for row in snapshot_list(scope=Scope(area=tree.ruidu))}
    assert seen == {tree.ruidu}
    trend = snapshot_trend(scope=Scope(area=tree.laoshan), area_id=tree.laoshan.pk, today=TODAY)
    assert trend["labels"][-1] == "12-04" and trend["values"][-1] == 3
    assert len(trend["values"]) == 30 and trend["values"][0] == 0


def test_the_beat_runs_it_every_evening() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["todo-snapshots"]
    assert entry["task"] == "todo.tasks.record_todo_snapshots"
    assert entry["schedule"].hour == {23} and entry["schedule"].minute == {50}


def test_the_to_do_page_draws_the_trend(tree: Any, late_work: None, clients: Any) -> None:
    snapshot_record(day=TODAY)
    page = clients["street_staff"].get(reverse("todo:todo_list")).content.decode()
    assert 'data-chart="line"' in page and 'id="todo-trend"' in page
    assert "echarts.min.js" in page
