"""The workrooms demo: the article's workrooms, cluster and deliberation, idempotent.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Count
from django.utils import timezone

from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope
from tests.demo_world import Demo, laoshan_demo  # noqa: F401 - a fixture
from workrooms import demo
from workrooms.models import (
    Activity,
    Agreement,
    AgreementItem,
    Cluster,
    FollowUp,
    Mechanism,
    Meeting,
    Workroom,
)
from workrooms.selectors import deliberation_figures

MODELS = (Workroom, Cluster, Activity, Mechanism, Meeting, FollowUp, Agreement, AgreementItem)


pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(laoshan_demo: Demo) -> dict[str, int]:  # noqa: F811 - the fixture's name
    return laoshan_demo.made["workrooms"]


def test_it_seeds_the_article_s_workrooms_and_deliberation_once(seeded: dict[str, int]) -> None:
    # One seeding (the registry takes seconds) for every check below.
    _eight_workrooms_two_of_them_demonstration(seeded)
    _about_three_recent_activities_per_workroom(seeded)
    _a_cluster_in_jinjialing_with_joint_activities()
    _the_deliberation_of_kangcheng()
    _a_second_run_changes_nothing()


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def _eight_workrooms_two_of_them_demonstration(seeded: dict[str, int]) -> None:
    assert Workroom.objects.count() == 8 and seeded["workrooms"] == 8
    shown = Workroom.objects.filter(is_demonstration=True).select_related("area", "lead")
    assert {(w.name, w.lead.name) for w in shown} == {
        ("于通海老党员工作室", "于通海"),
        ("谭俊龄老党员工作室", "谭俊龄"),
    }
    yu = shown.get(lead__name="于通海")
    tan = shown.get(lead__name="谭俊龄")
    assert yu.area.name == "康城小区"
    assert tan.area == tan.lead.area  # in his own compound
    streets = {w.area.path.split("/")[2] for w in Workroom.objects.select_related("area")}
    assert len(streets) >= 4
    assert all(w.lead in w.members.all() for w in Workroom.objects.all())


def _about_three_recent_activities_per_workroom(seeded: dict[str, int]) -> None:
    # Three in each workroom and the cluster's two joint ones; the demo retirees (the
    # retirees app) add their lectures to their own workrooms.
    assert seeded["activities"] == 3 * 8 + 2
    per_workroom = Workroom.objects.annotate(n=Count("activities"))
    assert all(w.n >= 3 for w in per_workroom)
    today = timezone.localdate()
    assert all(0 < (today - a.date).days < 120 for a in Activity.objects.all())
    assert Activity.objects.filter(participant_links__isnull=False).distinct().count() > 20


def _a_cluster_in_jinjialing_with_joint_activities() -> None:
    cluster = Cluster.objects.get()
    assert cluster.area.name == "金家岭街道"
    assert cluster.workrooms.count() == 4
    assert all(w.area.is_within(cluster.area) for w in cluster.workrooms.all())
    joint = Activity.objects.filter(cluster=cluster)
    assert joint.count() == 2 and all(a.joint_workrooms.count() == 4 for a in joint)


def _the_deliberation_of_kangcheng() -> None:
    kangcheng = Area.objects.get(name="康城小区")
    monday = Mechanism.objects.get(kind="monday_night")
    assert monday.name == "周一夜话" and monday.area == kangcheng
    assert monday.host_workroom.name == "于通海老党员工作室"
    assert monday.meetings.count() >= 3
    half = Mechanism.objects.get(kind="half_monthly")
    assert "雍州物业" in half.parties
    agreement = Agreement.objects.get(item_count=82)
    assert agreement.money_recovered == Decimal("500000.00")
    assert "阳光账户" in agreement.money_destination and agreement.mechanism == half
    figures = deliberation_figures(scope=Scope(area=Area.objects.get(name="崂山区")))
    assert figures["agreement_items"] == 82
    assert figures["money_recovered"] == Decimal("500000.00")
    assert figures["follow_ups_open"] > 0 and figures["follow_ups_done"] > 0


def _a_second_run_changes_nothing() -> None:
    before = _counts()
    again = demo.seed()
    assert _counts() == before
    assert set(again.values()) == {0}
