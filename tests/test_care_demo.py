"""The care demo: a plausible care list in every community, a year of visits, this year's
festival sweeps partly done, overdue visits for the demo secretaries; idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from cadres.models import Cadre
from care import demo
from care.models import Visit
from care.selectors import care_people, due_visits, plan_coverage
from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope
from tests.conftest import DEFAULT_CLOCK
from tests.demo_world import Demo, laoshan_demo  # noqa: F401 - a fixture

# The demo's care work lies around the day the tests live at: a year of visits up to it.
pytestmark = [pytest.mark.django_db, pytest.mark.clock(DEFAULT_CLOCK)]


@pytest.fixture
def seeded(laoshan_demo: Demo) -> dict[str, int]:  # noqa: F811 - the fixture's name
    return laoshan_demo.made["care"]


def test_every_community_has_a_plausible_care_list(seeded: Any) -> None:
    """About a tenth of the district; a community of 18 cadres may have one or two more
    or fewer than its share."""
    today = clock.today()
    total = listed_total = 0
    for community in Area.objects.filter(level=Area.Level.COMMUNITY):
        scope = Scope(community, "secretary")
        everyone = scope.filter(Cadre.objects.filter(status="active"), "area").count()
        listed = care_people(scope=scope, today=today).count()
        assert 0.05 * everyone <= listed <= 0.25 * everyone, (community.name, listed, everyone)
        total += everyone
        listed_total += listed
    assert 0.08 * total <= listed_total <= 0.15 * total


def test_a_year_of_visits_with_sweeps_partly_done_and_work_overdue(seeded: Any) -> None:
    today = clock.today()
    visits = Visit.objects.all()
    assert visits.filter(date__lt=today.replace(day=1)).exists()
    assert visits.filter(kind=Visit.Kind.SPRING_FESTIVAL).exists()
    assert visits.filter(kind=Visit.Kind.DOUBLE_NINTH).exists()
    district = Scope(Area.objects.get(name="崂山区"), "admin")
    rows, _missing = plan_coverage(
        scope=district, today=today, area=None, plan=Visit.Kind.DOUBLE_NINTH
    )
    due, done = sum(r.due for r in rows), sum(r.done for r in rows)
    assert 0 < done < due
    for name in ("瑞都社区", "午山社区"):
        scope = Scope(Area.objects.get(name=name), "secretary")
        assert sum(1 for item in due_visits(scope, today) if item.overdue_days) >= 2, name


def test_a_second_run_changes_nothing(seeded: Any) -> None:
    before = Visit.objects.count()
    assert demo.seed()["visits"] == 0
    assert Visit.objects.count() == before
