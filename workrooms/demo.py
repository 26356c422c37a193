"""Demo workrooms, their activities, a co-building cluster and deliberation, from the article.

Eight workrooms, two of them demonstration workrooms (于通海's at 康城小区 and 谭俊龄's in
his own compound), the others spread over the streets; a cluster in 金家岭街道; about three
activities per workroom in the last months; 周一夜话 at 康城小区 with its meetings, 半月谈
with 雍州物业, and the 82-item improvement agreement that put ¥500,000 back into the
jointly supervised sunshine account. Deterministic and idempotent: each record is known by
its name, title or text, so a second run adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope

from . import services
from .models import (
    Activity,
    ActivityKind,
    Agreement,
    AgreementItem,
    Cluster,
    FollowUp,
    Mechanism,
    Meeting,
    Workroom,
)

EVERYTHING = Scope(area=None, unrestricted=True)
OLD_PARTY_MEMBER = Workroom.Kind.OLD_PARTY_MEMBER
OLD_SECRETARY = Workroom.Kind.OLD_SECRETARY


@dataclass(frozen=True)
class Plan:
    name: str
    kind: str
    area: str
    lead: str  # a named cadre, or "" for the first active cadre of the area
    founded: date
    branch: str
    demonstration: bool = False


PLANS = [
    Plan("于通海老党员工作室", OLD_PARTY_MEMBER, "康城小区", "于通海", date(2021, 7, 1),
         "康城小区党委", demonstration=True),
    Plan("谭俊龄老党员工作室", OLD_PARTY_MEMBER, "金岭花园小区", "谭俊龄", date(2020, 10, 1),
         "金岭花园小区党支部", demonstration=True),
    Plan("官华老书记工作室", OLD_SECRETARY, "千泰居小区", "官华", date(2022, 3, 1),
         "千泰居小区党支部"),
    Plan("韩卫老党员工作室", OLD_PARTY_MEMBER, "瑞纳花园小区", "韩卫", date(2022, 6, 1),
         "瑞纳花园小区党支部"),
    Plan("钟昭群老党员工作室", OLD_PARTY_MEMBER, "午山花园小区", "钟昭群", date(2021, 5, 1),
         "午山社区党委"),
    Plan("沙子口社区老书记工作室", OLD_SECRETARY, "沙子口社区", "", date(2022, 9, 1),
         "沙子口社区党委"),
    Plan("王哥庄社区老党员工作室", OLD_PARTY_MEMBER, "王哥庄社区", "", date(2023, 4, 1),
         "王哥庄社区党委"),
    Plan("北宅社区老书记工作室", OLD_SECRETARY, "北宅社区", "", date(2023, 7, 1),
         "北宅社区党委"),
]  # fmt: skip

# kind, summary, days ago, people served: three per workroom, a different set each.
ACTIVITIES: list[list[tuple[str, str, int, int]]] = [
    [
        (ActivityKind.DELIBERATION, "议事：小区停车位重新划线与收费公示", 12, 60),
        (ActivityKind.VOLUNTEERING, "志愿服务：楼道杂物清理与消防通道疏通", 40, 120),
        (ActivityKind.SHARING, "经验分享：业委会换届与物业监督的做法", 75, 35),
    ],
    [
        (ActivityKind.LECTURE, "宣讲：党的二十届三中全会精神进小区", 9, 80),
        (ActivityKind.PAIRING, "结对帮扶：走访独居老人并登记需求", 33, 18),
        (ActivityKind.DELIBERATION, "议事：加装电梯费用分摊方案", 68, 42),
    ],
    [
        (ActivityKind.TRAINING, "培训：楼长、党建联络员履职培训", 15, 30),
        (ActivityKind.DELIBERATION, "议事：垃圾分类投放点调整", 45, 55),
        (ActivityKind.VOLUNTEERING, "志愿服务：义务理发与健康咨询", 80, 70),
    ],
    [
        (ActivityKind.SHARING, "经验分享：老旧小区改造中的居民沟通", 20, 25),
        (ActivityKind.VOLUNTEERING, "志愿服务：小区绿化补植", 52, 40),
        (ActivityKind.OTHER, "重阳节座谈会", 90, 36),
    ],
    [
        (ActivityKind.LECTURE, "宣讲：王佳文烈士与午山村民的故事", 6, 95),
        (ActivityKind.PAIRING, "结对帮扶：辅导困境儿童功课", 38, 12),
        (ActivityKind.TRAINING, "培训：红色宣讲员讲稿打磨", 70, 15),
    ],
    [
        (ActivityKind.DELIBERATION, "议事：渔港码头环境整治", 18, 48),
        (ActivityKind.VOLUNTEERING, "志愿服务：防溺水安全巡查", 47, 150),
        (ActivityKind.SHARING, "经验分享：村改居后的邻里互助", 85, 30),
    ],
    [
        (ActivityKind.LECTURE, "宣讲：乡村振兴政策解读", 11, 110),
        (ActivityKind.PAIRING, "结对帮扶：茶农电商销售指导", 43, 20),
        (ActivityKind.DELIBERATION, "议事：村道路灯维修", 77, 38),
    ],
    [
        (ActivityKind.VOLUNTEERING, "志愿服务：樱桃采摘季交通疏导", 14, 200),
        (ActivityKind.TRAINING, "培训：农村移风易俗宣传骨干", 50, 28),
        (ActivityKind.OTHER, "老党员政治生日", 88, 22),
    ],
]

CLUSTER_NAME = "金家岭街道老党员工作室片区联建"
CLUSTER_WORKROOMS = [
    "于通海老党员工作室",
    "谭俊龄老党员工作室",
    "官华老书记工作室",
    "韩卫老党员工作室",
]
JOINT_ACTIVITIES = [
    (ActivityKind.SHARING, "片区联建：四个工作室交流议事经验", 25, 60),
    (ActivityKind.VOLUNTEERING, "片区联建：联合开展“银龄先锋”便民服务日", 58, 240),
]

# 周一夜话 at 康城小区: the issues raised, the decision and its follow-ups (done or open).
MONDAY_MEETINGS: list[tuple[int, int, str, str, list[tuple[str, str, int, bool]]]] = [
    (4, 23, "电动车楼道充电隐患；地下车库漏水", "物业本月加装充电桩；车库防水纳入维修计划",
     [("加装集中充电桩 20 个", "雍州物业", 20, False), ("车库漏水点排查", "雍州物业", 10, True)]),
    (11, 19, "小区东门夜间照明不足", "更换东门路灯，业委会监督",
     [("更换东门路灯 6 盏", "雍州物业", 7, True)]),
    (18, 27, "公共收益账目不清", "公共收益进入三方共管阳光账户，按月公示",
     [("公共收益按月公示", "业委会", 30, True), ("开设阳光账户", "业委会", 14, True)]),
    (25, 21, "绿化带被占用种菜", "劝导恢复绿化，由楼长分片包干",
     [("楼长分片劝导", "于通海", 14, False)]),
]  # fmt: skip
HALF_MONTHLY_MEETINGS: list[tuple[int, int, str, str, list[tuple[str, str, int, bool]]]] = [
    (7, 9, "物业服务提升协议落实进度", "82 项中已完成 61 项，其余列入下月计划",
     [("剩余 21 项整改计划", "雍州物业", 15, False)]),
    (21, 10, "保洁频次与垃圾清运时间", "垃圾清运改为早七点前完成",
     [("调整垃圾清运时间", "雍州物业", 3, True)]),
]  # fmt: skip
AGREEMENT_ITEMS = [
    ("更换小区东门、北门路灯", "done"),
    ("地下车库防水维修", "in_progress"),
    ("加装电动车集中充电桩", "in_progress"),
    ("公共收益按月公示", "done"),
    ("楼道墙面粉刷", "open"),
]


def _area(name: str) -> Area:
    found = Area.objects.filter(name=name).order_by("depth", "pk").first()
    if found is None:
        raise LookupError(f"the demo has no area {name}: run the area seed first")
    return found


def _cadres_in(area: Area, count: int) -> list[Cadre]:
    return list(
        Cadre.objects.filter(area__path__startswith=area.path, status=Cadre.Status.ACTIVE)
        .order_by("pk")[:count]
    )  # fmt: skip


def _workroom(plan: Plan) -> tuple[Workroom, bool]:
    area = _area(plan.area)
    existing = Workroom.objects.filter(area=area, name=plan.name).first()
    if existing is not None:
        return existing, False
    if plan.lead:
        lead = Cadre.objects.filter(name=plan.lead).order_by("pk").first()
    else:
        lead = next(iter(_cadres_in(area, 1)), None)
    if lead is None:
        raise LookupError(f"no cadre to lead {plan.name}: run cadres.demo first")
    members = [c for c in _cadres_in(area, 6) if c.pk != lead.pk][:4]
    workroom = services.workroom_create(
        scope=EVERYTHING,
        actor=None,
        data={
            "area": area,
            "name": plan.name,
            "kind": plan.kind,
            "founded_on": plan.founded,
            "is_demonstration": plan.demonstration,
            "supervising_branch": plan.branch,
            "description": "支部牵头、工作室聚力：在社区党群服务中心开展议事、宣讲和志愿服务。",
        },
        lead=lead,
        members=members,
    )
    return workroom, True


def _activity(
    today: date, *, owner: Workroom | Cluster, kind: str, summary: str, ago: int, served: int,
    **links: Any,
) -> bool:  # fmt: skip
    is_cluster = isinstance(owner, Cluster)
    if Activity.objects.filter(**{"cluster" if is_cluster else "workroom": owner},
                               summary=summary).exists():  # fmt: skip
        return False
    services.activity_create(
        scope=EVERYTHING,
        actor=None,
        data={
            "date": today - timedelta(days=ago),
            "kind": kind,
            "people_served": served,
            "summary": summary,
        },  # fmt: skip
        workroom=None if is_cluster else owner,  # type: ignore[arg-type]
        cluster=owner if is_cluster else None,  # type: ignore[arg-type]
        **links,
    )
    return True


def _mechanism(area: Area, name: str, **data: Any) -> Mechanism:
    existing = Mechanism.objects.filter(area=area, name=name).first()
    if existing is not None:
        return existing
    return services.mechanism_create(
        scope=EVERYTHING, actor=None, data={"area": area, "name": name, **data}
    )


def _meetings(
    today: date, mechanism: Mechanism, plans: list[tuple[int, int, str, str, Any]]
) -> int:
    made = 0
    for ago, count, issues, decisions, follow_ups in plans:
        if Meeting.objects.filter(mechanism=mechanism, issues=issues).exists():
            continue
        held = today - timedelta(days=ago)
        meeting = services.meeting_create(
            scope=EVERYTHING,
            actor=None,
            mechanism=mechanism,
            data={
                "date": held,
                "attendee_count": count,
                "issues": issues,
                "decisions": decisions,
                "attendees": "业委会、物业、楼长、居民代表",
            },  # fmt: skip
        )
        for description, owner, due_in, done in follow_ups:
            services.follow_up_create(
                scope=EVERYTHING,
                actor=None,
                meeting=meeting,
                data={
                    "description": description,
                    "owner": owner,
                    "due_on": held + timedelta(days=due_in),
                    "status": FollowUp.Status.DONE if done else FollowUp.Status.OPEN,
                },
            )
        made += 1
    return made


def _deliberation(today: date, workroom: Workroom) -> dict[str, int]:
    kangcheng = _area("康城小区")
    monday = _mechanism(
        kangcheng,
        "周一夜话",
        kind=Mechanism.Kind.MONDAY_NIGHT,
        host_workroom=workroom,
        frequency="每周一晚七点",
        parties="小区党委、业委会、楼长、居民",
        notes="于通海牵头，居民有事周一晚上来说。",
    )
    half = _mechanism(
        kangcheng,
        "康城小区半月谈",
        kind=Mechanism.Kind.HALF_MONTHLY,
        host_workroom=workroom,
        frequency="每半月一次",
        parties="业委会、雍州物业",
    )
    _mechanism(
        _area("金岭花园小区"),
        "金岭花园三方联席会议",
        kind=Mechanism.Kind.JOINT_MEETING,
        host_workroom=Workroom.objects.get(name="谭俊龄老党员工作室"),
        frequency="每月一次",
        parties="物业、业委会、居民代表",
    )
    meetings = _meetings(today, monday, MONDAY_MEETINGS)
    meetings += _meetings(today, half, HALF_MONTHLY_MEETINGS)
    agreements = 0
    title = "康城小区物业服务提升协议"
    agreement = Agreement.objects.filter(area=kangcheng, title=title).first()
    if agreement is None:
        agreement = services.agreement_create(
            scope=EVERYTHING,
            actor=None,
            data={
                "area": kangcheng,
                "mechanism": half,
                "title": title,
                "date": today - timedelta(days=120),
                "parties": "康城小区业委会、雍州物业、社区党委",
                "item_count": 82,
                "money_recovered": Decimal("500000.00"),
                "money_destination": "三方共管阳光账户",
                "notes": "追回业主公共收益 50 万元，进入三方共管的阳光账户。",
            },
        )
        agreements = 1
    for number, (text, status) in enumerate(AGREEMENT_ITEMS, start=1):
        if not AgreementItem.objects.filter(agreement=agreement, number=number).exists():
            services.agreement_item_create(
                scope=EVERYTHING,
                actor=None,
                agreement=agreement,
                data={"number": number, "text": text, "status": status},
            )
    return {"meetings": meetings, "agreements": agreements}


@transaction.atomic
def seed() -> dict[str, int]:
    """Add the demo workrooms and deliberation that are missing; returns what was added."""
    today = timezone.localdate()
    made = {"workrooms": 0, "activities": 0, "clusters": 0}
    workrooms: dict[str, Workroom] = {}
    for plan, activities in zip(PLANS, ACTIVITIES, strict=True):
        workroom, created = _workroom(plan)
        workrooms[plan.name] = workroom
        made["workrooms"] += created
        people = list(workroom.members.order_by("pk"))
        for index, (kind, summary, ago, served) in enumerate(activities):
            made["activities"] += _activity(
                today,
                owner=workroom,
                kind=kind,
                summary=summary,
                ago=ago,
                served=served,
                participants=people[: 2 + index],
            )
    cluster = Cluster.objects.filter(name=CLUSTER_NAME).first()
    if cluster is None:
        cluster = services.cluster_create(
            scope=EVERYTHING,
            actor=None,
            data={
                "area": _area("金家岭街道"),
                "name": CLUSTER_NAME,
                "description": "共享经验、共同实践、志愿服务、结对帮扶。",
            },  # fmt: skip
            workrooms=[workrooms[name] for name in CLUSTER_WORKROOMS],
        )
        made["clusters"] += 1
    leads = [workrooms[name].lead for name in CLUSTER_WORKROOMS]
    for kind, summary, ago, served in JOINT_ACTIVITIES:
        made["activities"] += _activity(
            today,
            owner=cluster,
            kind=kind,
            summary=summary,
            ago=ago,
            served=served,
            participants=leads,
            joint_workrooms=[workrooms[name] for name in CLUSTER_WORKROOMS],
        )
    made.update(_deliberation(today, workrooms["于通海老党员工作室"]))
    return made
