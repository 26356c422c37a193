"""Star levels from cumulative hours, the volunteer page and the ranking.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from laoshan_portal.kept import forget
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory
from tests.factories.volunteering import (
    ServiceActivityFactory,
    ServiceRecordFactory,
    TeamFactory,
    TeamMemberFactory,
)
from volunteering.stars import next_threshold, star_level


@pytest.mark.parametrize(
    ("hours", "stars"),
    [(0, 0), (Decimal("99.5"), 0), (100, 1), (299, 1), (300, 2), (599, 2), (600, 3),
     (999, 3), (1000, 4), (Decimal("1499.9"), 4), (1500, 5), (9999, 5)],
)  # fmt: skip
def test_it_gives_stars_at_the_national_thresholds(hours: Any, stars: int) -> None:
    assert star_level(hours) == stars


def test_it_reads_the_thresholds_from_the_settings(settings: Any) -> None:
    settings.VOLUNTEER_STAR_THRESHOLDS = (10, 20, 30)
    assert star_level(Decimal("9.5")) == 0
    assert star_level(20) == 2
    assert star_level(1500) == 3
    assert next_threshold(25) == 30 and next_threshold(30) is None


def _hours_over_days(team: Any, cadre: Any, total: int, start: date) -> None:
    """``total`` hours as 10-hour days, one activity each."""
    for index in range(total // 10):
        activity = ServiceActivityFactory(
            team=team, date=start + timedelta(days=index), title=f"活动{index}"
        )
        ServiceRecordFactory(activity=activity, cadre=cadre, hours=Decimal("10"))


def test_it_shows_a_volunteer_s_hours_and_stars(clients: Any, tree: Any) -> None:
    team = TeamFactory(area=tree.ruidu)
    cadre = CadreFactory(area=tree.ruidu, name="于通海")
    today = timezone.localdate()
    _hours_over_days(team, cadre, 300, date(today.year - 1, 1, 1))
    _hours_over_days(team, cadre, 20, date(today.year, 1, 1))
    url = reverse("volunteering:volunteer_detail", args=[cadre.pk])
    response = clients["viewer"].get(url)
    assert response.status_code == 200
    hours = response.context["hours"]
    assert (hours.total, hours.this_year, hours.stars) == (320, 20, 2)
    assert "★★" in response.content.decode() and "600" in response.content.decode()
    assert clients["secretary_b"].get(url).status_code == 404


def test_it_ranks_the_volunteers_of_the_scope(clients: Any, tree: Any) -> None:
    today = timezone.localdate()
    ruidu = TeamFactory(area=tree.ruidu, cadre_members=0, residents=1)
    wushan = TeamFactory(area=tree.wushan)
    first, second, far = (
        CadreFactory(area=tree.ruidu, name="甲"),
        CadreFactory(area=tree.ruidu, name="乙"),
        CadreFactory(area=tree.wushan, name="丙"),
    )
    activity = ServiceActivityFactory(team=ruidu, date=today, title="活动")
    ServiceRecordFactory(activity=activity, cadre=first, hours=Decimal("5"))
    ServiceRecordFactory(activity=activity, cadre=second, hours=Decimal("3"))
    resident = ruidu.members.get()
    ServiceRecordFactory(activity=activity, member=resident, hours=4)
    another = ServiceActivityFactory(team=ruidu, date=today, title="又一次活动")
    ServiceRecordFactory(activity=another, cadre=first, hours=Decimal("2"))
    declined = ServiceActivityFactory(team=ruidu, date=today, title="未认定")
    ServiceRecordFactory(
        activity=declined, cadre=first, hours=Decimal("8"), status="declined", decline_reason="重复"
    )
    old = ServiceActivityFactory(team=ruidu, date=date(today.year - 1, 6, 1), title="旧")
    ServiceRecordFactory(
        activity=old, cadre=second, hours=Decimal("20")
    )  # outside the default period: this year
    ServiceRecordFactory(
        activity=ServiceActivityFactory(team=wushan, date=today, title="午山"),
        cadre=far,
        hours=Decimal("9"),
    )
    url = reverse("volunteering:ranking")
    rows = clients["secretary_a"].get(url).context["rows"]
    assert [(r.name, r.hours, r.activities) for r in rows] == [
        ("甲", 7, 2),
        ("居民0", 4, 1),
        ("乙", 3, 1),
    ]  # accepted records only, one per activity
    assert rows[2].total_hours == 23  # the stars count every accepted hour
    rows = clients["district_admin"].get(url).context["rows"]
    assert [r.name for r in rows][0] == "丙"
    last_year = {"date_from": f"{today.year - 1}-01-01", "date_to": f"{today.year - 1}-12-31"}
    rows = clients["district_admin"].get(url, last_year).context["rows"]
    assert [(r.name, r.hours) for r in rows] == [("乙", 20)]


def test_it_keeps_the_ranking_query_budget(
    tree: Any, roles: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(roles.district_admin)
    team = TeamFactory(area=tree.ruidu, cadre_members=2, residents=1)
    today = timezone.localdate()

    def grow(n: int) -> None:
        for index in range(n):
            activity = ServiceActivityFactory(team=team, date=today, title=f"活动{index}")
            for member in team.members.all():
                ServiceRecordFactory(
                    activity=activity,
                    cadre=member.cadre,
                    member=None if member.cadre else member,
                    hours=1,
                )
            TeamMemberFactory(team=team)

    grow(2)
    url = reverse("volunteering:ranking")
    # the account with its area, its permissions; hours per cadre and per resident;
    # all-time totals of those cadres and of those residents; the period's totals; areas
    # of the filter. Counted afresh each time: nothing kept from the request before (the
    # session alone comes from the cache).
    client.get(url)
    for more in (0, 10):
        grow(more)
        forget()
        with django_assert_num_queries(8):
            assert client.get(url).status_code == 200


def test_the_ranking_is_kept_until_hours_change(
    tree: Any, roles: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(roles.district_admin)
    team = TeamFactory(area=tree.ruidu, cadre_members=0)
    cadre = CadreFactory(area=tree.ruidu, name="于通海")
    today = timezone.localdate()
    activity = ServiceActivityFactory(team=team, date=today, title="文明劝导")
    ServiceRecordFactory(activity=activity, cadre=cadre, hours=Decimal("5"))
    url = reverse("volunteering:ranking")
    assert [(r.name, r.hours) for r in client.get(url).context["rows"]] == [("于通海", 5)]
    with django_assert_max_num_queries(3):  # no hours counted
        again = client.get(url)
    assert [(r.name, r.hours) for r in again.context["rows"]] == [("于通海", 5)]

    later = ServiceActivityFactory(team=team, date=today, title="义诊")
    ServiceRecordFactory(activity=later, cadre=cadre, hours=Decimal("2.5"))
    rows = client.get(url).context["rows"]
    assert [(r.name, r.hours, r.activities) for r in rows] == [("于通海", Decimal("7.5"), 2)]
    cadre.name = "于海"
    cadre.save()
    assert [r.name for r in client.get(url).context["rows"]] == ["于海"]
