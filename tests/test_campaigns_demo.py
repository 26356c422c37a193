"""The campaigns' demo carries the article's numbers, spread over the year up to the run's
day, and changes nothing when run again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns import demo as campaigns_demo
from campaigns.models import CampaignActivity
from campaigns.selectors import campaign_figures
from laoshan_portal.scoping import Scope
from tests.demo_world import Demo, laoshan_demo  # noqa: F401 - a fixture

EVERYTHING = Scope(area=None, unrestricted=True)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("laoshan_demo")]


def test_the_demo_carries_the_articles_figures() -> None:
    figures = campaign_figures(scope=EVERYTHING)
    assert figures["units"] == 40
    assert figures["audience"] >= 5400
    top = figures["lecturers"][0]
    assert top["name"] == "钟昭群" and top["talks"] >= 20
    assert all(row["activities"] > 0 for row in figures["campaigns"])
    programmes = set(CampaignActivity.objects.values_list("programme", flat=True))
    assert {"first_button", "law_first", "big_hands"} <= programmes
    topics = " ".join(CampaignActivity.objects.values_list("topic", flat=True))
    for story in ("碑心石", "王佳文烈士", "台柳路", "城市更新", "乡村振兴", "老旧小区改造"):
        assert story in topics
    dates = CampaignActivity.objects.values_list("date", flat=True)
    today = timezone.localdate()
    assert min(dates) >= today - timedelta(days=366) and max(dates) <= today
    assert max(dates) - min(dates) > timedelta(days=300)  # spread over the year


def test_the_demo_changes_nothing_when_run_again(laoshan_demo: Demo) -> None:  # noqa: F811
    assert laoshan_demo.made["campaigns"]["lectures"] >= 40
    before = list(CampaignActivity.objects.order_by("pk").values_list("pk", "title", "date"))
    again = campaigns_demo.seed()
    assert set(again.values()) == {0}
    assert list(CampaignActivity.objects.order_by("pk").values_list("pk", "title", "date")) == (
        before
    )
