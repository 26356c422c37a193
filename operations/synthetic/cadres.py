"""A large synthetic registry for benchmarks (``manage.py synth_cadres``, ``synth_data``).

Rows have the shape ``cadre_create`` gives them (stripped name, its pinyin and initials,
normalised and valid ID and mobile numbers with their keyed hashes, encrypted sensitive
fields) but are written with ``bulk_create``, 5,000 at a time: going through the service
would take hours for 200,000 records. No history events or audit entries are written:
these are not records anybody created. Every synthetic row's address starts with
``SYNTH_MARK`` so that ``--clear`` removes exactly them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction
from faker import Faker

from cadres.models import (
    Cadre,
    CadreEvent,
    CheckIn,
    NeedAssignment,
    Post,
    ServiceKind,
    SpecialtyTag,
)
from cadres.pinyin import name_initials, name_pinyin
from cadres.validators import id_check_character
from laoshan_portal import clock
from laoshan_portal.accounts.demo import seed_areas
from laoshan_portal.accounts.models import Area
from laoshan_portal.crypto import blind_index

CHUNK = 5_000
SYNTH_MARK = "【合成】"
# Compounds of this street get this many times the records of the others (the street the
# bureau's article is about, and the street staff account of the benchmark).
HEAVY_STREET, HEAVY_WEIGHT = "金家岭街道", 3
# County codes of Qingdao other than Laoshan's 370212, which the demo records use: the
# synthetic ID numbers can never meet a demo one.
REGIONS = ["370202", "370203", "370211", "370213", "370214", "370281", "370283", "370285"]
UNITS = [
    "崂山区税务局", "崂山区教育和体育局", "崂山区卫生健康局", "崂山区财政局",
    "崂山区人民法院", "崂山区人民检察院", "崂山区住房和城乡建设局", "崂山区民政局",
    "崂山区司法局", "青岛市公安局崂山分局", "崂山区退役军人事务局", "崂山区文化和旅游局",
    "崂山区农业农村局", "沙子口街道办事处", "王哥庄街道办事处", "青岛市市立医院",
    "青岛大学", "海尔集团", "青岛港集团", "中国石化青岛炼化",
]  # fmt: skip
POSTS = ["科员", "副科长", "科长", "副局长", "局长", "主任", "副主任", "调研员", "教师", "医生"]
RANKS = ["科员", "副科级", "正科级", "副处级", "正处级", "一级主任科员", "二级调研员"]
ILLNESSES = ["", "", "", "高血压", "糖尿病", "冠心病", "关节炎"]


def synth_clear() -> int:
    """Delete the synthetic records and what hangs on them (posts, assignments, check-ins)."""
    ids = list(
        Cadre.objects.filter(address__startswith=SYNTH_MARK)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with transaction.atomic():
            # PROTECT relations first: seed_demo run after synth may have used these rows.
            NeedAssignment.objects.filter(cadre_id__in=chunk).delete()
            Post.objects.filter(cadre_id__in=chunk).delete()
            CheckIn.objects.filter(cadre_id__in=chunk).delete()
            CadreEvent.objects.filter(cadre_id__in=chunk).delete()
            Cadre.specialties.through.objects.filter(cadre_id__in=chunk).delete()
            Cadre.service_kinds.through.objects.filter(cadre_id__in=chunk).delete()
            Cadre.objects.filter(pk__in=chunk).delete()
    return len(ids)


def _compounds(root: Area | None = None) -> tuple[list[Area], list[int]]:
    """The compounds (under ``root`` if given); those of the busiest demo street weigh more."""
    found = Area.objects.filter(level=Area.Level.COMPOUND)
    if root is not None:
        found = found.filter(path__startswith=root.path)
    compounds = list(found.select_related("parent__parent").order_by("path"))
    if not compounds:
        if root is not None:
            raise CommandError(f"{root.name} has no compounds to put cadres in.")
        seed_areas()
        return _compounds()
    weights = [
        HEAVY_WEIGHT if c.parent and c.parent.parent and c.parent.parent.name == HEAVY_STREET else 1
        for c in compounds
    ]
    return compounds, weights


def synth_cadres(*, count: int, seed: int, progress: Any = print, root: Area | None = None) -> int:
    """Add ``count`` records spread over all compounds (or those under ``root``)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security  # nosec B311
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    compounds, weights = _compounds(root)
    tags = list(SpecialtyTag.objects.values_list("pk", flat=True))
    kinds = list(ServiceKind.objects.values_list("pk", flat=True))
    # Hashes already taken (earlier runs, demo records): ID numbers must stay unique.
    taken = set(Cadre.objects.exclude(id_number_hash=None).values_list("id_number_hash", flat=True))
    specialty_link = Cadre.specialties.through
    service_link = Cadre.service_kinds.through
    today = clock.today()
    made = 0
    while made < count:
        size = min(CHUNK, count - made)
        rows: list[Cadre] = []
        picked: list[tuple[list[int], list[int]]] = []
        for compound in rng.choices(compounds, weights=weights, k=size):
            female = rng.random() < 0.45
            name = fake.last_name() + (
                fake.first_name_female() if female else fake.first_name_male()
            )
            # Ages 55 to 96, most in their sixties and seventies.
            age_days = int(rng.triangular(55 * 365, 96 * 365, 66 * 365))
            birth = today - timedelta(days=age_days)
            while True:
                sequence = rng.randrange(500) * 2 + (0 if female else 1)
                first17 = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{sequence:03d}"
                id_number = first17 + id_check_character(first17)
                id_hash = blind_index(id_number)
                if id_hash not in taken:
                    taken.add(id_hash)
                    break
            mobile = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            retired = date(birth.year + (55 if female else 60), rng.randrange(1, 13), 1)
            rows.append(
                Cadre(
                    area=compound,
                    name=name,
                    name_pinyin=name_pinyin(name),
                    name_initials=name_initials(name),
                    gender="F" if female else "M",
                    birth_date=birth,
                    id_number=id_number,
                    id_number_hash=id_hash,
                    mobile=mobile,
                    mobile_hash=blind_index(mobile),
                    political_status=rng.choice(
                        ["party_member"] * 7 + ["probationary", "democratic_party", "masses"]
                    ),
                    former_unit=rng.choice(UNITS),
                    former_post=rng.choice(POSTS),
                    rank=rng.choice(RANKS),
                    retirement_date=retired if retired < today else None,
                    retirement_kind="lixiu" if birth.year < 1932 else "tuixiu",
                    address=f"{SYNTH_MARK}{compound.name}{rng.randrange(1, 40)}号楼",
                    party_relation=rng.choice(["former_unit", "residence"]),
                    living_arrangement=rng.choice(["empty_nest", "with_children", "alone"]),
                    self_care=rng.choice(["full"] * 8 + ["partial", "none"]),
                    mobility=rng.choice(["good"] * 8 + ["limited", "wheelchair"]),
                    chronic_conditions=rng.choice(ILLNESSES),
                    available_time=rng.choice(["any", "weekdays", "weekends", "occasional"]),
                    max_distance=rng.choice(["compound", "community", "street", "district"]),
                    status=rng.choice(["active"] * 18 + ["moved", "deceased"]),
                )
            )
            picked.append(
                (rng.sample(tags, k=rng.randrange(0, 4)), rng.sample(kinds, k=rng.randrange(0, 3)))
            )
        with transaction.atomic():
            # bulk_create goes through get_prep_value, so EncryptedTextField encrypts here.
            created = Cadre.objects.bulk_create(rows)
            specialty_link.objects.bulk_create(
                [
                    specialty_link(cadre_id=cadre.pk, specialtytag_id=pk)
                    for cadre, (tag_ids, _kinds) in zip(created, picked, strict=True)
                    for pk in tag_ids
                ]
            )
            service_link.objects.bulk_create(
                [
                    service_link(cadre_id=cadre.pk, servicekind_id=pk)
                    for cadre, (_tags, kind_ids) in zip(created, picked, strict=True)
                    for pk in kind_ids
                ]
            )
        made += size
        progress(f"  {made:,} / {count:,}")
    return made
