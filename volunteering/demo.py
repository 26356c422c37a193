"""Demo data of volunteering: 35 volunteer teams led by cadres with a year of activities
and hours, the 和事佬 mediation teams and the red lecture team.

Deterministic (one seeded random generator per team) and idempotent: teams are found by
area and name, and a team that has activities already gets none added.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from faker import Faker

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope

from . import services
from .models import Certificate, ServiceActivity, ServiceRecord, Team, TeamMember

EVERYTHING = Scope(area=None, unrestricted=True)
BRANDS = ("山海夕阳红", "银龄先锋")
TITLES = [
    "清扫楼道", "文明劝导", "关爱空巢老人", "政策宣讲", "环境整治", "治安巡逻", "义诊服务",
    "垃圾分类宣传", "助老送餐", "植树护绿", "反诈宣传", "交通疏导", "邻里互助", "旧衣回收",
]  # fmt: skip
PLACES = ["党群服务中心", "小区广场", "社区服务站", "老年活动室", "小区门口"]


@dataclass(frozen=True)
class TeamPlan:
    area: str  # a community or compound name
    name: str
    brand: str
    leader: str = ""  # a named cadre, else the first of the area's cadres
    every: int = 7  # an activity every so many days
    hours: Decimal = Decimal(3)


# The article's people lead the busiest teams, so every star level shows up.
NAMED_TEAMS = [
    TeamPlan("康城小区", "康城小区平安巡逻队", "山海夕阳红", "于通海", every=1,
             hours=Decimal("4.5")),
    TeamPlan("金岭花园小区", "金岭花园银龄先锋服务队", "银龄先锋", "谭俊龄", every=1,
             hours=Decimal(4)),
    TeamPlan("千泰居小区", "千泰居山海夕阳红志愿服务队", "山海夕阳红", "官华", every=2,
             hours=Decimal(6)),
    TeamPlan("瑞纳花园小区", "瑞纳花园银龄先锋志愿服务队", "银龄先锋", "韩卫", every=2,
             hours=Decimal("5.5")),
    TeamPlan("午山社区", "午山社区山海夕阳红志愿服务队", "山海夕阳红", every=2, hours=Decimal(4)),
]  # fmt: skip
VOLUNTEER_TEAMS = 35
TEAM_CADRES = (7, 10)  # cadres joining a team besides its leader: 300-odd in 35 teams
# The core who come most times: the leader nearly every time, the next two less often,
# each for their own usual stretch (hours less than the leader's).
CORE = ((0.97, Decimal(0)), (0.9, Decimal("0.5")), (0.8, Decimal(1)))
MEDIATION_COMMUNITIES = [
    "瑞都社区", "金家岭社区", "苗岭社区", "午山社区", "东韩社区", "张村社区",
    "沙子口社区", "南九水社区", "王哥庄社区", "北宅社区", "卧龙社区",
]  # fmt: skip
LECTURE_TEAM = "崂山区红色宣讲队"


def _plans() -> list[TeamPlan]:
    """The named teams, then one per community (by code) until there are 35."""
    plans = list(NAMED_TEAMS)
    taken = {plan.area for plan in plans}
    communities = Area.objects.filter(level=Area.Level.COMMUNITY).order_by("code")
    index = 0
    for community in communities:
        if len(plans) >= VOLUNTEER_TEAMS:
            break
        if community.name in taken:
            continue
        brand = BRANDS[index % 2] if index % 3 else ""
        name = f"{community.name}{brand or '志愿'}服务队"
        # Ten teams meet twice a week, the others weekly.
        plans.append(TeamPlan(community.name, name, brand, every=3 if index < 10 else 7))
        index += 1
    # More teams than communities: a second team in the busiest street's communities.
    extra = Area.objects.filter(level=Area.Level.COMPOUND, parent__name="金家岭社区")
    for compound in extra.order_by("code"):
        if len(plans) >= VOLUNTEER_TEAMS:
            break
        plans.append(TeamPlan(compound.name, f"{compound.name}银龄先锋服务队", "银龄先锋"))
    return plans


def _area(name: str) -> Area:
    return Area.objects.filter(name=name).order_by("depth").first()  # type: ignore[return-value]


def _pool(area: Area, used: set[int]) -> list[Cadre]:
    """Active cadres living in ``area`` or, if too few, in its street; unused ones first."""
    cadres = list(
        Cadre.objects.filter(area__path__startswith=area.path, status="active").order_by("pk")
    )
    if len([c for c in cadres if c.pk not in used]) < 12 and area.parent is not None:
        street = area.parent if area.level == Area.Level.COMMUNITY else area.parent.parent
        if street is not None:
            more = Cadre.objects.filter(area__path__startswith=street.path, status="active")
            cadres += [c for c in more.order_by("pk") if c not in cadres]
    return [c for c in cadres if c.pk not in used] + [c for c in cadres if c.pk in used]


def _team(
    *, area: Area, name: str, kind: str, brand: str, leader: Cadre | None, founded: date
) -> tuple[Team, bool]:
    team = Team.objects.filter(area=area, name=name).first()
    if team is not None:
        return team, False
    team = services.team_create(
        scope=EVERYTHING,
        actor=None,
        area=area,
        name=name,
        kind=kind,
        brand=brand,
        leader=leader,
        founded=founded,
    )
    return team, True


def _activities(team: Team, plan: TeamPlan, members: list[TeamMember], today: date) -> int:
    """A year of activities with hours, written in bulk (tens of thousands of rows).

    Every row obeys the services' rules by construction: dates up to today, one entry per
    person and activity, at most 6 hours a person a day (each person is in one team).
    """
    if team.activities.exists():
        return 0
    rng = random.Random(team.name)  # noqa: S311 - demo data  # nosec B311
    core = members[:3]
    others = members[3:]
    start = today - timedelta(days=365)
    days = [start + timedelta(days=n) for n in range(0, 365, plan.every)]
    activities = ServiceActivity.objects.bulk_create(
        ServiceActivity(
            team=team,
            date=day,
            title=rng.choice(TITLES),
            place=f"{team.area.name}{rng.choice(PLACES)}",
            content="",
        )
        for day in days
    )
    # A team smaller than its core has fewer in it (``strict=False``).
    usual = {
        m.pk: (chance, plan.hours - less) for m, (chance, less) in zip(core, CORE, strict=False)
    }
    records = []
    for activity in activities:
        present = [m for m in core if rng.random() < usual[m.pk][0]]
        present += [m for m in others if rng.random() < 0.4]
        for member in present:
            records.append(
                ServiceRecord(
                    activity=activity,
                    cadre_id=member.cadre_id,
                    member=None if member.cadre_id else member,
                    date=activity.date,
                    hours=usual[member.pk][1]
                    if member in core
                    else Decimal(rng.choice([2, 2.5, 3])),
                )
            )
    ServiceRecord.objects.bulk_create(records, batch_size=2000)
    return len(activities)


def _residents(team: Team, rng: random.Random, fake: Faker) -> list[TeamMember]:
    found = list(team.members.filter(cadre__isnull=True).order_by("pk"))
    if found:
        return found
    made = []
    for index in range(2):
        name = fake.last_name() + fake.first_name()
        # One with a phone, one without: staff enter that one's hours.
        phone = f"1355{rng.randrange(10**7):07d}" if index == 0 else ""
        made.append(
            services.team_resident_add(
                scope=EVERYTHING, actor=None, team=team, name=name, phone=phone
            )
        )
    return made


@transaction.atomic
def seed_volunteer_teams(today: date) -> dict[str, int]:
    fake = Faker("zh_CN")
    used: set[int] = set()
    counts = {"volunteer teams": 0, "activities": 0}
    for plan in _plans():
        area = _area(plan.area)
        rng = random.Random(plan.name)  # noqa: S311 - demo data  # nosec B311
        fake.seed_instance(plan.name)
        pool = _pool(area, used)
        leader = Cadre.objects.get(name=plan.leader) if plan.leader else pool[0]
        team, created = _team(
            area=area,
            name=plan.name,
            kind=Team.Kind.VOLUNTEER,
            brand=plan.brand,
            leader=leader,
            founded=date(2019 + rng.randrange(6), rng.randrange(1, 13), 1),
        )
        counts["volunteer teams"] += created
        if created:
            chosen = [c for c in pool if c.pk != leader.pk][: rng.randrange(*TEAM_CADRES)]
            services.team_cadres_add(scope=EVERYTHING, actor=None, team=team, cadres=chosen)
        current = list(team.members.filter(cadre__isnull=False).order_by("pk"))
        used.update(m.cadre_id for m in current)  # type: ignore[misc]
        # The leader first: the core who come every time.
        current.sort(key=lambda m: (m.cadre_id != leader.pk, m.pk))
        residents = _residents(team, rng, fake)
        counts["activities"] += _activities(team, plan, current + residents, today)
    return counts


@transaction.atomic
def seed_mediation_and_lecture_teams() -> dict[str, int]:
    made = 0
    for name in MEDIATION_COMMUNITIES:
        community = Area.objects.get(name=name, level=Area.Level.COMMUNITY)
        pool = list(
            Cadre.objects.filter(area__path__startswith=community.path, status="active").order_by(
                "pk"
            )
        )
        mediators = [c for c in pool if c.specialties.filter(name__in=["矛盾调解", "法律"])]
        chosen = (mediators + [c for c in pool if c not in mediators])[:5]
        if name == "瑞都社区":
            chosen = [Cadre.objects.get(name="于通海"), *chosen[:4]]
        team, created = _team(
            area=community,
            name=f"{name}和事佬调解队",
            kind=Team.Kind.MEDIATION,
            brand="和事佬",
            leader=chosen[0],
            founded=date(2021, 3, 1),
        )
        if created:
            services.team_cadres_add(scope=EVERYTHING, actor=None, team=team, cadres=chosen[1:])
            made += 1
    district = Area.objects.get(name="崂山区", level=Area.Level.DISTRICT)
    lecturer = Cadre.objects.get(name="钟昭群")
    team, created = _team(
        area=district,
        name=LECTURE_TEAM,
        kind=Team.Kind.LECTURE,
        brand="",
        leader=lecturer,
        founded=date(2018, 7, 1),
    )
    if created:
        speakers = Cadre.objects.filter(specialties__name="红色宣讲", status="active")
        others = [c for c in speakers.order_by("pk").distinct() if c.pk != lecturer.pk][:8]
        services.team_cadres_add(scope=EVERYTHING, actor=None, team=team, cadres=others)
        made += 1
    return {"mediation and lecture teams": made}


@transaction.atomic
def seed_certificate(today: date) -> int:
    """A certificate for 于通海's last twelve months, as the district would issue it."""
    holder = Cadre.objects.get(name="于通海")
    if Certificate.objects.filter(cadre=holder).exists():
        return 0
    if not holder.service_records.exists():
        return 0
    services.certificate_issue(
        scope=EVERYTHING,
        actor=None,
        cadre=holder,
        period_start=today - timedelta(days=365),
        period_end=today,
    )
    return 1


def seed() -> dict[str, int]:
    """The volunteering demo step of ``seed_demo``."""
    today = timezone.localdate()
    made = seed_volunteer_teams(today)
    made.update(seed_mediation_and_lecture_teams())
    made["certificates"] = seed_certificate(today)
    return made
