"""A small world of October 2026 with hand-counted figures, for the dashboard and reports."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cadres.models import Cadre, CheckIn, Need
from laoshan_portal.celery import app as celery_app
from reports.periods import Month
from tests.factories.cadres import CadreFactory, CheckInFactory
from tests.factories.campaigns import CampaignActivityFactory
from tests.factories.mediation import MediationCaseFactory
from tests.factories.volunteering import (
    ServiceActivityFactory,
    ServiceRecordFactory,
    TeamFactory,
    TeamMemberFactory,
)
from volunteering.models import ServiceActivity, ServiceRecord

OCTOBER = Month(2026, 10)
MONTHS = [Month(2026, 7), Month(2026, 8), Month(2026, 9), Month(2026, 10), Month(2026, 11)]
SHANGHAI = ZoneInfo("Asia/Shanghai")
LECTURE = {"topic": "红色家风", "venue_type": "school", "unit": "崂山区实验小学", "theme": ""}


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)


def cadres(area: Any, count: int, registered: date, **fields: Any) -> list[Cadre]:
    made = [CadreFactory(area=area, **fields) for _ in range(count)]
    Cadre.objects.filter(pk__in=[c.pk for c in made]).update(created_at=at(registered))
    return made


def hours(activity: ServiceActivity, value: str, **person: Any) -> ServiceRecord:
    return ServiceRecordFactory(
        activity=activity, date=activity.date, hours=Decimal(value), **person
    )


@pytest.fixture
def eager_tasks() -> Any:
    """Tasks run in the caller, as in the embedded default, even when a broker is set."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@dataclass
class World:
    expected: dict[str, dict[str, Any]]  # area code → figure key → value for October


def build(tree: Any) -> World:
    """Data in 瑞都 (金家岭), 午山 (中韩) and 团岛 (the other district), counted by hand."""
    c1, c2, c3 = cadres(tree.ruidu, 3, date(2026, 9, 1))
    cadres(tree.ruidu, 1, date(2026, 9, 1), status=Cadre.Status.DECEASED)
    cadres(tree.ruidu, 1, date(2026, 11, 5))  # registered after October
    (c4, c5) = cadres(tree.wushan, 2, date(2026, 1, 1))
    (other,) = cadres(tree.tuandao, 1, date(2026, 1, 1))

    ruidu_team = TeamFactory(area=tree.ruidu, name="山海夕阳红瑞都队", kind="volunteer")
    resident = TeamMemberFactory(team=ruidu_team, resident_name="居民甲")
    a1 = ServiceActivityFactory(team=ruidu_team, date=date(2026, 10, 10), title="清扫")
    a2 = ServiceActivityFactory(team=ruidu_team, date=date(2026, 10, 20), title="探访")
    hours(a1, "2", cadre=c1)
    hours(a1, "3", cadre=c2)
    hours(a2, "1.5", cadre=c1)
    hours(a2, "2", member=resident)
    declined = hours(a2, "10", cadre=c3)
    declined.status, declined.decline_reason = ServiceRecord.Status.DECLINED, "重复登记"
    declined.save()
    september = ServiceActivityFactory(team=ruidu_team, date=date(2026, 9, 15), title="义诊")
    hours(september, "5", cadre=c1)
    wushan_team = TeamFactory(area=tree.wushan, name="银龄先锋午山队", kind="volunteer")
    w1 = ServiceActivityFactory(team=wushan_team, date=date(2026, 10, 3), title="巡河")
    hours(w1, "4", cadre=c4)
    tuandao_team = TeamFactory(area=tree.tuandao, name="团岛队", kind="volunteer")
    t1 = ServiceActivityFactory(team=tuandao_team, date=date(2026, 10, 5), title="讲座")
    hours(t1, "7", cadre=other)

    MediationCaseFactory(
        area=tree.ruidu,
        received_on=date(2026, 10, 8),
        status="closed",
        outcome="success",
        agreement_kind="oral",
        closed_on=date(2026, 10, 15),
    )
    MediationCaseFactory(area=tree.wushan, received_on=date(2026, 10, 9))
    MediationCaseFactory(
        area=tree.ruidu,
        received_on=date(2026, 9, 20),
        status="closed",
        outcome="failure",
        closed_on=date(2026, 10, 2),
    )
    MediationCaseFactory(area=tree.tuandao, received_on=date(2026, 10, 9))

    CampaignActivityFactory(
        area=tree.ruidu,
        campaign_id="red_heritage",
        date=date(2026, 10, 12),
        people_reached=120,
        lecturer=c5,
        **LECTURE,
    )
    CampaignActivityFactory(
        area=tree.wushan,
        campaign_id="red_heritage",
        date=date(2026, 10, 25),
        people_reached=80,
        lecturer=c5,
        **LECTURE,
    )
    CampaignActivityFactory(area=tree.ruidu, date=date(2026, 10, 1))  # civilised customs

    Need.objects.create(area=tree.ruidu, title="楼道议事", status=Need.Status.OPEN)
    Need.objects.create(area=tree.wushan, title="法律咨询", status=Need.Status.MATCHED)
    checkin = CheckIn.objects.create(
        area=tree.ruidu, name="新报到", source="self", status=CheckIn.Status.CONFIRMED, cadre=c3
    )
    CheckIn.objects.filter(pk=checkin.pk).update(decided_at=at(date(2026, 10, 11)))

    laoshan = {
        "cadres": 5, "checkins": 1, "volunteers": 4, "hours_month": Decimal("12.5"),
        "hours_year": Decimal("17.5"), "service_activities": 3, "cases_received": 2,
        "cases_resolved": 2, "success_rate": Decimal("50.0"), "lectures": 2, "audience": 200,
        "needs_open": 1, "needs_matched": 1,
    }  # fmt: skip
    jinjialing = {
        "cadres": 3, "checkins": 1, "volunteers": 3, "hours_month": Decimal("8.5"),
        "hours_year": Decimal("13.5"), "service_activities": 2, "cases_received": 1,
        "cases_resolved": 2, "success_rate": Decimal("50.0"), "lectures": 1, "audience": 120,
        "needs_open": 1, "needs_matched": 0,
    }  # fmt: skip
    return World({"370212": laoshan, "370212005": jinjialing, "370212005001": jinjialing})


def random_months(tree: Any, seed: int) -> None:
    """Activity in every community of both districts from July to November 2026."""
    build(tree)
    chance = random.Random(seed)
    places = [tree.ruidu, tree.miaoling, tree.wushan, tree.qiantaiju, tree.tuandao]
    people: list[Cadre] = []
    for place in places:
        for month in MONTHS:
            day = month.start + timedelta(days=chance.randrange(28))
            people += cadres(place, chance.randrange(3), day)
    for place in places:
        team = TeamFactory(area=place, residents=2)
        residents = list(team.members.filter(cadre__isnull=True))
        for month in MONTHS:
            for _ in range(chance.randrange(1, 4)):
                day = month.start + timedelta(days=chance.randrange(28))
                activity = ServiceActivityFactory(team=team, date=day)
                for person in chance.sample(people, 3):  # from anywhere, as in life
                    record = hours(activity, str(chance.choice(["0.5", "2", "7.5", "24"])),
                                   cadre=person)  # fmt: skip
                    if chance.random() < 0.2:
                        ServiceRecord.objects.filter(pk=record.pk).update(
                            status=ServiceRecord.Status.DECLINED, decline_reason="重复录入"
                        )
                hours(activity, "3", cadre=None, member=chance.choice(residents))
        TeamMemberFactory(team=team)
    for place in places:
        for month in MONTHS:
            confirmed = chance.random() < 0.7
            checkin = CheckInFactory(area=place)
            CheckIn.objects.filter(pk=checkin.pk).update(
                status=CheckIn.Status.CONFIRMED if confirmed else CheckIn.Status.PENDING,
                cadre=chance.choice(people) if confirmed else None,
                decided_at=at(month.start + timedelta(days=chance.randrange(28))),
            )
