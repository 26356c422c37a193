"""The plan coverage figure is kept between readers (counting it walks every plan item
of a district) and is never older than the last change to what it counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cadres.models import Cadre
from care.coverage import area_coverage
from care.models import Visit
from laoshan_portal.scoping import Scope
from tests.care_people import person

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-12-04T10:00+08:00")]
DAY = date(2026, 12, 4)


def coverage(tree: Any) -> tuple[int, int]:
    found = area_coverage(scope=Scope(area=tree.jinjialing), area=tree.jinjialing, day=DAY)
    return found.due, found.done


def test_a_visit_logged_shows_at_once(tree: Any, django_assert_max_num_queries: Any) -> None:
    alone = person(tree.qiantaiju, "甲", living_arrangement=Cadre.Living.ALONE)
    due, done = coverage(tree)
    assert due > 0 and done == 0
    with django_assert_max_num_queries(0):  # kept: the second reader counts nothing
        assert coverage(tree) == (due, done)
    Visit.objects.create(area=alone.area, cadre=alone, date=DAY, kind=Visit.Kind.ROUTINE)
    assert coverage(tree) == (due, 1)


def test_a_death_on_the_registry_shows_at_once(tree: Any) -> None:
    alone = person(tree.qiantaiju, "甲", living_arrangement=Cadre.Living.ALONE)
    due, _done = coverage(tree)
    alone.status, alone.deceased_on = Cadre.Status.DECEASED, DAY
    alone.save()
    assert coverage(tree)[0] < due
