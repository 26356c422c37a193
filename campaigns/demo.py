"""Demo activities of the five campaigns, with the article's figures.

Red-heritage lectures in 40 grassroots units with 5,400+ listeners, 钟昭群 giving 24 of
them on local stories; proposals, trainings, the three youth programmes and customs
activities, spread over the last twelve months. Deterministic, and idempotent: an activity
is known by its campaign, title and area, so a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope

from . import services
from .models import Campaign, CampaignActivity

EVERYTHING = Scope(area=None, unrestricted=True)
Code = Campaign.Code
Venue = CampaignActivity.VenueType

# unit, venue type, the community that logs it
UNITS: list[tuple[str, str, str]] = [
    ("崂山区税务局", Venue.ORGAN, "金家岭社区"),
    ("崂山区教育和体育局", Venue.ORGAN, "株洲路社区"),
    ("崂山区卫生健康局", Venue.ORGAN, "海尔路社区"),
    ("崂山区财政局", Venue.ORGAN, "金家岭社区"),
    ("崂山区人民法院", Venue.ORGAN, "株洲路社区"),
    ("崂山区人民检察院", Venue.ORGAN, "海尔路社区"),
    ("崂山区司法局", Venue.ORGAN, "浮山后社区"),
    ("崂山区民政局", Venue.ORGAN, "苗岭社区"),
    ("中韩街道办事处", Venue.ORGAN, "午山社区"),
    ("金家岭街道办事处", Venue.ORGAN, "瑞都社区"),
    ("崂山区实验小学", Venue.SCHOOL, "金家岭社区"),
    ("崂山区第二实验小学", Venue.SCHOOL, "苗岭社区"),
    ("午山小学", Venue.SCHOOL, "午山社区"),
    ("中韩小学", Venue.SCHOOL, "东韩社区"),
    ("张村小学", Venue.SCHOOL, "张村社区"),
    ("沙子口小学", Venue.SCHOOL, "沙子口社区"),
    ("王哥庄小学", Venue.SCHOOL, "王哥庄社区"),
    ("北宅小学", Venue.SCHOOL, "北宅社区"),
    ("崂山区第二中学", Venue.SCHOOL, "西韩社区"),
    ("崂山区第三中学", Venue.SCHOOL, "刘家下庄社区"),
    ("金家岭学校", Venue.SCHOOL, "金家岭社区"),
    ("青岛第二实验初级中学", Venue.SCHOOL, "浮山后社区"),
    ("瑞都社区", Venue.COMMUNITY, "瑞都社区"),
    ("午山社区", Venue.COMMUNITY, "午山社区"),
    ("东韩社区", Venue.COMMUNITY, "东韩社区"),
    ("西韩社区", Venue.COMMUNITY, "西韩社区"),
    ("张村社区", Venue.COMMUNITY, "张村社区"),
    ("金家岭社区", Venue.COMMUNITY, "金家岭社区"),
    ("苗岭社区", Venue.COMMUNITY, "苗岭社区"),
    ("沙子口社区", Venue.COMMUNITY, "沙子口社区"),
    ("王哥庄社区", Venue.COMMUNITY, "王哥庄社区"),
    ("北宅社区", Venue.COMMUNITY, "北宅社区"),
    ("株洲路社区", Venue.COMMUNITY, "株洲路社区"),
    ("浮山后社区", Venue.COMMUNITY, "浮山后社区"),
    ("海尔集团", Venue.ENTERPRISE, "海尔路社区"),
    ("海信集团崂山园区", Venue.ENTERPRISE, "株洲路社区"),
    ("崂山矿泉水有限公司", Venue.ENTERPRISE, "北宅社区"),
    ("青岛国信发展集团", Venue.ENTERPRISE, "浮山后社区"),
    ("青岛银行崂山支行", Venue.ENTERPRISE, "金家岭社区"),
    ("崂山旅游集团", Venue.ENTERPRISE, "沙子口社区"),
]
# 钟昭群's local stories, and the other lecturers' topics.
ZHONG_TOPICS = [
    "人民英雄纪念碑“碑心石”的崂山故事",
    "王佳文烈士与午山村民的鱼水情",
    "台柳路：青岛第一条公路的红色记忆",
]
OTHER_TOPICS = ["崂山抗日游击队的故事", "党史学习：百年征程", "新时代崂山发展成就"]
OTHER_LECTURERS = ["官华", "韩卫", "谭俊龄", "于通海"]
INTO: dict[str, str] = {
    Venue.ORGAN: "机关",
    Venue.SCHOOL: "校园",
    Venue.COMMUNITY: "社区",
    Venue.ENTERPRISE: "企业",
}
AUDIENCE_TOTAL = 5436
AUDIENCE: dict[str, tuple[int, int]] = {
    Venue.ORGAN: (70, 110),
    Venue.SCHOOL: (140, 220),
    Venue.COMMUNITY: (80, 130),
    Venue.ENTERPRISE: (70, 120),
}

PROPOSALS = [
    ("关于张村河片区城市更新的建议", "张村社区", "崂山区住房和城乡建设局", "adopted", "韩卫"),
    ("关于北宅街道乡村振兴特色产业的建议", "北宅社区", "崂山区农业农村局", "partly", "官华"),
    ("关于康城小区老旧小区改造的建议", "瑞都社区", "金家岭街道办事处", "adopted", "于通海"),
    ("关于王哥庄茶产业提质增效的建议", "王哥庄社区", "崂山区农业农村局", "submitted", "官华"),
    ("关于午山社区停车难问题的建议", "午山社区", "中韩街道办事处", "not_adopted", "谭俊龄"),
    ("关于老旧小区加装电梯的建议", "苗岭社区", "崂山区住房和城乡建设局", "partly", "韩卫"),
]
TRAININGS = [
    ("“山海夕阳红”志愿服务骨干培训班", "瑞都社区", 3, 46),
    ("“银龄先锋”志愿服务骨干培训班", "午山社区", 2, 38),
    ("矛盾纠纷调解骨干培训", "金家岭社区", 4, 32),
    ("红色宣讲队骨干培训", "中韩街道", 2, 25),
]
YOUTH = [
    ("扣好人生第一粒扣子：老党员进课堂", "午山社区", "first_button", 6, 180),
    ("扣好人生第一粒扣子：红领巾寻访", "瑞都社区", "first_button", 5, 120),
    ("关爱明天、普法先行：校园普法课", "张村社区", "law_first", 4, 260),
    ("关爱明天、普法先行：防诈骗讲座", "沙子口社区", "law_first", 3, 150),
    ("大手拉小手：暑期托管班", "金家岭社区", "big_hands", 8, 60),
    ("大手拉小手：书法结对", "苗岭社区", "big_hands", 4, 35),
]
CUSTOMS = [
    ("移风易俗：红白喜事简办倡议", "北宅社区", "changing_customs", 320),
    ("业主责任：文明养犬与垃圾分类", "瑞都社区", "owner_duties", 260),
    ("文明礼仪进小区", "午山社区", "civility", 180),
    ("好家风好家训分享会", "东韩社区", "family_virtues", 90),
]


def _days_ago(index: int, total: int) -> timedelta:
    """Spread ``total`` activities over the last twelve months, the newest a few days old."""
    return timedelta(days=3 + index * 355 // max(total, 1))


def _person(name: str) -> Cadre:
    found = Cadre.objects.filter(name=name, status=Cadre.Status.ACTIVE).order_by("pk").first()
    if found is None:
        raise LookupError(f"the registry's demo has no {name}: run cadres.demo first")
    return found


class _Maker:
    def __init__(self) -> None:
        self.today = timezone.localdate()
        self.areas: dict[str, Area] = {}
        self.made: dict[str, int] = {}

    def area(self, name: str) -> Area:
        if name not in self.areas:
            self.areas[name] = Area.objects.get(name=name)
        return self.areas[name]

    def make(
        self, code: str, *, title: str, area: str, ago: timedelta, people: list[Cadre], **data: Any
    ) -> None:
        where = self.area(area)
        if CampaignActivity.objects.filter(campaign_id=code, title=title, area=where).exists():
            return
        services.activity_create(
            scope=EVERYTHING,
            actor=None,
            campaign=code,
            data={"area": where, "date": self.today - ago, "title": title, **data},
            participants=people,
        )
        self.made[code] = self.made.get(code, 0) + 1


def _audiences(visits: list[tuple[str, str, str]]) -> list[int]:
    """Each talk's listeners, by the size of its kind of venue, summing to the articles'
    5,400-odd (``AUDIENCE_TOTAL``)."""
    rng = random.Random(20240701)  # noqa: S311 - demo data  # nosec B311
    drawn = [rng.randint(*AUDIENCE[venue]) for _unit, venue, _community in visits]
    scaled = [value * AUDIENCE_TOTAL // sum(drawn) for value in drawn]
    scaled[0] += AUDIENCE_TOTAL - sum(scaled)
    return scaled


def _lectures(maker: _Maker) -> None:
    zhong = _person("钟昭群")
    others = [_person(name) for name in OTHER_LECTURERS]
    # Every unit once, and the schools and communities that asked for a second talk.
    visits = UNITS + [u for u in UNITS if u[1] in (Venue.SCHOOL, Venue.COMMUNITY)][:8]
    audiences = _audiences(visits)
    for index, (unit, venue, community) in enumerate(visits):
        # Every other talk is 钟昭群's; the team's other lecturers take turns.
        if index % 2 == 0:
            lecturer, topic = zhong, ZHONG_TOPICS[index // 2 % len(ZHONG_TOPICS)]
        else:
            lecturer = others[index // 2 % len(others)]
            topic = OTHER_TOPICS[index // 2 % len(OTHER_TOPICS)]
        visit = "（二）" if index >= len(UNITS) else ""
        maker.make(
            Code.RED_HERITAGE,
            title=f"红色宣讲进{INTO[venue]}：{unit}{visit}",
            area=community,
            ago=_days_ago(index, len(visits)),
            people=[lecturer],
            lecturer=lecturer,
            topic=topic,
            venue_type=venue,
            unit=unit,
            people_reached=audiences[index],
        )


def _the_rest(maker: _Maker) -> None:
    for index, (title, area, to, adoption, author) in enumerate(PROPOSALS):
        maker.make(
            Code.SOCIAL_GOVERNANCE,
            title=title,
            area=area,
            ago=_days_ago(index * 2 + 1, len(PROPOSALS) * 2),
            people=[_person(author)],
            topic=title.removeprefix("关于").removesuffix("的建议"),
            addressed_to=to,
            adoption=adoption,
        )
    for index, (title, area, sessions, attendance) in enumerate(TRAININGS):
        maker.make(
            Code.VOLUNTEER_BACKBONE,
            title=title,
            area=area,
            ago=_days_ago(index * 3 + 1, len(TRAININGS) * 3),
            people=[_person("于通海"), _person("谭俊龄")],
            sessions=sessions,
            attendance=attendance,
        )
    for index, (title, area, programme, count, reached) in enumerate(YOUTH):
        maker.make(
            Code.YOUTH,
            title=title,
            area=area,
            ago=_days_ago(index * 2, len(YOUTH) * 2),
            people=[_person("钟昭群")] if programme == "first_button" else [],
            programme=programme,
            participant_count=count,
            people_reached=reached,
        )
    for index, (title, area, theme, reached) in enumerate(CUSTOMS):
        maker.make(
            Code.CIVILISED_CUSTOMS,
            title=title,
            area=area,
            ago=_days_ago(index * 3 + 2, len(CUSTOMS) * 3),
            people=[],
            theme=theme,
            people_reached=reached,
        )


@transaction.atomic
def seed() -> dict[str, int]:
    """Add the demo activities that are missing; returns how many of each were added."""
    maker = _Maker()
    _lectures(maker)
    _the_rest(maker)
    return {
        "lectures": maker.made.get(Code.RED_HERITAGE, 0),
        "proposals": maker.made.get(Code.SOCIAL_GOVERNANCE, 0),
        "trainings": maker.made.get(Code.VOLUNTEER_BACKBONE, 0),
        "youth activities": maker.made.get(Code.YOUTH, 0),
        "customs activities": maker.made.get(Code.CIVILISED_CUSTOMS, 0),
    }
