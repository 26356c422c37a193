"""Demo funds of 崂山区: a year's budget by source, allocations to the workrooms, the
volunteer teams, the five campaigns, care visits and the activity centre, and a few hundred
spending records entered by the bureau's administrator and approved by its finance officer.

Deterministic, and idempotent: a district that already has this year's lines is left as
it is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from campaigns.models import Campaign, CampaignActivity
from laoshan_portal import clock
from laoshan_portal.accounts.models import Area, User
from laoshan_portal.scoping import Scope
from volunteering.models import ServiceActivity, Team
from workrooms.models import Activity as WorkroomActivity
from workrooms.models import Workroom

from . import services
from .models import Allocation, BudgetLine, PurposeKind, Source

EVERYTHING = Scope(area=None, unrestricted=True)
BUDGET = {
    Source.FISCAL: Decimal("1200000.00"),
    Source.PARTY_DUES: Decimal("300000.00"),
    Source.OTHER: Decimal("80000.00"),
}
PAYEES = ["崂山区利群超市", "青岛印刷有限公司", "崂山区文化用品店", "青岛交运集团", "崂山区医院"]


@dataclass
class Plan:
    """One allocation: its purpose, money, and what its spending pays for."""

    source: str
    kind: str
    purpose: str
    area: Area
    amount: Decimal
    records: int
    links: dict[str, Any]
    activities: list[tuple[str, Any]]


def _plans(district: Area, day: date) -> list[Plan]:
    plans = []
    for workroom in Workroom.objects.filter(area__path__startswith=district.path):
        done = WorkroomActivity.objects.filter(workroom=workroom, date__lte=day)
        plans.append(
            Plan(
                Source.FISCAL,
                PurposeKind.WORKROOM,
                workroom.name,
                workroom.area,
                Decimal("30000.00"),
                8,
                {"workroom": workroom},
                [("workroom_activity", a) for a in done[:8]],
            )
        )
    for team in Team.objects.filter(area__path__startswith=district.path):
        served = ServiceActivity.objects.filter(team=team, date__lte=day)
        plans.append(
            Plan(
                Source.PARTY_DUES,
                PurposeKind.TEAM,
                team.name,
                team.area,
                Decimal("5000.00"),
                6,
                {"team": team},
                [("service_activity", a) for a in served[:6]],
            )
        )
    for code in Campaign.Code:
        logged = CampaignActivity.objects.filter(
            campaign_id=code, area__path__startswith=district.path, date__lte=day
        )
        plans.append(
            Plan(
                Source.FISCAL,
                PurposeKind.CAMPAIGN,
                str(code.label),
                district,
                Decimal("40000.00"),
                20,
                {},
                [("campaign_activity", a) for a in logged[:20]],
            )
        )
    plans.append(
        Plan(
            Source.PARTY_DUES,
            PurposeKind.CARE,
            "重阳节走访慰问老干部",
            district,
            Decimal("60000.00"),
            30,
            {},
            [],
        )
    )
    plans.append(
        Plan(
            Source.OTHER,
            PurposeKind.COURSE,
            "老年大学书法课教材",
            district,
            Decimal("20000.00"),
            10,
            {},
            [],
        )
    )
    plans.append(
        Plan(
            Source.FISCAL,
            PurposeKind.VENUE,
            "老干部活动中心维护",
            district,
            Decimal("100000.00"),
            12,
            {},
            [],
        )
    )
    return plans


def _spend(
    plan: Plan,
    allocation: Allocation,
    admin: User,
    finance: User,
    start: date,
    today: date,
    rng: random.Random,
) -> int:
    budget = plan.amount * Decimal("0.8") / plan.records
    span = max((today - start).days, 1)
    for index in range(plan.records):
        link: dict[str, Any] = {}
        day = start + timedelta(days=rng.randrange(span))
        if index < len(plan.activities):
            field, activity = plan.activities[index]
            link = {field: activity}
            day = max(activity.date, start)
        amount = (budget * Decimal(rng.randint(40, 100)) / 100).quantize(Decimal("0.01"))
        spending = services.spending_create(
            scope=EVERYTHING,
            actor=admin,
            allocation=allocation,
            day=day,
            payee=rng.choice(PAYEES),
            amount=amount,
            description=plan.purpose,
            **link,
        )
        services.spending_approve(scope=EVERYTHING, actor=finance, spending=spending)
    return plan.records


@transaction.atomic
def seed() -> dict[str, int]:
    """Add this year's demo budget of 崂山区 unless it has one; returns what was added."""
    district = Area.objects.filter(name="崂山区", parent__isnull=True).first()
    admin = User.objects.filter(username="laoshan_admin").first()
    finance = User.objects.filter(username="laoshan_finance").first()
    today = clock.today()
    if district is None or admin is None or finance is None:
        return {"budget lines": 0, "allocations": 0, "spending records": 0}
    if BudgetLine.objects.filter(area=district, year=today.year).exists():
        return {"budget lines": 0, "allocations": 0, "spending records": 0}
    start = date(today.year, 1, 1)
    lines = {
        source: services.budget_line_create(
            scope=EVERYTHING,
            actor=admin,
            area=district,
            year=today.year,
            source=source,
            amount=amount,
        )
        for source, amount in BUDGET.items()
    }
    rng = random.Random(2026)  # noqa: S311 - demo amounts  # nosec B311
    allocations = records = 0
    for plan in _plans(district, today):
        allocation = services.allocation_create(
            scope=EVERYTHING,
            actor=admin,
            line=lines[Source(plan.source)],
            area=plan.area,
            day=start,
            purpose_kind=plan.kind,
            purpose=plan.purpose,
            amount=plan.amount,
            **plan.links,
        )
        allocations += 1
        records += _spend(plan, allocation, admin, finance, start, today, rng)
    return {"budget lines": len(lines), "allocations": allocations, "spending records": records}
