"""Demo data of the registry: cadres in every community, and the people the article names.

Deterministic (a seeded Faker) and idempotent: records are keyed by their ID numbers, so a
second run finds them and changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from faker import Faker

from laoshan_portal.accounts.models import Area
from laoshan_portal.crypto import blind_index
from laoshan_portal.scoping import Scope

from . import services
from .models import Cadre, Post, ServiceKind, SpecialtyTag
from .validators import id_check_character

EVERYTHING = Scope(area=None, unrestricted=True)
# Cadres per compound: 金家岭街道 carries the article's post figures, so it has more.
PER_COMPOUND = {"金家岭街道": 15}
PER_COMPOUND_DEFAULT = 6

UNITS = [
    "崂山区税务局", "崂山区教育和体育局", "崂山区卫生健康局", "崂山区财政局",
    "崂山区人民法院", "崂山区人民检察院", "崂山区住房和城乡建设局", "崂山区民政局",
    "崂山区司法局", "青岛市公安局崂山分局", "崂山区退役军人事务局", "崂山区文化和旅游局",
    "崂山区农业农村局", "沙子口街道办事处", "王哥庄街道办事处",
]  # fmt: skip
POSTS = ["科员", "副科长", "科长", "副局长", "局长", "主任", "副主任", "调研员", "教师", "医生"]
# One in thirty lives alone, a third as a couple: the care list's share stays plausible.
LIVING = ["with_children"] * 18 + ["empty_nest"] * 11 + ["alone"]
RANKS = ["科员", "副科级", "正科级", "副处级", "正处级", "一级主任科员", "二级调研员"]


@dataclass(frozen=True)
class NamedCadre:
    name: str
    gender: str
    birth: date
    compound: str
    former_unit: str
    former_post: str
    retirement: date
    specialties: tuple[str, ...]
    notes: str = ""
    rank: str = ""


# People the articles name, with what they say of them; the rest (birth days, a unit the
# articles do not give) is invented.
NAMED = [
    NamedCadre("于通海", "M", date(1963, 9, 12), "康城小区", "崂山区税务局", "干部",
               date(2023, 9, 1), ("物业管理", "财务会计", "矛盾调解"),
               "业委会主任、小区党委书记；牵头“周一夜话”议事机制"),
    NamedCadre("官华", "M", date(1960, 5, 3), "千泰居小区", "崂山区退役军人事务局", "局长",
               date(2020, 6, 1), ("党建工作", "经济管理"), "千泰居小区党支部书记", "一级调研员"),
    NamedCadre("韩卫", "F", date(1966, 3, 15), "瑞纳花园小区", "中车青岛四方车辆研究所有限公司",
               "党务工作", date(2020, 4, 1), ("党建工作", "文体活动"),
               "从事党务工作二十多年；瑞纳花园小区党支部书记、楼长；老年大学朗诵、国学、瑜伽学员"),
    NamedCadre("钟昭群", "F", date(1952, 3, 8), "午山花园小区", "崂山区教育和体育局", "教师",
               date(2007, 4, 1), ("红色宣讲", "教育", "文化艺术"),
               "老干协理事，红色宣讲队成员"),
    NamedCadre("谭俊龄", "M", date(1950, 7, 16), "金岭花园小区", "崂山区民政局", "副局长",
               date(2010, 8, 1), ("党建工作", "矛盾调解")),
    NamedCadre("庄金杰", "M", date(1954, 10, 8), "金岭新苑小区", "崂山区人民政府办公室",
               "主任", date(2014, 11, 1), ("党建工作", "经济管理"), "崂山区老干部协会会长"),
]  # fmt: skip
# The posts the articles name: cadre, post, organisation, from.
NAMED_POSTS = [
    ("于通海", Post.Kind.SECRETARY, "康城小区党委", date(2023, 11, 1)),
    ("于通海", Post.Kind.OWNERS_CHAIR, "康城小区业主委员会", date(2023, 11, 1)),
    ("官华", Post.Kind.SECRETARY, "千泰居小区党支部", date(2021, 3, 1)),
    ("韩卫", Post.Kind.SECRETARY, "瑞纳花园小区党支部", date(2023, 3, 1)),
    ("韩卫", Post.Kind.BUILDING_LEADER, "瑞纳花园小区党支部", date(2021, 5, 1)),
]


def _id_number(birth: date, serial: int, female: bool) -> str:
    # The 17th digit is odd for men and even for women.
    sequence = serial % 100 * 10 + (serial % 5) * 2 + (0 if female else 1)
    first17 = f"370212{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17)


def _record(
    *,
    area: Area,
    name: str,
    gender: str,
    birth: date,
    serial: int,
    fields: dict[str, object],
    specialties: list[SpecialtyTag],
    kinds: list[ServiceKind],
) -> tuple[Cadre, bool]:
    id_number = _id_number(birth, serial, gender == "F")
    existing = Cadre.objects.filter(id_number_hash=blind_index(id_number)).first()
    if existing is not None:
        return existing, False
    data = {
        "area": area,
        "name": name,
        "gender": gender,
        "birth_date": birth,
        "id_number": id_number,
        "political_status": "party_member",
        "retirement_kind": "lixiu" if birth.year < 1932 else "tuixiu",
        **fields,
    }
    cadre = services.cadre_create(
        scope=EVERYTHING, actor=None, data=data, specialties=specialties, service_kinds=kinds
    )
    return cadre, True


@transaction.atomic
def seed_cadres() -> int:
    """Create the demo registry; returns how many records were added."""
    fake = Faker("zh_CN")
    tags = list(SpecialtyTag.objects.all())
    kinds = list(ServiceKind.objects.all())
    by_name = {tag.name: tag for tag in tags}
    added = 0
    for index, person in enumerate(NAMED):
        compound = Area.objects.get(name=person.compound, level=Area.Level.COMPOUND)
        _cadre, created = _record(
            area=compound,
            name=person.name,
            gender=person.gender,
            birth=person.birth,
            serial=900 + index,
            fields={
                "former_unit": person.former_unit,
                "former_post": person.former_post,
                "retirement_date": person.retirement,
                "mobile": f"1390532{index:04d}",
                "specialty_notes": person.notes,
                "rank": person.rank,
                "party_relation": "residence",
                "available_time": "any",
                "max_distance": "community",
            },
            specialties=[by_name[name] for name in person.specialties],
            kinds=kinds[:3],
        )
        added += created
    serial = 0
    compounds = Area.objects.filter(level=Area.Level.COMPOUND).select_related("parent__parent")
    for compound in compounds.order_by("path"):
        street = compound.parent.parent.name if compound.parent and compound.parent.parent else ""
        for index in range(PER_COMPOUND.get(street, PER_COMPOUND_DEFAULT)):
            serial += 1
            # Each person's values depend on their place alone, so a new tag or area
            # elsewhere does not change who the demo people are.
            rng = random.Random(f"{compound.code}-{index}")  # noqa: S311 - demo data  # nosec B311
            fake.seed_instance(f"{compound.code}-{index}")
            female = rng.random() < 0.45
            # Born 1946–1965: about one in twenty is over 80, as in a district's registry.
            birth = date(1946, 1, 1) + timedelta(days=rng.randrange(0, 365 * 20))
            retired = date(birth.year + (55 if female else 60), rng.randrange(1, 13), 1)
            _cadre, created = _record(
                area=compound,
                name=fake.last_name()
                + (fake.first_name_female() if female else fake.first_name_male()),
                gender="F" if female else "M",
                birth=birth,
                serial=serial,
                fields={
                    "political_status": rng.choice(["party_member"] * 8 + ["masses"]),
                    "former_unit": rng.choice(UNITS),
                    "former_post": rng.choice(POSTS),
                    "rank": rng.choice(RANKS),
                    "retirement_date": retired if retired < date(2026, 1, 1) else None,
                    "mobile": f"13{rng.randrange(5, 10)}{rng.randrange(10**8):08d}",
                    "address": f"{compound.name}{rng.randrange(1, 30)}号楼",
                    "living_arrangement": rng.choice(LIVING),
                    "self_care": rng.choice(["full"] * 58 + ["partial", "none"]),
                    "available_time": rng.choice(["any", "weekdays", "weekends", "occasional"]),
                    "max_distance": rng.choice(["compound", "community", "street", "district"]),
                    "party_relation": rng.choice(["former_unit", "residence"]),
                },
                specialties=rng.sample(tags, k=rng.randrange(1, 4)),
                kinds=rng.sample(kinds, k=rng.randrange(1, 3)),
            )
            added += created
    return added


@transaction.atomic
def seed_posts_needs_and_checkins() -> dict[str, int]:
    """The article's post figures for 金家岭街道, some open needs, and a few check-ins."""
    from .checkins.services import (
        checkin_confirm,
        checkin_register,
        checkin_reject,
        checkin_submit,
    )
    from .demo_posts import seed_posts_and_needs
    from .models import CheckIn

    street = Area.objects.get(name="金家岭街道", level=Area.Level.STREET)
    by_area: dict[Area, list[Cadre]] = {}
    cadres = Cadre.objects.filter(area__path__startswith=street.path, status="active")
    for cadre in cadres.select_related("area").order_by("pk"):
        by_area.setdefault(cadre.area, []).append(cadre)
    seed_named_posts()
    counts = seed_posts_and_needs(street=street, cadres_by_area=by_area)
    ruidu = Area.objects.get(name="瑞都社区", level=Area.Level.COMMUNITY)
    if not CheckIn.objects.filter(area=ruidu).exists():
        compound = ruidu.children.order_by("code").first()
        law = list(SpecialtyTag.objects.filter(name__in=["法律", "矛盾调解"]))
        waiting = [
            ("孙立新", "13953201001", _id_number(date(1957, 4, 2), 801, False)),
            ("周雅琴", "13953201002", _id_number(date(1961, 9, 18), 802, True)),
            ("吴国庆", "13953201003", _id_number(date(1949, 10, 1), 803, False)),
        ]
        made = [
            checkin_submit(
                community=ruidu,
                compound=compound,
                name=name,
                mobile=mobile,
                id_number=number,
                specialties=law,
            )
            for name, mobile, number in waiting
        ]
        checkin_register(
            scope=EVERYTHING,
            actor=None,
            residence=compound or ruidu,
            name="郑淑华",
            mobile="13953201004",
            id_number=_id_number(date(1955, 2, 14), 804, True),
            note="无智能手机，由社区代为登记",
        )
        checkin_confirm(
            scope=EVERYTHING,
            actor=None,
            checkin=made[0],
            gender="M",
            birth_date=date(1957, 4, 2),
            political_status="party_member",
        )
        checkin_reject(scope=EVERYTHING, actor=None, checkin=made[2], reason="不在本社区居住")
        counts["checkins"] = 4
    return counts


def seed_named_posts() -> None:
    """The posts the articles name, once."""
    for name, kind, organisation, start in NAMED_POSTS:
        cadre = Cadre.objects.get(name=name, status=Cadre.Status.ACTIVE)
        Post.objects.get_or_create(
            cadre=cadre, kind=kind, organisation=organisation,
            defaults={"area": cadre.area, "start_date": start},
        )  # fmt: skip


def seed() -> dict[str, int]:
    """The registry's demo step of ``seed_demo``."""
    made = {"cadres": seed_cadres()}
    spread_registrations()
    made.update(seed_posts_needs_and_checkins())
    return made


def spread_registrations(months: int = 36) -> None:
    """Date the records just added over the last ``months`` months, as a real registry grew.

    Dashboards count the records on file at each month's end; a demo registered all on
    one day would show an empty past. Records older than a day keep their date.
    """
    now = timezone.now()
    fresh = Cadre.objects.filter(created_at__gte=now - timedelta(days=1))
    for bucket in range(1, months):
        fresh.filter(pk__in=_bucket(bucket, months)).update(
            created_at=now - timedelta(days=bucket * 30)
        )


def _bucket(bucket: int, months: int) -> models.QuerySet[Cadre, dict[str, Any]]:
    return Cadre.objects.annotate(slot=models.F("pk") % months).filter(slot=bucket).values("pk")
