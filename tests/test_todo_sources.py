"""Each source of the to-do list: what it lists, how overdue, and that the item goes once
the work is done (computed live, nothing stored)."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from cadres.checkins.services import checkin_reject
from cadres.importing.uploads import imports_dir
from cadres.needs.services import need_assign
from laoshan_portal import clock
from laoshan_portal.scoping import Scope
from reports.models import MonthlyReport
from tests.factories.cadres import CadreFactory
from tests.todo_world import agreement_signed, cadre_born, checkin_waiting, need_posted, own_media
from todo.items import Kind, TodoItem
from todo.selectors import todo_items
from volunteering.mediation.services import follow_up_create, judicial_set

pytestmark = pytest.mark.usefixtures(own_media.__name__)

FRIDAY = "2026-12-04T10:00+08:00"  # the week runs from Monday 30 November to Sunday 6 December
TODAY = date(2026, 12, 4)


def _items(scope: Scope, kind: str) -> list[TodoItem]:
    return [item for item in todo_items(scope=scope, today=clock.today()) if item.kind == kind]


@pytest.fixture
def scope(tree: Any) -> Scope:
    return Scope(area=tree.laoshan)


@pytest.mark.clock(FRIDAY)
def test_a_check_in_is_late_from_the_day_it_came_and_goes_when_decided(
    tree: Any, roles: Any, scope: Scope
) -> None:
    checkin = checkin_waiting(tree.ruidu, date(2026, 11, 30))
    [item] = _items(scope, Kind.CHECKIN)
    assert (item.day, item.overdue, item.area) == (date(2026, 11, 30), 4, tree.ruidu)
    checkin_reject(scope=scope, actor=roles.district_admin, checkin=checkin, reason="重复报到")
    assert _items(scope, Kind.CHECKIN) == []


@pytest.mark.clock(FRIDAY)
def test_a_need_is_late_a_week_after_it_was_posted_and_goes_when_matched(
    tree: Any, roles: Any, scope: Scope
) -> None:
    late = need_posted(tree.ruidu, date(2026, 11, 20), title="老需求")
    need_posted(tree.ruidu, date(2026, 11, 28), title="新需求")  # six days: not yet
    [item] = _items(scope, Kind.NEED)
    assert (item.title, item.day, item.overdue) == ("老需求", date(2026, 11, 27), 7)
    cadre = CadreFactory(area=tree.ruidu, birth_date=date(1950, 5, 5))
    need_assign(scope=scope, actor=roles.district_admin, need=late, cadre=cadre)
    assert _items(scope, Kind.NEED) == []


@pytest.mark.clock(FRIDAY)
def test_mediation_follow_ups_due_and_judicial_windows_closing(
    tree: Any, roles: Any, scope: Scope
) -> None:
    closing = agreement_signed(tree.ruidu, date(2026, 11, 10))  # window ends 10 December
    overdue = agreement_signed(tree.ruidu, date(2026, 10, 20))  # both due 19 November
    agreement_signed(tree.ruidu, date(2026, 11, 20))  # window ends 20 December: not yet
    judicial = {item.title: item.overdue for item in _items(scope, Kind.JUDICIAL)}
    assert judicial == {closing.number: 0, overdue.number: 15}
    [visit] = _items(scope, Kind.FOLLOW_UP)
    assert (visit.title, visit.day, visit.overdue) == (overdue.number, date(2026, 11, 19), 15)
    admin = roles.district_admin
    follow_up_create(scope=scope, actor=admin, case=overdue, date=TODAY, result="performed")
    judicial_set(scope=scope, actor=admin, case=overdue, decision="applied", on=TODAY)
    assert _items(scope, Kind.FOLLOW_UP) == []
    assert [item.title for item in _items(scope, Kind.JUDICIAL)] == [closing.number]


@pytest.mark.clock(FRIDAY)
def test_birthdays_of_this_week_of_the_living_still_here(tree: Any, scope: Scope) -> None:
    sunday = cadre_born(tree.ruidu, date(1946, 12, 6), name="周日寿星")
    monday = cadre_born(tree.wushan, date(1950, 11, 30), name="周一寿星")
    cadre_born(tree.ruidu, date(1950, 12, 7), name="下周寿星")
    cadre_born(tree.ruidu, date(1940, 12, 5), name="已故", status="deceased")
    cadre_born(tree.ruidu, date(1940, 12, 5), name="迁出", status="moved")
    found = {item.person: item for item in _items(scope, Kind.BIRTHDAY)}
    assert set(found) == {sunday.name, monday.name}
    assert found[sunday.name].day == date(2026, 12, 6)
    assert found[sunday.name].title == "周日寿星 80 岁生日"
    assert found[sunday.name].overdue == 0 and found[monday.name].overdue == 0
    assert found[monday.name].url == f"/cadres/{monday.pk}/"


@pytest.mark.clock("2027-02-25T10:00+08:00")
def test_a_leap_day_birthday_falls_on_the_28th_in_a_common_year(tree: Any, scope: Scope) -> None:
    cadre_born(tree.ruidu, date(1944, 2, 29), name="闰日")
    [item] = _items(scope, Kind.BIRTHDAY)
    assert (item.day, item.title) == (date(2027, 2, 28), "闰日 83 岁生日")


@pytest.mark.clock("2026-12-31T23:30+08:00")
def test_a_week_across_new_year_finds_january_birthdays(tree: Any, scope: Scope) -> None:
    cadre_born(tree.ruidu, date(1950, 1, 2), name="元旦后")
    [item] = _items(scope, Kind.BIRTHDAY)
    assert (item.day, item.title) == (date(2027, 1, 2), "元旦后 77 岁生日")


@pytest.mark.clock(FRIDAY)
def test_reports_failed_or_newly_ready(tree: Any, scope: Scope) -> None:
    now = timezone.now()
    failed = MonthlyReport.objects.create(
        area=tree.ruidu, month=date(2026, 10, 1), status="failed", error="x",
        requested_at=now - timedelta(days=2),
    )  # fmt: skip
    ready = MonthlyReport.objects.create(
        area=tree.ruidu, month=date(2026, 11, 1), status="done", generated_at=now
    )
    MonthlyReport.objects.create(
        area=tree.ruidu, month=date(2026, 9, 1), status="done",
        generated_at=now - timedelta(days=10),
    )  # fmt: skip
    [late] = _items(scope, Kind.REPORT_FAILED)
    assert (late.url, late.overdue) == (f"/reports/{failed.pk}/", 2)
    [new] = _items(scope, Kind.REPORT_READY)
    assert (new.url, new.title, new.overdue) == (f"/reports/{ready.pk}/", "2026-11 月报", 0)


@pytest.mark.clock(FRIDAY)
def test_imports_checked_but_not_confirmed_of_staff_in_scope(tree: Any, roles: Any) -> None:
    folder = imports_dir()
    token = "t" * 32
    (folder / f"{token}.xlsx").write_bytes(b"stand-in")
    meta = {"user": roles.secretary_a.pk, "filename": "瑞都.xlsx", "state": "checked"}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    checked = clock.now().timestamp() - 2 * 86400  # checked two days ago
    os.utime(folder / f"{token}.json", (checked, checked))
    [item] = _items(Scope(area=tree.ruidu), Kind.IMPORT)
    assert (item.title, item.area, item.overdue) == ("瑞都.xlsx", tree.ruidu, 2)
    assert item.url == f"/cadres/import/status/?token={token}"
    assert _items(Scope(area=tree.wushan), Kind.IMPORT) == []
    meta["state"] = "done"
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    assert _items(Scope(area=tree.ruidu), Kind.IMPORT) == []


def test_nothing_for_an_empty_scope(tree: Any) -> None:
    checkin_waiting(tree.ruidu, clock.today())
    assert todo_items(scope=Scope(area=None), today=clock.today()) == []
