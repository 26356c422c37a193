"""The care figures kept by area (``laoshan_portal.kept_parts``): a change works out the
part of the area it touched, and the pages show the same as working out everyone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from cadres.models import Cadre
from care.coverage import counted_by_area
from care.models import CarePlan, Visit
from care.selectors import PLANS_TOPIC, due_visits, living_people, plan_coverage
from laoshan_portal.accounts.selectors import scope_areas
from laoshan_portal.kept_parts import kept_by_area
from laoshan_portal.scoping import Scope
from laoshan_portal.signals import bulk_change
from tests.care_people import person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 4)


class PeopleCounted:
    """A figure kept by area (how many people live in each), noting which areas' parts
    it had to work out."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.asked: list[set[int]] = []

    def __call__(self) -> int:
        ids = [pk for pk, _path in scope_areas(scope=self.scope)]
        return kept_by_area(PLANS_TOPIC, "test-people", ids, self.work_out, sum)

    def work_out(self, ids: list[int]) -> dict[int, int]:
        self.asked.append(set(ids))
        people = living_people(scope=self.scope, areas=ids).values_list("area_id", flat=True)
        found = dict.fromkeys(ids, 0)
        for area_id in people:
            found[area_id] += 1
        return found


def test_a_change_works_out_the_part_of_its_area_only(tree: Any) -> None:
    district = Scope(tree.laoshan, "admin")
    counted = PeopleCounted(district)
    a = person(tree.qiantaiju, "甲")
    person(tree.wushan, "乙")
    everywhere = {pk for pk, _path in scope_areas(scope=district)}
    assert counted() == 2 and counted.asked == [everywhere]
    assert counted() == 2 and len(counted.asked) == 1  # kept: nothing worked out
    Visit.objects.create(area=a.area, cadre=a, date=TODAY, kind=Visit.Kind.ROUTINE)
    assert counted() == 2 and counted.asked[-1] == {tree.qiantaiju.pk}
    person(tree.miaoling, "丙")
    assert counted() == 3 and counted.asked[-1] == {tree.miaoling.pk}
    a.area = tree.wushan  # moved: both areas' parts
    a.save()
    assert counted() == 3 and counted.asked[-1] == {tree.qiantaiju.pk, tree.wushan.pk}
    Visit.objects.filter(cadre=a).delete()  # its person's area now
    assert counted() == 3 and counted.asked[-1] == {tree.wushan.pk}
    a.delete()
    assert counted() == 2 and counted.asked[-1] == {tree.wushan.pk}
    CarePlan.objects.create(area=tree.ruidu, half_decades=True)  # a plan: every area's
    assert counted() == 2 and counted.asked[-1] == everywhere
    bulk_change.send(sender=Cadre)  # a bulk write: every area's
    assert counted() == 2 and counted.asked[-1] == everywhere


@pytest.mark.clock("2026-12-04T10:00+08:00")
def test_the_plans_page_shows_what_working_out_everyone_shows_at_every_level(
    tree: Any, roles: Any
) -> None:
    """Coverage rows and the people not yet visited, for the district, a street chosen
    by the district and the street's own staff (whose rows are the same areas' without
    the street's own row), before and after a visit is logged."""
    alone = person(tree.qiantaiju, "独居", living_arrangement=Cadre.Living.ALONE)
    person(tree.jinjialing, "街道直属", hardship=True)  # lives at the street itself
    person(tree.wushan, "午山", hardship=True)
    person(tree.miaoling, "苗岭", hardship=True)
    district, street = Scope(tree.laoshan, "admin"), Scope(tree.jinjialing, "street_staff")
    admin, staff = client_for(roles.district_admin), client_for(roles.street_staff)
    views = [
        (admin, {}, district, None),
        (admin, {"area": tree.jinjialing.pk}, district, tree.jinjialing),
        (staff, {}, street, None),
        (admin, {"plan": Visit.Kind.SPRING_FESTIVAL}, district, None),
    ]

    def check() -> None:
        for client, query, scope, area in views:
            page = client.get(reverse("care:coverage"), query).context
            rows, missing = plan_coverage(
                scope=scope, today=TODAY, area=area, plan=query.get("plan", "")
            )
            assert page["rows"] == rows, query
            assert list(page["page"]) == missing and page["page"].paginator.count == len(missing)

    check()
    own_rows = [
        row.name for row in admin.get(reverse("care:coverage"), views[1][1]).context["rows"]
    ]
    assert own_rows[-1] == "金家岭街道"  # the street's own people, in a row of their own
    assert "金家岭街道" not in [
        row.name for row in staff.get(reverse("care:coverage")).context["rows"]
    ]
    Visit.objects.create(area=alone.area, cadre=alone, date=TODAY, kind=Visit.Kind.ROUTINE)
    check()


@pytest.mark.clock("2026-12-04T10:00+08:00")
def test_a_person_who_moved_keeps_the_visits_paid_before(tree: Any) -> None:
    """A visit settles the person's plan wherever it was logged: in the to-do list, the
    plans page and the dashboard's coverage alike."""
    moved = person(tree.qiantaiju, "搬家", living_arrangement=Cadre.Living.ALONE)
    Visit.objects.create(area=tree.qiantaiju, cadre=moved, date=TODAY, kind=Visit.Kind.ROUTINE)
    moved.area = tree.wushan
    moved.save()
    for scope in (Scope(tree.laoshan, "admin"), Scope(tree.zhonghan, "street_staff")):
        assert not any(
            item.cadre.pk == moved.pk and item.plan == "monthly"
            for item in due_visits(scope, TODAY)
        )
        rows, _missing = plan_coverage(scope=scope, today=TODAY, area=tree.zhonghan)
        counted = counted_by_area(scope=scope, today=TODAY, area=tree.zhonghan)
        assert sum(row.done for row in rows) == sum(count.paid for count in counted) >= 1
