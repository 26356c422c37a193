"""The campaigns' figures for dashboards (the demo's: tests/test_campaigns_demo.py).

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.selectors import campaign_figures
from laoshan_portal.scoping import Scope
from tests.factories.cadres import CadreFactory
from tests.factories.campaigns import CampaignActivityFactory

EVERYTHING = Scope(area=None, unrestricted=True)


def _lecture(area: Any, lecturer: Any, unit: str, audience: int, day: date) -> None:
    CampaignActivityFactory(
        area=area,
        campaign_id="red_heritage",
        lecturer=lecturer,
        topic="碑心石",
        venue_type="school",
        unit=unit,
        people_reached=audience,
        theme="",
        date=day,
    )


def test_it_counts_lectures_units_audience_and_talks(tree: Any) -> None:
    zhong = CadreFactory(area=tree.wushan, name="钟昭群")
    han = CadreFactory(area=tree.ruidu, name="韩卫")
    _lecture(tree.ruidu, zhong, "午山小学", 100, date(2024, 3, 1))
    _lecture(tree.ruidu, zhong, "午山小学", 50, date(2024, 4, 1))  # same unit again
    _lecture(tree.wushan, zhong, "中韩小学", 80, date(2024, 5, 1))
    _lecture(tree.wushan, han, "海尔集团", 30, date(2024, 5, 2))
    _lecture(tree.tuandao, han, "团岛小学", 999, date(2024, 5, 3))  # another district
    CampaignActivityFactory(area=tree.ruidu, date=date(2024, 4, 2))  # a customs activity
    laoshan = Scope(area=tree.laoshan, role="admin")

    figures = campaign_figures(scope=laoshan)
    assert (figures["lectures"], figures["units"], figures["audience"]) == (4, 3, 260)
    assert figures["lecturers"][0] == {"cadre_id": zhong.pk, "name": "钟昭群", "talks": 3}
    assert figures["lecturers"][1]["talks"] == 1
    by_code = {row["code"]: row["activities"] for row in figures["campaigns"]}
    assert by_code == {"red_heritage": 4, "social_governance": 0, "volunteer_backbone": 0,
                       "youth": 0, "civilised_customs": 1}  # fmt: skip
    assert figures["activities"] == 5
    assert figures["customs_people_reached"] == 80

    april = campaign_figures(scope=laoshan, start=date(2024, 4, 1), end=date(2024, 4, 30))
    assert (april["lectures"], april["audience"], april["activities"]) == (1, 50, 2)
    ruidu = campaign_figures(scope=Scope(area=tree.ruidu, role="secretary"))
    assert (ruidu["lectures"], ruidu["units"], ruidu["audience"]) == (2, 1, 150)
    assert campaign_figures(scope=Scope(area=None))["activities"] == 0


def test_it_reads_the_figures_in_two_queries_whatever_the_size(tree: Any) -> None:
    """The aggregate over the activities, and the talks per lecturer."""
    for size in (3, 40):
        for i in range(size):
            lecturer = CadreFactory(area=tree.ruidu)
            _lecture(tree.ruidu, lecturer, f"单位{size}-{i}", 10, date(2024, 1, 1))
        with CaptureQueriesContext(connection) as queries:
            campaign_figures(scope=EVERYTHING, start=date(2023, 1, 1))
        assert len(queries) == 2
