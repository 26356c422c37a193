"""Care visits on the to-do list: a visit the plans ask for shows until it is paid."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from cadres.models import Cadre
from care.models import Visit
from care.services import care_plan_save, visit_create
from laoshan_portal import clock
from laoshan_portal.scoping import Scope
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory
from todo.items import Kind, most_pressing
from todo.selectors import todo_glance, todo_items, todo_rows, todo_summary
from todo.tasks import keep_todo_summaries

pytestmark = pytest.mark.django_db


def _care_items(scope: Scope) -> list[Any]:
    return [
        item
        for item in todo_items(scope=scope, today=clock.today())
        if item.kind == Kind.CARE_VISIT
    ]


def _living_alone_and_a_birthday(tree: Any, count: int) -> list[Cadre]:
    """``count`` people of 瑞都 living alone (a monthly visit each), and one of 千泰居
    turning 80 on 22 December."""
    CadreFactory(area=tree.qiantaiju, name="寿星", birth_date=date(1946, 12, 22))
    return [
        CadreFactory(
            area=tree.ruidu,
            name=f"独居{index}",
            birth_date=date(1950, 6, 1),
            living_arrangement=Cadre.Living.ALONE,
        )
        for index in range(count)
    ]


@pytest.mark.clock("2026-12-20T10:00+08:00")
def test_a_monthly_visit_shows_for_the_community_until_it_is_paid(tree: Any, roles: Any) -> None:
    alone = CadreFactory(
        area=tree.ruidu,
        name="独居甲",
        birth_date=date(1950, 6, 1),
        living_arrangement=Cadre.Living.ALONE,
    )
    secretary = Scope(area=tree.ruidu, role="secretary")
    [item] = [i for i in _care_items(secretary) if i.person == "独居甲"]
    assert item.url == f"/care/people/{alone.pk}/"
    assert item.area == tree.ruidu
    # Another community's secretary does not see it.
    assert not [
        i for i in _care_items(Scope(area=tree.wushan, role="secretary")) if i.person == "独居甲"
    ]
    visit_create(
        scope=secretary,
        actor=roles.secretary_a,
        cadre=alone,
        data={"date": date(2026, 12, 18), "kind": Visit.Kind.ROUTINE},
    )
    assert not [i for i in _care_items(secretary) if i.person == "独居甲"]


@pytest.mark.clock("2026-12-20T10:00+08:00")
def test_the_badge_and_home_summary_follow_the_care_plans(tree: Any, roles: Any) -> None:
    street = Scope(area=tree.jinjialing, role="street_staff")
    people = _living_alone_and_a_birthday(tree, 4)
    for person, day in zip(people[:2], (date(2026, 10, 1), date(2026, 11, 10)), strict=True):
        Visit.objects.create(area=person.area, cadre=person, date=day, kind=Visit.Kind.ROUTINE)

    def as_counted() -> tuple[int, list[str]]:
        items = todo_items(scope=street, today=clock.today())
        return len(items), [item.title for item in most_pressing(items, 3)]

    def summary() -> tuple[int, list[str]]:
        count, pressing = todo_summary(scope=street, today=clock.today(), top=3)
        return count, [item.title for item in pressing]

    assert summary() == as_counted()
    count, pressing = summary()
    assert pressing[0].startswith("独居0")  # a month overdue on 1 November
    visit_create(
        scope=street,
        actor=roles.street_staff,
        cadre=people[0],
        data={"date": date(2026, 12, 19), "kind": Visit.Kind.ROUTINE},
    )
    assert summary() == as_counted() == (count - 1, summary()[1])
    assert not summary()[1][0].startswith("独居0")


@pytest.mark.clock("2026-12-20T10:00+08:00")
def test_the_list_reads_its_first_pages_kept_and_works_out_the_rest(
    tree: Any, roles: Any, monkeypatch: Any
) -> None:
    """The list's rows are the same as every item sorted, on a kept page and past them;
    a visit logged takes its item off at once."""
    monkeypatch.setattr("todo.sources.KEPT_ITEMS", 3)
    monkeypatch.setattr("todo.sources.PART_ITEMS", 2)  # the list keeps what its parts hold
    street = Scope(area=tree.jinjialing, role="street_staff")
    people = _living_alone_and_a_birthday(tree, 7)
    Visit.objects.create(
        area=tree.ruidu, cadre=people[0], date=date(2026, 11, 1), kind=Visit.Kind.ROUTINE
    )
    everything = todo_items(scope=street, today=clock.today())
    rows, overdue, current = todo_rows(scope=street, today=clock.today())
    assert current and len(rows) == len(everything) == 8
    assert overdue == sum(1 for item in everything if item.overdue) > 0
    assert rows[0:2] == everything[0:2]  # kept
    assert rows[2:6] == everything[2:6]  # across the kept ones' end: worked out
    assert list(rows) == everything and rows[-1] == everything[-1]
    client = client_for(roles.street_staff)
    page = client.get(reverse("todo:todo_list")).context["page"]
    assert page.paginator.count == 8 and list(page) == everything
    visit_create(
        scope=street,
        actor=roles.street_staff,
        cadre=people[3],
        data={"date": date(2026, 12, 19), "kind": Visit.Kind.ROUTINE},
    )
    rows, _overdue, _current = todo_rows(scope=street, today=clock.today())
    assert len(rows) == 7
    assert "独居3" not in {item.person for item in rows[0:7]}


@pytest.mark.clock("2026-12-20T10:00+08:00")
def test_with_a_worker_the_badge_shows_the_last_count_while_it_is_worked_out(
    tree: Any, roles: Any, monkeypatch: Any
) -> None:
    """A visit logged changes one area's part of the care figures: the badge works it out
    at once, even with a worker. A change to every area's (a plan) is not worked out by
    the badge: it shows the count last worked out, asks the worker once, and asks the
    page again in a few seconds; once the worker has kept it, the new count shows."""
    street = Scope(area=tree.jinjialing, role="street_staff")
    people = _living_alone_and_a_birthday(tree, 3)
    client = client_for(roles.street_staff)
    monkeypatch.setattr("laoshan_portal.kept_parts.has_worker", lambda: False)
    before = client.get(reverse("todo:todo_badge")).content.decode()  # no worker: counted
    assert ">4<" in before and "load delay" not in before
    queued: list[list[Any]] = []
    monkeypatch.setattr("laoshan_portal.kept_parts.has_worker", lambda: True)
    monkeypatch.setattr(
        "laoshan_portal.kept_parts.queue_once", lambda name, args, lock: queued.append(args) or True
    )
    visit_create(
        scope=street,
        actor=roles.street_staff,
        cadre=people[0],
        data={"date": date(2026, 12, 19), "kind": Visit.Kind.ROUTINE},
    )
    one_area = client.get(reverse("todo:todo_badge")).content.decode()
    assert ">3<" in one_area and "load delay" not in one_area and not queued
    care_plan_save(
        scope=street,
        actor=roles.street_staff,
        area=tree.jinjialing,
        data={"monthly_alone": False, "festivals": True},
    )
    stale = client.get(reverse("todo:todo_badge")).content.decode()
    assert ">3<" in stale and 'hx-trigger="load delay:4s"' in stale
    home = client.get(reverse("todo:todo_home"))
    assert home.context["count"] == 3 and "todo-updating" in home.content.decode()
    assert queued and queued[0] == [tree.jinjialing.pk, False, "2026-12-20"]
    keep_todo_summaries(*queued[0])  # the worker's turn: no monthly visits any more
    fresh = client.get(reverse("todo:todo_badge")).content.decode()
    assert ">1<" in fresh and "load delay" not in fresh
    assert todo_glance(scope=street, today=clock.today(), top=5)[0] == 1
