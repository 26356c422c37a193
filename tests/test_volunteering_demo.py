"""The volunteering demo: the article's figures, varied star levels, and idempotent."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Sum

from tests.demo_world import Demo, laoshan_demo  # noqa: F401 - a fixture
from volunteering import demo
from volunteering.models import Certificate, ServiceActivity, ServiceRecord, Team, TeamMember
from volunteering.stars import star_level

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(laoshan_demo: Demo) -> dict[str, int]:  # noqa: F811 - the fixture's name
    return laoshan_demo.made["volunteering"]


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Team, TeamMember, ServiceActivity, ServiceRecord, Certificate)
    )


def test_it_seeds_the_article_s_teams_and_changes_nothing_the_second_time(
    seeded: dict[str, int],
) -> None:
    volunteer = Team.objects.filter(kind=Team.Kind.VOLUNTEER)
    assert volunteer.count() == 35
    assert all(team.leader_id for team in volunteer)
    assert {"山海夕阳红", "银龄先锋"} <= set(volunteer.values_list("brand", flat=True))
    streets = {team.area.path.split("/")[2] for team in volunteer.select_related("area")}
    assert len(streets) == 5
    volunteers = TeamMember.objects.filter(team__kind="volunteer", cadre__isnull=False)
    assert volunteers.values("cadre").distinct().count() >= 300
    assert Team.objects.filter(kind=Team.Kind.MEDIATION).count() >= 10
    lecture = Team.objects.get(kind=Team.Kind.LECTURE, name="崂山区红色宣讲队")
    assert lecture.members.filter(cadre__name="钟昭群").exists()
    before = _counts()
    again = demo.seed()
    assert set(again.values()) == {0}
    assert _counts() == before


def test_it_gives_the_volunteers_every_star_level(seeded: dict[str, int]) -> None:
    totals = ServiceRecord.objects.filter(cadre__isnull=False).values("cadre")
    levels = Counter(star_level(row["hours"]) for row in totals.annotate(hours=Sum("hours")))
    assert set(levels) == {0, 1, 2, 3, 4, 5}
    per_day = ServiceRecord.objects.filter(cadre__isnull=False).values("cadre", "date")
    assert max(row["hours"] for row in per_day.annotate(hours=Sum("hours"))) <= 24
