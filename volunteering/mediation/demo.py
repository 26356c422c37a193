"""Demo data of mediation: 10 和事佬 teams and the article's 23 mediated disputes.

Deterministic and idempotent: teams are found by area and name, cases by area and
summary, so a second run changes nothing. Dates count back from today, so some follow-up
visits are due and some judicial-confirmation windows are open whenever it is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction

from cadres.models import Cadre
from laoshan_portal import clock
from laoshan_portal.accounts.models import Area
from laoshan_portal.scoping import Scope
from volunteering.models import Team

from . import services
from .models import MediationCase

EVERYTHING = Scope(area=None, unrestricted=True)
TEAM_TARGET = 10
# (area name, team name, a named cadre who mediates there)
TEAMS = [
    ("康城小区", "康城和事佬调解队", "于通海"),
    ("千泰居小区", "千泰居和事佬调解队", "官华"),
    ("瑞纳花园小区", "瑞纳花园和事佬调解队", "韩卫"),
    ("金岭花园小区", "金岭花园和事佬调解队", "谭俊龄"),
    ("午山社区", "午山和事佬调解队", ""),
    ("苗岭社区", "苗岭和事佬调解队", ""),
    ("沙子口社区", "沙子口和事佬调解队", ""),
    ("王哥庄社区", "王哥庄和事佬调解队", ""),
    ("北宅社区", "北宅和事佬调解队", ""),
    ("东韩社区", "东韩和事佬调解队", ""),
]


@dataclass(frozen=True)
class DemoCase:
    category: str
    source: str
    summary: str
    parties: tuple[tuple[str, str], ...]  # (name, role)
    days_ago: int  # received this many days before today
    outcome: str
    agreement: str = ""  # written / oral
    items: tuple[str, ...] = ()
    follow_up: str = ""  # result of the visit logged, "" for none (then it may be due)
    judicial: str = ""  # decision recorded on a written agreement


A, R = "applicant", "respondent"
CASES = [
    DemoCase("neighbourhood", "application", "楼道长期堆放杂物，影响通行和消防安全",
             (("周桂兰", A), ("陈立新", R)), 300, "success", "written",
             ("陈立新三日内清理楼道杂物", "双方今后共同维护楼道整洁"), "performed", "not_applied"),
    DemoCase("neighbourhood", "initiative", "楼上装修噪音扰民，双方多次争吵",
             (("李淑珍", A), ("王浩", R)), 280, "success", "oral", (), "performed"),
    DemoCase("housing_land", "application", "楼上卫生间漏水致楼下天花板受损",
             (("赵红梅", A), ("孙建军", R)), 260, "success", "written",
             ("孙建军负责维修卫生间防水", "孙建军赔偿赵红梅天花板修复费用1200元",
              "维修完成后双方共同验收"), "performed", "applied"),
    DemoCase("damages", "police", "小区内电动车与行人碰撞，医药费承担有争议",
             (("刘桂芳", A), ("张志强", R)), 250, "success", "written",
             ("张志强一次性支付医药费及误工费共计3500元", "双方就此事不再追究"),
             "performed", "applied"),
    DemoCase("marriage_family", "application", "子女之间赡养老人费用分担纠纷",
             (("王秀英", A), ("王建华", R), ("王建国", R)), 240, "success", "written",
             ("王建华、王建国每月各支付母亲赡养费800元", "医疗费用由兄弟二人平均分担",
              "每周轮流探望母亲"), "partly", "not_applied"),
    DemoCase("neighbourhood", "application", "占用公共车位引发邻里矛盾",
             (("马德胜", A), ("吴海涛", R)), 220, "success", "oral", (), "performed"),
    DemoCase("contract", "application", "房屋租赁到期押金退还纠纷",
             (("郑丽", A), ("冯国庆", R)), 200, "success", "written",
             ("冯国庆退还押金3000元中的2600元", "其余400元抵扣损坏家具维修费"),
             "performed", "not_applied"),
    DemoCase("neighbourhood", "initiative", "饲养大型犬未拴绳，邻居受到惊吓",
             (("何秀兰", A), ("许明", R)), 190, "success", "oral", (), "performed"),
    DemoCase("business", "government", "樱桃园灌溉用水分配纠纷",
             (("曲春生", A), ("曲永福", R)), 180, "success", "written",
             ("按种植面积轮流使用灌溉水源", "水泵电费按用水时长分摊", "由村委会监督执行"),
             "performed", "not_applied"),
    DemoCase("damages", "application", "高空坠物砸坏停放车辆",
             (("高振东", A), ("林晓燕", R)), 170, "failed"),
    DemoCase("housing_land", "court", "农村宅基地界址争议",
             (("姜永胜", A), ("姜永利", R)), 160, "referred"),
    DemoCase("neighbourhood", "application", "空调外机正对邻居窗户，噪音和热风扰民",
             (("韩玉兰", A), ("邵伟", R)), 150, "success", "written",
             ("邵伟将空调外机移至北侧墙面", "移机费用由邵伟承担"), "performed", "not_applied"),
    DemoCase("contract", "application", "家庭装修工程款结算纠纷",
             (("蒋丽华", A), ("青岛某装饰工程队", R)), 140, "success", "written",
             ("装饰工程队十日内完成卫生间返工", "返工验收合格后蒋丽华支付尾款8000元"),
             "performed", "applied"),
    DemoCase("business", "initiative", "渔船停靠泊位使用纠纷",
             (("于海波", A), ("于海涛", R)), 130, "success", "oral", (), "performed"),
    DemoCase("marriage_family", "application", "离婚后子女探视时间安排纠纷",
             (("孙丽娜", A), ("刘强", R)), 120, "failed"),
    DemoCase("neighbourhood", "application", "小区树木遮挡低层住户采光",
             (("钱秀云", A), ("物业服务中心", R)), 110, "success", "written",
             ("物业服务中心一个月内修剪遮挡树木", "每年春季定期修剪"), "performed", "not_applied"),
    DemoCase("other", "initiative", "广场舞活动时间和音量引发居民矛盾",
             (("杜桂英", A), ("宋玉华", R)), 100, "success", "oral"),
    DemoCase("contract", "government", "物业费收缴与服务质量纠纷",
             (("业主代表黄建平", A), ("物业服务中心", R)), 90, "referred"),
    DemoCase("damages", "application", "装修施工损坏邻居墙面瓷砖",
             (("潘志刚", A), ("田玉梅", R)), 75, "success", "written",
             ("田玉梅负责修复损坏瓷砖", "修复前向潘志刚赔礼道歉"), "", "not_applied"),
    DemoCase("business", "application", "茶园采摘用工报酬纠纷",
             (("袁美华", A), ("王哥庄某茶叶合作社", R)), 60, "failed"),
    DemoCase("neighbourhood", "application", "楼道私装监控摄像头涉及隐私",
             (("董秀珍", A), ("唐国梁", R)), 52, "success", "oral"),
    DemoCase("housing_land", "application", "一楼住户私搭围栏占用公共绿地",
             (("范建英", A), ("贾长青", R)), 38, "success", "written",
             ("贾长青十五日内拆除围栏", "恢复绿地由物业协助", "双方互谅互让")),
    DemoCase("marriage_family", "police", "老年再婚家庭财产纠纷",
             (("石玉珍", A), ("石建民", R)), 20, "success", "written",
             ("婚前房产归石玉珍个人所有", "共同生活期间的存款按协议分配")),
]  # fmt: skip


def _teams() -> list[Team]:
    """The 和事佬 teams the cases go to: the existing ones, topped up to ten from TEAMS."""
    teams = list(Team.objects.filter(kind=Team.Kind.MEDIATION).select_related("area"))
    for area_name, name, cadre_name in TEAMS:
        if len(teams) >= TEAM_TARGET:
            break
        area = Area.objects.filter(name=area_name).order_by("path").first()
        if area is None or any(t.area_id == area.pk and t.name == name for t in teams):
            continue
        leader = _mediators(area, cadre_name)[:1]
        team, _ = Team.objects.get_or_create(
            area=area,
            name=name,
            defaults={"kind": Team.Kind.MEDIATION, "leader": leader[0] if leader else None},
        )
        teams.append(team)
    # The same order on every run, whoever made the teams, so each case finds its team again.
    return sorted(teams, key=lambda team: (team.area.path, team.name))


def _mediators(area: Area, named: str = "") -> list[Cadre]:
    """Two mediators for a team's area: a cadre the article names who lives there (or
    ``named``) first, then other residents of the area."""
    nearby = Cadre.objects.filter(
        area__path__startswith=area.path, status=Cadre.Status.ACTIVE
    ).order_by("name_pinyin", "pk")
    names = [named] if named else [cadre_name for _a, _t, cadre_name in TEAMS if cadre_name]
    found: list[Cadre] = list(nearby.filter(name__in=names)[:1])
    for cadre in nearby[:3]:
        if len(found) < 2 and cadre not in found:
            found.append(cadre)
    return found


def _phone(index: int, party: int) -> str:
    return f"1390532{index:02d}{party:02d}"


@transaction.atomic
def seed() -> dict[str, int]:
    teams_before = Team.objects.filter(kind=Team.Kind.MEDIATION).count()
    teams = _teams()
    made = 0
    if not teams:
        return {"teams": 0, "cases": 0}
    named = {name: cadre_name for _area, name, cadre_name in TEAMS}
    today = clock.today()
    for index, spec in enumerate(CASES):
        team = teams[index % len(teams)]
        if MediationCase.objects.filter(summary=spec.summary).exists():
            continue
        mediators = _mediators(team.area, named.get(team.name, ""))
        if not mediators:
            continue  # a registry without cadres there: nobody to mediate
        received = today - timedelta(days=spec.days_ago)
        case = services.case_create(
            scope=EVERYTHING,
            actor=None,
            area=team.area,
            received_on=received,
            category=spec.category,
            source=spec.source,
            team=team,
            mediators=mediators,
            summary=spec.summary,
            parties=[
                services.PartyData(name=name, role=role, phone=_phone(index, number))
                for number, (name, role) in enumerate(spec.parties)
            ],
        )
        services.record_create(
            scope=EVERYTHING,
            actor=None,
            case=case,
            date=received + timedelta(days=2),
            mediators=mediators,
            attendees="双方当事人",
            content="分别听取双方陈述，释法说理，初步沟通解决方案。",
        )
        services.record_create(
            scope=EVERYTHING,
            actor=None,
            case=case,
            date=received + timedelta(days=7),
            mediators=mediators[:1],
            attendees="双方当事人、社区网格员",
            content="面对面调解，双方就主要分歧交换意见。",
        )
        closed = received + timedelta(days=10)
        services.case_close(
            scope=EVERYTHING,
            actor=None,
            case=case,
            outcome=spec.outcome,
            closed_on=closed,
            agreement_kind=spec.agreement,
            agreement_signed_on=closed if spec.agreement == "written" else None,
            agreement_copies=len(spec.parties) + 1 if spec.agreement == "written" else None,
            items=spec.items,
            referred_to="崂山区人民法院诉调对接中心" if spec.outcome == "referred" else "",
            outcome_notes="双方分歧较大，一方拒绝继续调解，已告知通过诉讼途径解决。"
            if spec.outcome == "failed"
            else "",
        )
        if spec.judicial:
            services.judicial_set(
                scope=EVERYTHING,
                actor=None,
                case=case,
                decision=spec.judicial,
                on=closed + timedelta(days=5),
            )
        if spec.follow_up:
            services.follow_up_create(
                scope=EVERYTHING,
                actor=None,
                case=case,
                date=closed + timedelta(days=30),
                result=spec.follow_up,
                notes="电话回访并上门查看，协议履行情况良好。"
                if spec.follow_up == "performed"
                else "部分款项尚未支付，已督促履行。",
            )
        made += 1
    return {
        "teams": Team.objects.filter(kind=Team.Kind.MEDIATION).count() - teams_before,
        "cases": made,
    }
