"""Care visits on the to-do list: a visit the plans ask for shows until it is paid."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cadres.models import Cadre
from care.models import Visit
from care.services import visit_create
from laoshan_portal import clock
from laoshan_portal.scoping import Scope
from tests.factories.cadres import CadreFactory
from todo.items import Kind
from todo.selectors import todo_items

pytestmark = pytest.mark.django_db


def _care_items(scope: Scope) -> list[Any]:
    return [
        item
        for item in todo_items(scope=scope, today=clock.today())
        if item.kind == Kind.CARE_VISIT
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
