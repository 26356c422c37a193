"""Visit plans: the lunar festivals' dates, the visits due on a day, coverage counted by
hand, an area's own plan, and birthdays."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from cadres.models import Cadre
from care.festivals import double_ninth, spring_festival
from care.models import CarePlan, Visit
from care.plans import MONTHLY
from care.selectors import birthdays_between, due_visits, plan_coverage, plan_status
from laoshan_portal.pages import paged
from laoshan_portal.scoping import Scope
from tests.care_people import person
from tests.conftest import client_for

TODAY = date(2026, 12, 4)
SPRING = {2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3)}
DOUBLE_NINTH = {2026: (10, 18), 2027: (10, 8), 2028: (10, 26), 2029: (10, 16), 2030: (10, 5)}


@pytest.mark.parametrize("year", range(2026, 2031))
def test_the_festivals_follow_the_lunar_calendar(year: int) -> None:
    assert spring_festival(year) == date(year, *SPRING[year])
    assert double_ninth(year) == date(year, *DOUBLE_NINTH[year])


def visit(cadre: Cadre, day: date, kind: str = Visit.Kind.ROUTINE) -> Visit:
    return Visit.objects.create(area=cadre.area, cadre=cadre, date=day, kind=kind)


def test_monthly_visits_for_people_living_alone(tree: Any) -> None:
    scope = Scope(tree.ruidu, "secretary")
    alone = {"living_arrangement": Cadre.Living.ALONE}
    fresh = person(tree.qiantaiju, "甲", **alone)
    late = person(tree.qiantaiju, "乙", **alone)
    never = person(tree.qiantaiju, "丙", **alone)
    visit(fresh, date(2026, 11, 20))
    visit(late, date(2026, 10, 20))
    due = {item.cadre.name: item for item in due_visits(scope, TODAY) if item.plan == MONTHLY}
    assert set(due) == {"乙", "丙"}
    assert (due["乙"].due, due["乙"].overdue_days) == (date(2026, 11, 20), 14)
    assert (due["丙"].due, due["丙"].overdue_days) == (date(2026, 12, 1), 3)
    assert [item.cadre.pk for item in due_visits(scope, TODAY)][0] == late.pk  # most overdue first
    assert never.pk


@pytest.mark.clock("2027-01-20T10:00+08:00")
def test_the_spring_festival_sweep_is_due_before_the_festival(tree: Any) -> None:
    scope = Scope(tree.ruidu, "secretary")
    done = person(tree.qiantaiju, "甲", hardship=True)
    person(tree.qiantaiju, "乙", hardship=True)
    person(tree.qiantaiju, "丙")  # not on the care list
    visit(done, date(2027, 1, 15), Visit.Kind.SPRING_FESTIVAL)
    items = [i for i in plan_status(scope=scope, today=date(2027, 1, 20)) if i.plan != MONTHLY]
    assert {(i.cadre.name, i.due, i.done) for i in items} == {
        ("甲", date(2027, 2, 6), True),
        ("乙", date(2027, 2, 6), False),
    }


@pytest.mark.clock("2026-12-04T10:00+08:00")  # the visits below are dated around TODAY
def test_coverage_counted_by_hand(tree: Any, roles: Any) -> None:
    """At 2026-12-04 this year's sweeps are 春节 (2-17) and 重阳 (10-18) for everyone on
    the care list, plus monthly visits for those living alone.

    千泰居 (瑞都): 甲 alone, visited 11-20 and at 重阳 → monthly done, 重阳 done, 春节 not;
    乙 in hardship, visited at 春节 → 春节 done, 重阳 not. 5 due, 3 done.
    午山: 丙 in hardship, never visited → 2 due, 0 done.
    """
    a = person(tree.qiantaiju, "甲", living_arrangement=Cadre.Living.ALONE)
    b = person(tree.qiantaiju, "乙", hardship=True)
    c = person(tree.wushan, "丙", hardship=True)
    visit(a, date(2026, 11, 20))
    visit(a, date(2026, 10, 10), Visit.Kind.DOUBLE_NINTH)
    visit(b, date(2026, 2, 10), Visit.Kind.SPRING_FESTIVAL)
    district = Scope(tree.laoshan, "admin")
    rows, missing = plan_coverage(scope=district, today=TODAY, area=None)
    by_name = {row.name: (row.due, row.done) for row in rows}
    assert by_name["金家岭街道"] == (5, 3)
    assert by_name["中韩街道"] == (2, 0)
    assert {(i.cadre.name, i.plan) for i in missing} == {
        ("甲", Visit.Kind.SPRING_FESTIVAL),
        ("乙", Visit.Kind.DOUBLE_NINTH),
        ("丙", Visit.Kind.SPRING_FESTIVAL),
        ("丙", Visit.Kind.DOUBLE_NINTH),
    }
    street_rows, _missing = plan_coverage(
        scope=district, today=TODAY, area=tree.jinjialing, plan=Visit.Kind.DOUBLE_NINTH
    )
    assert {row.name: (row.due, row.done) for row in street_rows}["瑞都社区"] == (2, 1)
    page = client_for(roles.district_admin).get(reverse("care:coverage"))
    assert [(r.name, r.due, r.done) for r in page.context["rows"]][:2] == [
        ("中韩街道", 2, 0),
        ("金家岭街道", 5, 3),
    ]
    secretary = client_for(roles.secretary_b).get(reverse("care:coverage"))
    assert {i.cadre.name for i in secretary.context["page"]} == {"丙"}
    assert c.pk


@pytest.mark.clock("2026-12-04T10:00+08:00")
def test_the_plans_page_keeps_its_first_pages_of_people_not_yet_visited(
    tree: Any, roles: Any, monkeypatch: Any
) -> None:
    """The people not yet visited, a page at a time: the kept first ones and those past
    them in the same order as all of them sorted; a visit logged shows at once."""
    monkeypatch.setattr("care.selectors.KEPT_MISSING", 3)
    monkeypatch.setattr(paged, "__defaults__", (2,))  # two to a page
    people = [person(tree.qiantaiju, f"困难{index}", hardship=True) for index in range(3)]
    district = Scope(tree.laoshan, "admin")
    _rows, missing = plan_coverage(scope=district, today=TODAY, area=None)
    assert len(missing) == 6  # 春节 and 重阳 for each
    client = client_for(roles.district_admin)
    pages = [client.get(reverse("care:coverage"), {"page": n}).context["page"] for n in (1, 2, 3)]
    assert [list(page) for page in pages] == [missing[0:2], missing[2:4], missing[4:6]]
    assert pages[0].paginator.count == 6
    visit(people[1], date(2026, 10, 10), Visit.Kind.DOUBLE_NINTH)
    page = client.get(reverse("care:coverage")).context
    assert page["page"].paginator.count == 5
    assert [(r.name, r.due, r.done) for r in page["rows"]][1] == ("金家岭街道", 6, 1)


def test_an_area_plan_adds_birthdays_at_85_and_drops_monthly_visits(tree: Any, roles: Any) -> None:
    scope = Scope(tree.ruidu, "secretary")
    person(tree.qiantaiju, "甲", born=date(1941, 12, 10), living_arrangement=Cadre.Living.ALONE)
    plans = {i.plan for i in due_visits(scope, TODAY)}
    assert plans == {MONTHLY}
    response = client_for(roles.secretary_a).post(
        reverse("care:plan_edit", args=[tree.ruidu.pk]),
        {"festivals": "on", "half_decades": "on"},
    )
    assert response.status_code == 302
    assert CarePlan.objects.get(area=tree.ruidu).half_decades
    items = due_visits(scope, TODAY)
    assert [(i.plan, i.due) for i in items] == [(Visit.Kind.BIRTHDAY, date(2026, 12, 10))]


def test_birthdays_between_two_days(tree: Any) -> None:
    scope = Scope(tree.jinjialing, "street_staff")
    person(tree.qiantaiju, "甲", born=date(1946, 12, 6))
    person(tree.miaoling, "乙", born=date(1956, 12, 31))
    person(tree.qiantaiju, "丙", born=date(1956, 11, 30))
    person(tree.wushan, "丁", born=date(1946, 12, 6))  # another street
    found = birthdays_between(scope, date(2026, 12, 1), date(2026, 12, 31))
    assert [(b.cadre.name, b.day, b.age, b.community) for b in found] == [
        ("甲", date(2026, 12, 6), 80, "瑞都社区"),
        ("乙", date(2026, 12, 31), 70, "苗岭社区"),
    ]
    across = birthdays_between(scope, date(2026, 11, 28), date(2027, 1, 2))
    assert [b.cadre.name for b in across] == ["丙", "甲", "乙"]


def test_birthdays_of_a_week_leave_out_the_rest_of_the_month(tree: Any) -> None:
    scope = Scope(tree.jinjialing, "street_staff")
    person(tree.qiantaiju, "甲", born=date(1946, 12, 6))
    person(tree.qiantaiju, "乙", born=date(1946, 12, 8))
    person(tree.qiantaiju, "丙", born=date(1946, 12, 5))
    week = birthdays_between(scope, date(2026, 12, 6), date(2026, 12, 12))
    assert [b.cadre.name for b in week] == ["甲", "乙"]
    new_year = birthdays_between(scope, date(2026, 12, 28), date(2027, 1, 3))
    assert new_year == []
    person(tree.qiantaiju, "丁", born=date(1947, 1, 2))
    person(tree.qiantaiju, "戊", born=date(1946, 12, 29))
    new_year = birthdays_between(scope, date(2026, 12, 28), date(2027, 1, 3))
    assert [(b.cadre.name, b.age) for b in new_year] == [("戊", 80), ("丁", 80)]
    everyone = birthdays_between(scope, date(2026, 1, 1), date(2027, 1, 5))
    assert [b.cadre.name for b in everyone] == ["丁", "丙", "甲", "乙", "戊", "丁"]


def test_a_29_february_birthday_is_kept_on_the_28th(tree: Any) -> None:
    scope = Scope(tree.jinjialing, "street_staff")
    person(tree.qiantaiju, "甲", born=date(1948, 2, 29))
    assert [b.day for b in birthdays_between(scope, date(2027, 2, 22), date(2027, 2, 28))] == [
        date(2027, 2, 28)
    ]
    assert birthdays_between(scope, date(2027, 3, 1), date(2027, 3, 7)) == []
    leap = birthdays_between(scope, date(2028, 2, 23), date(2028, 2, 29))
    assert [(b.day, b.age) for b in leap] == [(date(2028, 2, 29), 80)]
