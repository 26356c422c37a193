"""Demo data of accounts: the Laoshan area tree and the five demo staff accounts.

Names the source article gives are used as they are (瑞都社区 with 千泰居小区 and 瑞纳花园小区
in 金家岭街道, 午山社区 in 中韩街道, 康城小区); the others are plausible fillers so that every
street has several communities and every community several compounds.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import Area, Role, User

DISTRICT = ("370212", "崂山区")

# street code suffix, street name, communities (name, [compounds])
TREE: list[tuple[str, str, list[tuple[str, list[str]]]]] = [
    (
        "001",
        "中韩街道",
        [
            ("午山社区", ["午山花园小区", "午山新苑小区", "松岭嘉园小区", "午山东里小区"]),
            ("东韩社区", ["东韩家园小区", "海韵园小区", "东韩新居小区"]),
            ("西韩社区", ["西韩人家小区", "石岭花园小区", "西韩嘉苑小区"]),
            ("张村社区", ["张村河畔小区", "张村北苑小区", "张村南苑小区", "枫林小区"]),
            ("刘家下庄社区", ["下庄新苑小区", "刘家花园小区", "下庄东里小区"]),
            ("埠西社区", ["埠西家园小区", "埠西花园小区", "海泉居小区"]),
        ],
    ),
    (
        "002",
        "沙子口街道",
        [
            ("沙子口社区", ["沙港花园小区", "渔港新居小区", "沙子口东苑小区"]),
            ("南九水社区", ["九水山庄小区", "南九水新村小区", "溪谷小区"]),
            ("大河东社区", ["河东家园小区", "东山苑小区", "大河东新居小区"]),
            ("段家埠社区", ["段家埠花园小区", "海岸小区", "埠东新居小区"]),
            ("登瀛社区", ["登瀛梅园小区", "登瀛新苑小区", "瀛海小区"]),
        ],
    ),
    (
        "003",
        "王哥庄街道",
        [
            ("王哥庄社区", ["王哥庄新村小区", "庄园小区", "王哥庄北苑小区", "青云小区"]),
            ("港东社区", ["港东新居小区", "渔家小区", "港东花园小区"]),
            ("晓望社区", ["晓望新苑小区", "晓望山庄小区", "望海小区"]),
            ("青山社区", ["青山渔村小区", "青山新居小区", "山海居小区"]),
            ("仰口社区", ["仰口湾小区", "仰口花园小区", "太清苑小区"]),
        ],
    ),
    (
        "004",
        "北宅街道",
        [
            ("北宅社区", ["北宅新苑小区", "北宅花园小区", "樱桃园小区"]),
            ("东乌衣巷社区", ["乌衣巷新居小区", "东巷花园小区", "巷口小区"]),
            ("卧龙社区", ["卧龙山庄小区", "卧龙新村小区", "龙潭小区"]),
            ("我乐社区", ["我乐新居小区", "我乐花园小区", "乐山居小区"]),
            ("华阴社区", ["华阴新苑小区", "华阴花园小区", "华楼小区"]),
        ],
    ),
    (
        "005",
        "金家岭街道",
        [
            ("瑞都社区", ["千泰居小区", "瑞纳花园小区", "康城小区", "瑞都东苑小区"]),
            ("金家岭社区", ["金岭花园小区", "金岭新苑小区", "金家岭东里小区", "岭海居小区"]),
            ("苗岭社区", ["苗岭花园小区", "苗岭东苑小区", "海天居小区"]),
            ("株洲路社区", ["株洲路花园小区", "株洲新苑小区", "天泰小区"]),
            ("海尔路社区", ["海尔路家园小区", "海岸城小区", "银都花园小区"]),
            ("浮山后社区", ["浮山新苑小区", "浮山花园小区", "石老人小区"]),
        ],
    ),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    area_name: str
    role: Role


ACCOUNTS = [
    DemoAccount("laoshan_admin", "区委老干部局管理员", "崂山区", Role.ADMIN),
    DemoAccount("laoshan_finance", "区委老干部局财务审核", "崂山区", Role.ADMIN),
    DemoAccount("jinjialing", "金家岭街道工作人员", "金家岭街道", Role.STREET_STAFF),
    DemoAccount("ruidu", "王建波", "瑞都社区", Role.SECRETARY),  # 瑞都社区党委书记
    DemoAccount("wushan", "午山社区党委书记", "午山社区", Role.SECRETARY),
    DemoAccount("leader", "区领导", "崂山区", Role.VIEWER),
]


def _area(code: str, name: str, level: str, parent: Area | None) -> Area:
    path = f"{parent.path if parent else '/'}{code}/"
    area, _ = Area.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "level": level,
            "parent": parent,
            "path": path,
            "depth": (parent.depth + 1) if parent else 0,
        },
    )
    return area


@transaction.atomic
def seed_areas() -> int:
    """Create or refresh the Laoshan tree; returns how many areas it has."""
    district = _area(DISTRICT[0], DISTRICT[1], Area.Level.DISTRICT, None)
    count = 1
    for street_suffix, street_name, communities in TREE:
        street = _area(DISTRICT[0] + street_suffix, street_name, Area.Level.STREET, district)
        count += 1
        for c_index, (community_name, compounds) in enumerate(communities, start=1):
            community = _area(
                f"{street.code}{c_index:03d}", community_name, Area.Level.COMMUNITY, street
            )
            count += 1
            for k_index, compound_name in enumerate(compounds, start=1):
                _area(
                    f"{community.code}-{k_index:02d}", compound_name, Area.Level.COMPOUND, community
                )
                count += 1
    return count


@transaction.atomic
def seed_accounts(password: str) -> list[DemoAccount]:
    """Create the demo accounts, or reset them to their demo area, role and password."""
    from .roles import role_group

    for account in ACCOUNTS:
        area = Area.objects.get(
            name=account.area_name, parent__isnull=account.area_name == "崂山区"
        )
        user, _ = User.objects.get_or_create(username=account.username)
        user.name, user.area, user.role = account.name, area, account.role
        user.is_staff, user.is_active = True, True
        if not user.check_password(password):  # a second run leaves the password's history
            user.set_password(password)
            user.password_changed_at = timezone.now()
        user.save()
        user.groups.set([role_group(account.role)])
    return ACCOUNTS
